package com.bluemarble.functions.core.snapshot;

import com.bluemarble.functions.core.player.PlayerId;
import java.util.Collection;
import java.util.Set;

/**
 * The players whose snapshots are frozen for erasure (a small DynamoDB table in production, one
 * item per player, never removed). Ingest and load refuse them with 410 {@code PLAYER_DATA_ERASED},
 * and the writer drops their queued messages. Failures are {@code DomainException}s of kind
 * UNAVAILABLE.
 */
public interface SnapshotErasures {

    /** No player is ever marked: for tests and tools that have no erasure table. */
    SnapshotErasures NONE = new SnapshotErasures() {
        @Override
        public void mark(PlayerId player) {
            throw new UnsupportedOperationException("this snapshot path has no erasure table");
        }

        @Override
        public Set<PlayerId> marked(Collection<PlayerId> players) {
            return Set.of();
        }
    };

    /** Marks the player (idempotent). Once this returns, every later {@link #marked} read sees the mark. */
    void mark(PlayerId player);

    /** Which of {@code players} are marked, read strongly consistently (empty input: empty answer, no call). */
    Set<PlayerId> marked(Collection<PlayerId> players);
}
