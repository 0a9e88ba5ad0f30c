package com.bluemarble.infra;

import static com.bluemarble.infra.TemplateJson.at;
import static com.bluemarble.infra.TemplateJson.list;
import static com.bluemarble.infra.TemplateJson.map;
import static com.bluemarble.infra.TemplateJson.props;
import static com.bluemarble.infra.TemplateJson.render;
import static com.bluemarble.infra.TemplateJson.resourcesOfType;
import static org.assertj.core.api.Assertions.assertThat;

import com.bluemarble.infra.config.FunctionCatalog;
import com.bluemarble.infra.config.ResourceDefinitions.BucketDefinition;
import com.bluemarble.infra.config.ResourceDefinitions.QueueDefinition;
import com.bluemarble.infra.config.ResourceDefinitions.TableDefinition;
import com.bluemarble.infra.config.ResourceNames;
import com.bluemarble.infra.stacks.BackupReplicaStack;
import com.bluemarble.infra.stacks.StorageStack;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** The storage stack of every region carries exactly the values of localstack/resources.json. */
class StorageStackTest {

    private final SynthesizedApp synth = SynthesizedApp.get();

    static List<String> regions() {
        return SynthesizedApp.regions();
    }

    private StorageStack storage(String region) {
        return synth.stacks.byRegion().get(region).storage();
    }

    @ParameterizedTest
    @MethodSource("regions")
    void snapshotQueueAndDeadLetterQueueUseTheSharedDefinitions(String region) {
        Template template = synth.template(storage(region));
        QueueDefinition queue = synth.resources.snapshotQueue();
        QueueDefinition dlq = synth.resources.snapshotDeadLetterQueue();

        template.resourceCountIs("AWS::SQS::Queue", 2);
        template.hasResourceProperties(
                "AWS::SQS::Queue",
                Map.of(
                        "QueueName", dlq.name(),
                        "MessageRetentionPeriod", dlq.messageRetentionSeconds(),
                        "SqsManagedSseEnabled", true));
        template.hasResourceProperties(
                "AWS::SQS::Queue",
                Map.of(
                        "QueueName", queue.name(),
                        "VisibilityTimeout", queue.visibilityTimeoutSeconds(),
                        "MessageRetentionPeriod", queue.messageRetentionSeconds(),
                        "ReceiveMessageWaitTimeSeconds", queue.receiveWaitTimeSeconds(),
                        "SqsManagedSseEnabled", true,
                        "RedrivePolicy",
                                Map.of(
                                        "deadLetterTargetArn",
                                                Map.of(
                                                        "Fn::GetAtt",
                                                        List.of(
                                                                logicalId(
                                                                        storage(region),
                                                                        storage(region)
                                                                                .snapshotDeadLetterQueue()
                                                                                .getNode()
                                                                                .getDefaultChild()),
                                                                "Arn")),
                                        "maxReceiveCount", queue.deadLetter().maxReceiveCount())));
    }

    @ParameterizedTest
    @MethodSource("regions")
    void queuesRefuseRequestsWithoutTls(String region) {
        Template template = synth.template(storage(region));
        template.resourceCountIs("AWS::SQS::QueuePolicy", 2);
        template.allResourcesProperties(
                "AWS::SQS::QueuePolicy",
                Map.of(
                        "PolicyDocument",
                        Map.of(
                                "Statement",
                                Match.arrayWith(List.of(Match.objectLike(Map.of(
                                        "Effect",
                                        "Deny",
                                        "Condition",
                                        Map.of("Bool", Map.of("aws:SecureTransport", "false")))))))));
    }

    @ParameterizedTest
    @MethodSource("regions")
    void snapshotsTableHasPointInTimeRecoveryEncryptionAndTheSharedKey(String region) {
        Template template = synth.template(storage(region));
        TableDefinition table = synth.resources.table(ResourceNames.SNAPSHOTS_TABLE);

        // The snapshot table and the erasure marks (DataRightsInfraTest).
        template.resourceCountIs("AWS::DynamoDB::Table", 2);
        template.hasResource(
                "AWS::DynamoDB::Table",
                Map.of(
                        "DeletionPolicy",
                        "Retain",
                        "Properties",
                        Map.of(
                                "TableName", table.name(),
                                "KeySchema",
                                        List.of(Map.of(
                                                "AttributeName",
                                                table.partitionKey().name(),
                                                "KeyType",
                                                "HASH")),
                                "AttributeDefinitions",
                                        List.of(Map.of(
                                                "AttributeName",
                                                        table.partitionKey().name(),
                                                "AttributeType",
                                                        table.partitionKey().type())),
                                "BillingMode", "PAY_PER_REQUEST",
                                "PointInTimeRecoverySpecification", Map.of("PointInTimeRecoveryEnabled", true),
                                "SSESpecification", Map.of("SSEEnabled", true),
                                "DeletionProtectionEnabled", true)));
    }

    @ParameterizedTest
    @MethodSource("regions")
    void everyBucketOfTheSharedDefinitionsIsEncryptedTlsOnlyPrivateVersionedAsDefinedAndLogged(String region) {
        Template template = synth.template(storage(region));
        Map<String, Object> json = synth.json(storage(region));
        String logsBucketId = logicalId(
                storage(region), storage(region).accessLogsBucket().getNode().getDefaultChild());

        // One bucket per definition plus the access-log bucket, the exports and the audit reports buckets
        // (DataRightsInfraTest).
        template.resourceCountIs("AWS::S3::Bucket", synth.resources.buckets().size() + 3);
        for (BucketDefinition def : synth.resources.buckets()) {
            String name = def.name() + "-" + SynthesizedApp.DUMMY_ACCOUNT + "-" + region;
            Map.Entry<String, Map<String, Object>> bucket = resourcesOfType(json, "AWS::S3::Bucket").entrySet().stream()
                    .filter(e -> name.equals(props(e.getValue()).get("BucketName")))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no bucket named " + name));
            Map<String, Object> p = props(bucket.getValue());

            assertThat(bucket.getValue().get("DeletionPolicy")).as(name).isEqualTo("Retain");
            assertThat(at(p, "VersioningConfiguration.Status"))
                    .as(name + " versioning")
                    .isEqualTo(def.versioned() ? "Enabled" : null);
            assertThat(list(at(p, "BucketEncryption.ServerSideEncryptionConfiguration")))
                    .as(name + " encryption")
                    .singleElement()
                    .satisfies(rule -> assertThat(at(rule, "ServerSideEncryptionByDefault.SSEAlgorithm"))
                            .isEqualTo("AES256"));
            assertThat(p.get("PublicAccessBlockConfiguration"))
                    .as(name)
                    .isEqualTo(Map.of(
                            "BlockPublicAcls",
                            true,
                            "BlockPublicPolicy",
                            true,
                            "IgnorePublicAcls",
                            true,
                            "RestrictPublicBuckets",
                            true));
            assertThat(list(at(p, "LifecycleConfiguration.Rules")))
                    .as(name + " lifecycle")
                    .isNotEmpty();
            assertThat(render(at(p, "LoggingConfiguration.DestinationBucketName")))
                    .as(name + " access logs")
                    .isEqualTo("${Ref:" + logsBucketId + "}");
            assertThat(at(p, "OwnershipControls.Rules"))
                    .as(name)
                    .isEqualTo(List.of(Map.of("ObjectOwnership", "BucketOwnerEnforced")));

            template.hasResourceProperties(
                    "AWS::S3::BucketPolicy",
                    Map.of(
                            "Bucket", Map.of("Ref", bucket.getKey()),
                            "PolicyDocument",
                                    Map.of(
                                            "Statement",
                                            Match.arrayWith(List.of(
                                                    Match.objectLike(Map.of(
                                                            "Effect",
                                                            "Deny",
                                                            "Action",
                                                            "s3:*",
                                                            "Condition",
                                                            Map.of("Bool", Map.of("aws:SecureTransport", "false")))),
                                                    Match.objectLike(Map.of(
                                                            "Effect",
                                                            "Deny",
                                                            "Action",
                                                            "s3:*",
                                                            "Condition",
                                                            Map.of(
                                                                    "NumericLessThan",
                                                                    Map.of("s3:TlsVersion", 1.2)))))))));
        }
    }

    @ParameterizedTest
    @MethodSource("regions")
    void backupsReplicateToTheReplicaBucketOfThePairedRegionWhichIsDeployedFirst(String region) {
        String replicaRegion = synth.config.backupReplicaRegion(region);
        assertThat(replicaRegion).isNotEqualTo(region);
        String replicaBucket = "bluemarble-backups-replica-" + SynthesizedApp.DUMMY_ACCOUNT + "-" + replicaRegion;
        Template template = synth.template(storage(region));

        template.hasResourceProperties(
                "AWS::S3::Bucket",
                Map.of(
                        "BucketName", "bluemarble-backups-" + SynthesizedApp.DUMMY_ACCOUNT + "-" + region,
                        "VersioningConfiguration", Map.of("Status", "Enabled"),
                        "ReplicationConfiguration",
                                Map.of(
                                        "Role", Match.objectLike(Map.of("Fn::GetAtt", Match.arrayWith(List.of("Arn")))),
                                        "Rules",
                                                List.of(Match.objectLike(Map.of(
                                                        "Status",
                                                        "Enabled",
                                                        "Priority",
                                                        1,
                                                        "DeleteMarkerReplication",
                                                        Map.of("Status", "Disabled"),
                                                        "Destination",
                                                        Map.of("Bucket", "arn:aws:s3:::" + replicaBucket)))))));
        // The replication role may replicate into the replica bucket and nothing else.
        template.hasResourceProperties(
                "AWS::IAM::Policy",
                Map.of(
                        "PolicyDocument",
                        Map.of(
                                "Statement",
                                Match.arrayWith(List.of(Match.objectLike(Map.of(
                                        "Action",
                                        List.of(
                                                "s3:ObjectOwnerOverrideToBucketOwner",
                                                "s3:ReplicateDelete",
                                                "s3:ReplicateObject",
                                                "s3:ReplicateTags"),
                                        "Resource",
                                        "arn:aws:s3:::" + replicaBucket + "/*")))))));

        BackupReplicaStack replica = synth.stacks.replicasByRegion().get(replicaRegion);
        assertThat(replica.getRegion()).isEqualTo(replicaRegion);
        assertThat(storage(region).getDependencies()).contains(replica);
        synth.template(replica)
                .hasResourceProperties(
                        "AWS::S3::Bucket",
                        Map.of(
                                "BucketName", replicaBucket,
                                "VersioningConfiguration", Map.of("Status", "Enabled"),
                                "BucketEncryption", Match.objectLike(Map.of()),
                                "LifecycleConfiguration", Match.objectLike(Map.of())));
        // Data rights: an erasure rewrites the season archives and deletes their old versions in this region only
        // (replication never carries version deletes), so the replica drops superseded archive versions after a day.
        assertThat(list(at(
                        props(resourcesOfType(synth.json(replica), "AWS::S3::Bucket").values().stream()
                                .filter(b -> replicaBucket.equals(props(b).get("BucketName")))
                                .findFirst()
                                .orElseThrow()),
                        "LifecycleConfiguration.Rules")))
                .anySatisfy(rule -> assertThat(map(rule))
                        .containsEntry("Prefix", FunctionCatalog.SEASON_ARCHIVE_PREFIX)
                        .containsEntry("NoncurrentVersionExpiration", Map.of("NoncurrentDays", 1))
                        .containsEntry("Status", "Enabled"));
    }

    @ParameterizedTest
    @MethodSource("regions")
    void stacksTargetTheConfiguredAccountAndRegionWithTerminationProtection(String region) {
        for (Stack stack : List.<Stack>of(
                storage(region),
                synth.stacks.byRegion().get(region).service(),
                synth.stacks.replicasByRegion().get(region))) {
            assertThat(stack.getAccount()).isEqualTo(SynthesizedApp.DUMMY_ACCOUNT);
            assertThat(stack.getRegion()).isEqualTo(region);
            assertThat(stack.getTerminationProtection())
                    .as(stack.getStackName())
                    .isTrue();
        }
    }

    static String logicalId(Stack stack, Object cfnElement) {
        return stack.resolve(stack.getLogicalId((software.amazon.awscdk.CfnElement) cfnElement))
                .toString();
    }

    /** Logical id of an L1 construct, or of an L2 construct's default (L1) child. */
    static String logicalIdOf(Stack stack, software.constructs.IConstruct construct) {
        Object element = construct instanceof software.amazon.awscdk.CfnElement
                ? construct
                : construct.getNode().getDefaultChild();
        return logicalId(stack, element);
    }
}
