package com.bluemarble.functions.core.economy;

import java.time.Instant;
import java.util.UUID;

/**
 * The answer to a grant or trade: committed or rejected by a rule, with the commit timestamp
 * of the transaction that recorded it. A replay returns the identical answer.
 */
public record EconomyAnswer(UUID id, OutcomeStatus status, String errorCode, String message, Instant commitTimestamp) {

    static EconomyAnswer of(UUID id, RecordedOutcome outcome) {
        return new EconomyAnswer(id, outcome.status(), outcome.errorCode(), outcome.message(), outcome.committedAt());
    }
}
