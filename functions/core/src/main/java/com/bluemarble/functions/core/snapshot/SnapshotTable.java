package com.bluemarble.functions.core.snapshot;

import com.bluemarble.functions.core.economy.PlayerId;
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
}
