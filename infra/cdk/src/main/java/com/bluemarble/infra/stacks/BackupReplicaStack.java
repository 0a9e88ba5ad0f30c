package com.bluemarble.infra.stacks;

import com.bluemarble.infra.config.ResourceNames;
import com.bluemarble.infra.stacks.SecureBuckets.Lifecycle;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.s3.Bucket;
import software.constructs.Construct;

/**
 * The destination bucket for another region's backups (S3 cross-region replication).
 *
 * <p>A stack of its own so the replication graph never forms a cycle: with the default ring
 * (us-east-1 → eu-west-1 → ap-southeast-1 → us-east-1) each storage stack depends on the replica stack of the
 * next region, and replica stacks depend on nothing. S3 checks at PutBucketReplication time that the
 * destination exists and is versioned, so it must be deployed first; the stack dependency makes
 * {@code cdk deploy --all} do that.
 */
public final class BackupReplicaStack extends Stack {

    private final Bucket replicaBucket;

    public BackupReplicaStack(Construct scope, String id, StackProps props) {
        super(scope, id, props);
        Bucket accessLogs = SecureBuckets.accessLogs(this, "AccessLogsBucket");
        replicaBucket = SecureBuckets.bucket(
                this,
                "BackupReplicaBucket",
                ResourceNames.backupReplicaBucketName(getAccount(), getRegion()),
                true,
                Lifecycle.BACKUP_REPLICA,
                accessLogs,
                "backups-replica/");
    }

    public Bucket replicaBucket() {
        return replicaBucket;
    }
}
