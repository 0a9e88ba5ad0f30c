package com.bluemarble.functions.core.privacy;

import com.bluemarble.functions.core.player.PlayerId;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * One recorded erasure: who, why, when, and which steps have completed (step name to the time it
 * completed). The step names and their order belong to the saga, not to the log.
 */
public record ErasureRecord(
        UUID eraseId, PlayerId player, String reason, Instant recordedAt, Map<String, Instant> stepsDone) {
    public ErasureRecord {
        stepsDone = Map.copyOf(stepsDone);
    }
}
