package com.bluemarble.functions.core.economy;

import java.time.Instant;
import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The answer stored with an idempotency key: what a replay of the same request returns, and the
 * fingerprint that tells a replay from a reused key (a fingerprint names its operation, so a key
 * reused by another kind of operation never matches).
 *
 * @param details figures of the answer a replay must repeat (a sale's price and fee, a listing's expiry)
 */
public record RecordedOutcome(
        String fingerprint,
        OutcomeStatus status,
        String errorCode,
        String message,
        Instant committedAt,
        SortedMap<String, String> details) {

    public RecordedOutcome {
        details = Collections.unmodifiableSortedMap(new TreeMap<>(details == null ? new TreeMap<>() : details));
    }

    public RecordedOutcome(
            String fingerprint, OutcomeStatus status, String errorCode, String message, Instant committedAt) {
        this(fingerprint, status, errorCode, message, committedAt, new TreeMap<>());
    }
}
