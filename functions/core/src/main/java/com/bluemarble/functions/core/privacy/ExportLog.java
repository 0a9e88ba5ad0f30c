package com.bluemarble.functions.core.privacy;

import com.bluemarble.functions.core.player.PlayerId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The durable record of exports and their progress (Spanner in production). */
public interface ExportLog {

    /**
     * Records a new export. Idempotent on {@code exportId}: a replay returns the stored record.
     * Throws CONFLICT {@code EXPORT_ID_REUSED} if {@code exportId} was recorded for another player.
     */
    ExportRecord start(UUID exportId, PlayerId player, Instant at);

    Optional<ExportRecord> find(UUID exportId);

    /** Records that {@code step} completed. Idempotent (the first time is kept). */
    void markDone(UUID exportId, String step, Instant at);

    /** Records that the export cannot complete (kept; a FAILED export stays failed). */
    void markFailed(UUID exportId, String reason, Instant at);

    /** Exports neither done nor failed, oldest first, at most {@code limit}. */
    List<ExportRecord> unfinished(int limit);
}
