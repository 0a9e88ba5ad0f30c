package com.bluemarble.functions.core.economy;

import java.time.Instant;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The answer to an economy operation: committed or rejected by a rule, with the commit timestamp
 * of the transaction that recorded it and the figures the answer names. A replay returns the
 * identical answer.
 */
public record EconomyAnswer(
        UUID id,
        OutcomeStatus status,
        String errorCode,
        String message,
        Instant commitTimestamp,
        SortedMap<String, String> details) {

    public EconomyAnswer(UUID id, OutcomeStatus status, String errorCode, String message, Instant commitTimestamp) {
        this(id, status, errorCode, message, commitTimestamp, new TreeMap<>());
    }

    static EconomyAnswer of(UUID id, RecordedOutcome outcome) {
        return new EconomyAnswer(
                id, outcome.status(), outcome.errorCode(), outcome.message(), outcome.committedAt(), outcome.details());
    }

    /** The HTTP status of this answer: 200, or the status of its error code. */
    public int httpStatus() {
        if (status == OutcomeStatus.COMMITTED) {
            return 200;
        }
        try {
            return com.bluemarble.functions.core.error.ErrorCode.valueOf(errorCode)
                    .httpStatus();
        } catch (IllegalArgumentException | NullPointerException e) {
            return 422;
        }
    }
}
