package com.bluemarble.functions.app.snapshot;

import com.bluemarble.functions.core.snapshot.SnapshotLimits;
import java.time.Duration;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code bluemarble.snapshots.*}: where the snapshot queue, table and bucket are, and the limits of
 * the path. In Lambda from BLUEMARBLE_SNAPSHOTS_QUEUE_URL and friends (set by the CDK stack);
 * locally the runner sets them to the provisioned emulator resources.
 *
 * @param queueUrl the {@code player-snapshots} queue
 * @param tableName the {@code player-snapshots} table
 * @param bucket the {@code bluemarble-snapshot-states} bucket (claim-checked states)
 * @param maxStateBytes largest state or patch (compact JSON); larger is a 400
 * @param claimCheckBytes larger states travel through S3 and the message carries only the key
 * @param maxSnapshotsPerRequest cap on the batch form of snapshotIngest
 * @param maxRequestBytes cap on a snapshotIngest body (Lambda's synchronous payload limit is 6 MB)
 * @param economyKeys top-level state/patch keys refused as economic data (case-insensitive)
 * @param callTimeout bound on one AWS call, SDK retries included, before the function answers 503
 * @param sendAttempts SendMessageBatch tries per entry before snapshotIngest answers 503
 * @param writerConcurrency players of one writer batch written at once (0 or absent: 32)
 * @param erasureTable the {@code player-erasures} table: one item (key {@code playerId}, S) per
 *     player frozen for erasure; ingest and load refuse them (410), the writer drops their messages
 */
@ConfigurationProperties("bluemarble.snapshots")
public record SnapshotProperties(
        String queueUrl,
        String tableName,
        String bucket,
        long maxStateBytes,
        long claimCheckBytes,
        int maxSnapshotsPerRequest,
        int maxRequestBytes,
        Set<String> economyKeys,
        Duration callTimeout,
        int sendAttempts,
        int writerConcurrency,
        String erasureTable) {

    /** Enough to overlap DynamoDB round trips, below the SDK HTTP client's 50 pooled connections. */
    public static final int DEFAULT_WRITER_CONCURRENCY = 32;

    public int writerThreads() {
        return writerConcurrency > 0 ? writerConcurrency : DEFAULT_WRITER_CONCURRENCY;
    }

    public SnapshotLimits limits() {
        return new SnapshotLimits(
                maxStateBytes,
                claimCheckBytes,
                maxSnapshotsPerRequest,
                economyKeys == null || economyKeys.isEmpty() ? SnapshotLimits.DEFAULT_ECONOMY_KEYS : economyKeys);
    }
}
