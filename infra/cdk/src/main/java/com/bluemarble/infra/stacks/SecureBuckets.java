package com.bluemarble.infra.stacks;

import java.util.List;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.IBucket;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.amazon.awscdk.services.s3.ObjectOwnership;
import software.amazon.awscdk.services.s3.ReplicationRule;
import software.amazon.awscdk.services.s3.StorageClass;
import software.amazon.awscdk.services.s3.Transition;
import software.constructs.Construct;

/**
 * The only way this app creates buckets: SSE-S3 encryption, TLS 1.2+ only, all public access blocked,
 * ACLs disabled, server access logs, a lifecycle, and retained on stack deletion.
 *
 * <p>SSE-S3 rather than a customer key: S3 server access logging cannot write to SSE-KMS buckets, replication
 * of SSE-KMS objects needs extra key grants in both regions, and a CDK-made key policy grants the account
 * root {@code kms:*}, which the template invariants forbid.
 */
final class SecureBuckets {

    /** Lifecycle per bucket role; the values are operational policy, not shared with the local emulators. */
    enum Lifecycle {
        /** Current terrain is the world; old versions only serve optimistic-concurrency forensics. */
        TERRAIN(List.of(abortUploads(7), expireNoncurrent(30))),
        /** Backups cool down fast; superseded versions (same key rewritten) go after 90 days. */
        BACKUPS(List.of(abortUploads(7), expireNoncurrent(90), transitionCurrent(StorageClass.INFREQUENT_ACCESS, 30))),
        /**
         * The disaster-recovery copy is read rarely: Glacier Instant Retrieval keeps restores fast. Superseded season
         * archives go after a day: replication carries an erasure's rewrite of an archive file (a new version) but
         * never the erasure's deletion of the old versions, so the replica's old version of a file is the erased
         * player's last copy outside the backups (docs/data-rights-stores.md). The current version is the DR copy.
         */
        BACKUP_REPLICA(List.of(
                abortUploads(7),
                expireNoncurrent(90),
                transitionCurrent(StorageClass.GLACIER_INSTANT_RETRIEVAL, 30),
                LifecycleRule.builder()
                        .id("expire-superseded-season-archives")
                        .prefix(com.bluemarble.infra.config.FunctionCatalog.SEASON_ARCHIVE_PREFIX)
                        .noncurrentVersionExpiration(Duration.days(1))
                        .build())),
        /** Unversioned large player states: only failed multipart uploads need cleaning. */
        SNAPSHOT_STATES(List.of(abortUploads(1))),
        CONFIG(List.of(abortUploads(7), expireNoncurrent(90))),
        /**
         * Player data exports (issue 15): personal data, so objects expire after 7 days (the pre-signed URL's audience
         * has downloaded by then); unversioned, so an expiry leaves no copy behind.
         */
        EXPORTS(List.of(
                abortUploads(1),
                LifecycleRule.builder()
                        .id("expire-exports")
                        .expiration(Duration.days(7))
                        .build())),
        /** One small JSON per daily audit: infrequent access after 30 days, kept about 13 months for comparison. */
        AUDIT_REPORTS(List.of(
                abortUploads(1),
                transitionCurrent(StorageClass.INFREQUENT_ACCESS, 30),
                LifecycleRule.builder()
                        .id("expire-reports")
                        .expiration(Duration.days(400))
                        .build())),
        ACCESS_LOGS(List.of(
                abortUploads(1),
                LifecycleRule.builder()
                        .id("expire-logs")
                        .expiration(Duration.days(365))
                        .build()));

        final List<LifecycleRule> rules;

        Lifecycle(List<LifecycleRule> rules) {
            this.rules = rules;
        }
    }

    private SecureBuckets() {}

    /** A bucket that receives S3 server access logs of the other buckets in its stack. */
    static Bucket accessLogs(Construct scope, String id) {
        return base(scope, id, null, false, Lifecycle.ACCESS_LOGS, null, null, List.of())
                .build();
    }

    static Bucket bucket(
            Construct scope,
            String id,
            String bucketName,
            boolean versioned,
            Lifecycle lifecycle,
            IBucket accessLogs,
            String logPrefix) {
        return base(scope, id, bucketName, versioned, lifecycle, accessLogs, logPrefix, List.of())
                .build();
    }

    /**
     * A bucket encrypted with a customer-managed KMS key (SSE-KMS with S3 Bucket Keys), for personal data whose
     * reads must be attributable and revocable through the key; otherwise the same rules as every bucket.
     */
    static Bucket kmsBucket(
            Construct scope,
            String id,
            String bucketName,
            IKey key,
            Lifecycle lifecycle,
            IBucket accessLogs,
            String logPrefix) {
        return base(scope, id, bucketName, false, lifecycle, accessLogs, logPrefix, List.of())
                .encryption(BucketEncryption.KMS)
                .encryptionKey(key)
                .bucketKeyEnabled(true)
                .build();
    }

    static Bucket replicatedBucket(
            Construct scope,
            String id,
            String bucketName,
            Lifecycle lifecycle,
            IBucket accessLogs,
            String logPrefix,
            List<ReplicationRule> replicationRules) {
        return base(scope, id, bucketName, true, lifecycle, accessLogs, logPrefix, replicationRules)
                .build();
    }

    private static Bucket.Builder base(
            Construct scope,
            String id,
            String bucketName,
            boolean versioned,
            Lifecycle lifecycle,
            IBucket accessLogs,
            String logPrefix,
            List<ReplicationRule> replicationRules) {
        Bucket.Builder builder = Bucket.Builder.create(scope, id)
                .encryption(BucketEncryption.S3_MANAGED)
                .enforceSsl(true)
                .minimumTlsVersion(1.2)
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)
                .versioned(versioned)
                .lifecycleRules(lifecycle.rules)
                .removalPolicy(RemovalPolicy.RETAIN);
        if (bucketName != null) builder.bucketName(bucketName);
        if (accessLogs != null) builder.serverAccessLogsBucket(accessLogs).serverAccessLogsPrefix(logPrefix);
        if (!replicationRules.isEmpty()) builder.replicationRules(replicationRules);
        return builder;
    }

    private static LifecycleRule abortUploads(int days) {
        return LifecycleRule.builder()
                .id("abort-incomplete-uploads")
                .abortIncompleteMultipartUploadAfter(Duration.days(days))
                .build();
    }

    private static LifecycleRule expireNoncurrent(int days) {
        return LifecycleRule.builder()
                .id("expire-noncurrent-versions")
                .noncurrentVersionExpiration(Duration.days(days))
                .build();
    }

    private static LifecycleRule transitionCurrent(StorageClass storageClass, int days) {
        return LifecycleRule.builder()
                .id("transition-current-versions")
                .transitions(List.of(Transition.builder()
                        .storageClass(storageClass)
                        .transitionAfter(Duration.days(days))
                        .build()))
                .build();
    }
}
