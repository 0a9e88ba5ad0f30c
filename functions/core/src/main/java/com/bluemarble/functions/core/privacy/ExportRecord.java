package com.bluemarble.functions.core.privacy;

import com.bluemarble.functions.core.player.PlayerId;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** One export: whose, when it started, its completed steps, and why it failed if it did. */
public record ExportRecord(
        UUID exportId, PlayerId player, Instant startedAt, Map<String, Instant> stepsDone, Optional<String> failure) {
    public ExportRecord {
        stepsDone = Map.copyOf(stepsDone);
    }
}
