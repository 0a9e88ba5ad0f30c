package com.bluemarble.functions.core.economy;

import java.time.Instant;

/**
 * The answer stored with an idempotency key (a trade or grant row): what a replay of the same
 * request returns, and the fingerprint that tells a replay from a reused key.
 */
public record RecordedOutcome(
        String fingerprint, OutcomeStatus status, String errorCode, String message, Instant committedAt) {}
