package com.bluemarble.functions.core.economy;

/** How an economy request ended; both are durable answers that a replay returns unchanged. */
public enum OutcomeStatus {
    COMMITTED,
    REJECTED
}
