package com.bluemarble.infra.stacks;

import static com.bluemarble.infra.config.ResourceNames.AUDIT_REPORTS_BUCKET;
import static com.bluemarble.infra.config.ResourceNames.BACKUPS_BUCKET;
import static com.bluemarble.infra.config.ResourceNames.CONFIG_BUCKET;
import static com.bluemarble.infra.config.ResourceNames.EXPORTS_BUCKET;
import static com.bluemarble.infra.config.ResourceNames.SNAPSHOTS_TABLE;
import static com.bluemarble.infra.config.ResourceNames.SNAPSHOT_ERASURE_TABLE;
import static com.bluemarble.infra.config.ResourceNames.SNAPSHOT_STATES_BUCKET;
import static com.bluemarble.infra.config.ResourceNames.TERRAIN_BUCKET;

import com.bluemarble.infra.config.InfraConfigException;
import com.bluemarble.infra.config.ResourceDefinitions;
import com.bluemarble.infra.config.ResourceDefinitions.BucketDefinition;
import com.bluemarble.infra.config.ResourceDefinitions.KeyDefinition;
import com.bluemarble.infra.config.ResourceDefinitions.QueueDefinition;
import com.bluemarble.infra.config.ResourceDefinitions.TableDefinition;
import com.bluemarble.infra.config.ResourceNames;
import com.bluemarble.infra.stacks.SecureBuckets.Lifecycle;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.PointInTimeRecoverySpecification;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.dynamodb.TableEncryption;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketAttributes;
import software.amazon.awscdk.services.s3.IBucket;
import software.amazon.awscdk.services.s3.ReplicationRule;
import software.amazon.awscdk.services.sqs.DeadLetterQueue;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.constructs.Construct;

/**
 * Per-region data stores: the snapshot queue and its DLQ, the snapshot table and the S3 buckets.
 *
 * <p>Kept apart from the service stack so the storage can be deployed (and smoke-tested against a local AWS
 * emulator) without Lambda, VPC or ElastiCache, and so a service-stack rollback never touches data.
 */
public final class StorageStack extends Stack {

    /** Every bucket in resources.json needs a role; an unknown bucket fails synthesis instead of being skipped. */
    private static final Map<String, Lifecycle> BUCKET_ROLES = Map.of(
            TERRAIN_BUCKET, Lifecycle.TERRAIN,
            BACKUPS_BUCKET, Lifecycle.BACKUPS,
            SNAPSHOT_STATES_BUCKET, Lifecycle.SNAPSHOT_STATES,
            CONFIG_BUCKET, Lifecycle.CONFIG);

    private final Queue snapshotQueue;
    private final Queue snapshotDeadLetterQueue;
    private final Table snapshotsTable;
    private final Bucket terrainBucket;
    private final Bucket backupsBucket;
    private final Bucket snapshotStatesBucket;
    private final Bucket configBucket;
    private final Bucket accessLogsBucket;
    private final Table snapshotErasureTable;
    private final ExportsKey exportsKey;
    private final Bucket exportsBucket;
    private final Bucket auditReportsBucket;

    public StorageStack(
            Construct scope, String id, StackProps props, ResourceDefinitions resources, String backupReplicaRegion) {
        super(scope, id, props);
        String account = getAccount();
        String region = getRegion();

        Set<String> unknown = new java.util.TreeSet<>(
                resources.buckets().stream().map(BucketDefinition::name).toList());
        unknown.removeAll(BUCKET_ROLES.keySet());
        // Created below whether or not the local emulators' resources.json lists them.
        unknown.removeAll(Set.of(EXPORTS_BUCKET, AUDIT_REPORTS_BUCKET));
        if (!unknown.isEmpty()) {
            throw new InfraConfigException("resources.json defines buckets the CDK app has no role for: " + unknown
                    + " (add them to StorageStack.BUCKET_ROLES)");
        }

        QueueDefinition dlqDef = resources.snapshotDeadLetterQueue();
        snapshotDeadLetterQueue = Queue.Builder.create(this, "SnapshotDeadLetterQueue")
                .queueName(dlqDef.name())
                .retentionPeriod(Duration.seconds(dlqDef.messageRetentionSeconds()))
                .encryption(QueueEncryption.SQS_MANAGED)
                .enforceSsl(true)
                .build();

        QueueDefinition queueDef = resources.snapshotQueue();
        Queue.Builder queue = Queue.Builder.create(this, "SnapshotQueue")
                .queueName(queueDef.name())
                .visibilityTimeout(Duration.seconds(queueDef.visibilityTimeoutSeconds()))
                .retentionPeriod(Duration.seconds(queueDef.messageRetentionSeconds()))
                .deadLetterQueue(DeadLetterQueue.builder()
                        .queue(snapshotDeadLetterQueue)
                        .maxReceiveCount(queueDef.deadLetter().maxReceiveCount())
                        .build())
                .encryption(QueueEncryption.SQS_MANAGED)
                .enforceSsl(true);
        if (queueDef.receiveWaitTimeSeconds() != null) {
            queue.receiveMessageWaitTime(Duration.seconds(queueDef.receiveWaitTimeSeconds()));
        }
        snapshotQueue = queue.build();

        snapshotsTable = protectedTable("SnapshotsTable", resources.table(SNAPSHOTS_TABLE));
        // Issue 15: a player marked here is refused by snapshotIngest/snapshotLoad (410) and dropped by the writer.
        // Small (one item per erased player) and never part of a backup; same protection as the snapshot table.
        snapshotErasureTable = protectedTable("SnapshotErasureTable", resources.table(SNAPSHOT_ERASURE_TABLE));

        accessLogsBucket = SecureBuckets.accessLogs(this, "AccessLogsBucket");
        exportsKey = new ExportsKey(this, "ExportsKey");
        exportsBucket = SecureBuckets.kmsBucket(
                this,
                "ExportsBucket",
                ResourceNames.bucketName(EXPORTS_BUCKET, account, region),
                exportsKey.key(),
                Lifecycle.EXPORTS,
                accessLogsBucket,
                EXPORTS_BUCKET + "/");
        auditReportsBucket = SecureBuckets.bucket(
                this,
                "AuditReportsBucket",
                ResourceNames.bucketName(AUDIT_REPORTS_BUCKET, account, region),
                false,
                Lifecycle.AUDIT_REPORTS,
                accessLogsBucket,
                AUDIT_REPORTS_BUCKET + "/");
        terrainBucket = bucket(resources, TERRAIN_BUCKET, "TerrainBucket", account, region);
        snapshotStatesBucket = bucket(resources, SNAPSHOT_STATES_BUCKET, "SnapshotStatesBucket", account, region);
        configBucket = bucket(resources, CONFIG_BUCKET, "ConfigBucket", account, region);

        BucketDefinition backupsDef = resources.bucket(BACKUPS_BUCKET);
        if (!backupsDef.versioned()) {
            throw new InfraConfigException("resources.json: " + BACKUPS_BUCKET + " must be versioned (S3 replication"
                    + " requires versioning on source and destination)");
        }
        // Referenced by its deterministic name: the replica lives in another region's stack, and CloudFormation
        // cannot import values across regions. The app adds a stack dependency so the replica exists first.
        IBucket replica = Bucket.fromBucketAttributes(
                this,
                "BackupReplicaBucket",
                BucketAttributes.builder()
                        .bucketName(ResourceNames.backupReplicaBucketName(account, backupReplicaRegion))
                        .account(account)
                        .region(backupReplicaRegion)
                        .build());
        backupsBucket = SecureBuckets.replicatedBucket(
                this,
                "BackupsBucket",
                ResourceNames.bucketName(BACKUPS_BUCKET, account, region),
                Lifecycle.BACKUPS,
                accessLogsBucket,
                BACKUPS_BUCKET + "/",
                List.of(ReplicationRule.builder()
                        .id("backups-to-" + backupReplicaRegion)
                        .destination(replica)
                        .priority(1)
                        // A delete in the source region must not erase the disaster-recovery copy.
                        .deleteMarkerReplication(false)
                        .build()));
    }

    private Bucket bucket(ResourceDefinitions resources, String logicalName, String id, String account, String region) {
        BucketDefinition def = resources.bucket(logicalName);
        return SecureBuckets.bucket(
                this,
                id,
                ResourceNames.bucketName(logicalName, account, region),
                def.versioned(),
                BUCKET_ROLES.get(logicalName),
                accessLogsBucket,
                logicalName + "/");
    }

    private static Attribute attribute(KeyDefinition key) {
        AttributeType type = switch (key.type()) {
            case "S" -> AttributeType.STRING;
            case "N" -> AttributeType.NUMBER;
            case "B" -> AttributeType.BINARY;
            default -> throw new InfraConfigException("unsupported DynamoDB key type: " + key.type());
        };
        return Attribute.builder().name(key.name()).type(type).build();
    }

    public Queue snapshotQueue() {
        return snapshotQueue;
    }

    public Queue snapshotDeadLetterQueue() {
        return snapshotDeadLetterQueue;
    }

    public Table snapshotsTable() {
        return snapshotsTable;
    }

    public Bucket terrainBucket() {
        return terrainBucket;
    }

    public Bucket backupsBucket() {
        return backupsBucket;
    }

    public Bucket snapshotStatesBucket() {
        return snapshotStatesBucket;
    }

    public Bucket configBucket() {
        return configBucket;
    }

    public Bucket accessLogsBucket() {
        return accessLogsBucket;
    }

    public Table snapshotErasureTable() {
        return snapshotErasureTable;
    }

    public Bucket exportsBucket() {
        return exportsBucket;
    }

    public ExportsKey exportsKey() {
        return exportsKey;
    }

    public Bucket auditReportsBucket() {
        return auditReportsBucket;
    }

    /** On-demand, encrypted, point-in-time recovery, protected from deletion: a table that holds what players own. */
    private Table protectedTable(String id, TableDefinition definition) {
        Table.Builder table = Table.Builder.create(this, id)
                .tableName(definition.name())
                .partitionKey(attribute(definition.partitionKey()))
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .encryption(TableEncryption.AWS_MANAGED)
                .pointInTimeRecoverySpecification(PointInTimeRecoverySpecification.builder()
                        .pointInTimeRecoveryEnabled(true)
                        .build())
                .deletionProtection(true)
                .removalPolicy(RemovalPolicy.RETAIN);
        if (definition.sortKey() != null) table.sortKey(attribute(definition.sortKey()));
        return table.build();
    }
}
