package com.bluemarble.functions.core.snapshot;

import com.bluemarble.functions.core.error.DomainException;
import com.bluemarble.functions.core.error.ErrorCode;
import com.bluemarble.functions.core.player.PlayerId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code snapshotIngest} and {@code snapshotLoad}. Ingest validates the whole request first (a bad
 * request enqueues nothing), moves large documents to the blob store (claim check), and returns
 * only after the queue has acknowledged every message: what is acknowledged is durable.
 */
public final class SnapshotService {

    private final SnapshotQueue queue;
    private final SnapshotTable table;
    private final StateBlobStore blobs;
    private final SnapshotLimits limits;
    private final SnapshotErasures erasures;

    /** Without an erasure table: no player is ever refused as erased (tests, tools). */
    public SnapshotService(SnapshotQueue queue, SnapshotTable table, StateBlobStore blobs, SnapshotLimits limits) {
        this(queue, table, blobs, limits, SnapshotErasures.NONE);
    }

    public SnapshotService(
            SnapshotQueue queue,
            SnapshotTable table,
            StateBlobStore blobs,
            SnapshotLimits limits,
            SnapshotErasures erasures) {
        this.queue = queue;
        this.table = table;
        this.blobs = blobs;
        this.limits = limits;
        this.erasures = erasures;
    }

    public SnapshotLimits limits() {
        return limits;
    }

    /** Returns the number of snapshots accepted; throws 400 for bad input, 503 if a store cannot take them. */
    public int ingest(SnapshotIngestRequest request) {
        List<SnapshotMessage> messages = request.validate(limits);
        Set<PlayerId> players = messages.stream().map(SnapshotMessage::playerId).collect(Collectors.toSet());
        refuseErased(players, "nothing was stored");
        List<String> bodies = new ArrayList<>(messages.size());
        for (SnapshotMessage message : messages) {
            String key = message.isDelta()
                    ? StateBlobKeys.patch(message.playerId(), message.version())
                    : StateBlobKeys.state(message.playerId(), message.version());
            StateDocument document = message.document().claimCheckedIfLarger(limits.claimCheckBytes(), key, blobs);
            bodies.add(new SnapshotMessage(message.playerId(), message.version(), message.baseVersion(), document)
                    .encode());
        }
        queue.sendAll(bodies);
        // A freeze may have landed while this request was being enqueued. Read the marks again, so
        // that a 202 always means "not frozen after the snapshots were enqueued": no acceptance ever
        // follows a completed freeze. The writer drops what was enqueued for a frozen player.
        refuseErased(
                players,
                "their snapshots of this request will be dropped by the writer (any other player's were"
                        + " enqueued and will be written; sending them again is harmless)");
        return bodies.size();
    }

    /** The stored snapshot; what was acknowledged but not yet written by the writer is not visible yet. */
    public LoadedSnapshot load(PlayerId player) {
        refuseErased(Set.of(player), "nothing is returned");
        StoredSnapshot stored = table.find(player)
                .orElseThrow(() -> new DomainException(
                        ErrorCode.UNKNOWN_PLAYER, "no snapshot has been stored for player " + player));
        return new LoadedSnapshot(player, stored.version(), stored.state().resolve(blobs));
    }

    /** 410 if any of the players is frozen for erasure: one strongly consistent read of the marks for the whole request. */
    private void refuseErased(Set<PlayerId> players, String consequence) {
        Set<PlayerId> erased = erasures.marked(players);
        if (!erased.isEmpty()) {
            String names = erased.stream().map(PlayerId::value).sorted().collect(Collectors.joining(", "));
            throw new DomainException(
                    ErrorCode.PLAYER_DATA_ERASED,
                    "the data of player(s) " + names + " has been erased; " + consequence);
        }
    }
}
