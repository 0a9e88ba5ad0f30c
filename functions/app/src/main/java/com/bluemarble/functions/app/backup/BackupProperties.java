package com.bluemarble.functions.app.backup;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code bluemarble.backups.*}; in Lambda the bucket comes from BLUEMARBLE_BACKUPS_BUCKET.
 *
 * @param restoreDatabaseId the Spanner database {@code backupRestore} writes into (same project and
 *                          instance as the economy); empty = the economy database itself, which a
 *                          restore refuses unless it is empty or the request says {@code "force": true}
 * @param restoreSnapshotTable the DynamoDB table {@code backupRestore} writes player snapshots into; empty =
 *                             the live snapshot table ({@code bluemarble.snapshots.table-name}), which a
 *                             restore likewise refuses unless it is empty or the request is forced
 * @param snapshotPageSize snapshots per DynamoDB scan page when backing up (a page also ends at 1 MB)
 * @param timeout bound on each Spanner step of a backup or restore (keep it under the Lambda timeout)
 * @param maxRowsPerPart a table's rows are split into parts of at most this many rows ...
 * @param maxPartBytes ... or this many stored (compressed) bytes
 * @param uploadPartBytes bytes buffered per S3 multipart upload part (at least 5 MiB): the memory a part needs
 * @param maxListed {@code backupList} returns at most this many, newest first
 * @param playersPerPartition the economy is exported in ranges of about this many players (each its own parts) ...
 * @param maxPartitions ... and at most this many ranges (then ranges grow)
 * @param parallelUnits units (ranges of players, other tables, other data sets) exported at once
 */
@ConfigurationProperties("bluemarble.backups")
public record BackupProperties(
        String bucket,
        String restoreDatabaseId,
        String restoreSnapshotTable,
        int snapshotPageSize,
        Duration timeout,
        long maxRowsPerPart,
        long maxPartBytes,
        int uploadPartBytes,
        int maxListed,
        int playersPerPartition,
        int maxPartitions,
        int parallelUnits) {}
