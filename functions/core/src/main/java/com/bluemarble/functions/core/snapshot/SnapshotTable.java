package com.bluemarble.functions.core.snapshot;

import com.bluemarble.functions.core.player.PlayerId;
import java.util.List;
import java.util.Optional;

/** The latest snapshot of each player (Amazon DynamoDB in production). */
public interface SnapshotTable {

    enum WriteResult {
        /** The snapshot is now the stored one. */
        WRITTEN,
        /** The table already held this or a higher version; nothing changed. Not a failure. */
        STALE
    }

    /** A strongly consistent read. */
    Optional<StoredSnapshot> find(PlayerId player);

    /**
     * Stores {@code snapshot} only if the player has no snapshot or a lower version, atomically
     * (a conditional write), so a lower or equal version never overwrites a higher one.
     */
    WriteResult putIfNewer(StoredSnapshot snapshot);

    /** Deletes the player's snapshot, if any (an erasure). Idempotent. */
    void delete(PlayerId player);

    /**
     * One page of a full read of the table, for backups: at most {@code limit} snapshots after
     * {@code cursor} (null = from the start). Strongly consistent per page, but the table is live
     * while it is paged through: a full read is a copy as read, not a point-in-time cut.
     *
     * @param cursor {@link Page#next()} of the previous page, or null for the first
     */
    Page scan(String cursor, int limit);

    /**
     * @param snapshots this page's snapshots (possibly empty even when more follow)
     * @param next where the next page starts, or null when the read is complete
     */
    record Page(List<StoredSnapshot> snapshots, String next) {
        public Page {
            snapshots = List.copyOf(snapshots);
        }

        public boolean isLast() {
            return next == null;
        }
    }
}
