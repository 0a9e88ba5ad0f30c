package com.bluemarble.functions.core.snapshot;

import com.bluemarble.functions.core.player.PlayerId;

/** A player's snapshot as the table keeps it: the version and the state (inline or a blob key). */
public record StoredSnapshot(PlayerId playerId, long version, StateDocument state) {

    /**
     * The snapshot as the table should keep it: {@code state} moved to the blob store (under
     * {@link StateBlobKeys#state}) when its compact JSON is above {@link SnapshotLimits#claimCheckBytes()},
     * inline otherwise. The blob is written before anything refers to it. The writer and a backup
     * restore both store snapshots this way.
     */
    public static StoredSnapshot forTable(
            PlayerId playerId, long version, StateDocument state, SnapshotLimits limits, StateBlobStore blobs) {
        return new StoredSnapshot(
                playerId,
                version,
                state.claimCheckedIfLarger(limits.claimCheckBytes(), StateBlobKeys.state(playerId, version), blobs));
    }
}
