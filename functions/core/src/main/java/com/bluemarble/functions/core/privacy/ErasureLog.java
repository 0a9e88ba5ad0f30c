package com.bluemarble.functions.core.privacy;

import com.bluemarble.functions.core.player.PlayerId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The durable record of erasures and their progress (Spanner in production, in a table that no
 * backup contains and no restore overwrites), so a crashed saga resumes where it stopped and a
 * restored backup can be brought back in line with every erasure ever recorded.
 */
public interface ErasureLog {

    /**
     * Records the erasure and, in the same transaction, freezes the player's economy: from the
     * commit on, every economy write naming the player is refused with 409 {@code PLAYER_ERASED}.
     * Idempotent on {@code eraseId}: a replay returns the stored record unchanged. Throws
     * CONFLICT {@code ERASE_ID_REUSED} if {@code eraseId} was recorded for another player. A new
     * {@code eraseId} for an already erased player is recorded too (its steps find nothing left).
     */
    ErasureRecord record(UUID eraseId, PlayerId player, String reason, Instant at);

    Optional<ErasureRecord> find(UUID eraseId);

    /** Records that {@code step} of the erasure completed. Idempotent (the first time is kept). */
    void markDone(UUID eraseId, String step, Instant at);

    /** Erasures with at least one step not done, oldest first, at most {@code limit}. */
    List<ErasureRecord> unfinished(int limit);

    /**
     * Every player with a recorded erasure, in id order, after {@code afterPlayer} (null = from the
     * start), at most {@code limit}: what a restore re-applies.
     */
    List<PlayerId> erasedPlayers(PlayerId afterPlayer, int limit);
}
