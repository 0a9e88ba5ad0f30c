package com.bluemarble.functions.core.error;

/** The contract's error classes and the HTTP status each maps to. */
public enum ErrorKind {
    /** Malformed or invalid input; nothing changed. */
    INVALID(400),
    /** Unknown player, chunk or backup. */
    NOT_FOUND(404),
    /** Idempotency key reused with another request, or a version conflict. */
    CONFLICT(409),
    /** The thing existed and is gone for good (e.g. an erased player). */
    GONE(410),
    /** A business rule said no (e.g. insufficient funds). */
    REJECTED(422),
    /** An HTTP method other than POST (the local HTTP host only; API Gateway routes POST alone). */
    METHOD_NOT_ALLOWED(405),
    /** A store is unavailable; safe to retry. */
    UNAVAILABLE(503),
    /** A bug: never part of the contract, logged with its cause. */
    INTERNAL(500);

    private final int httpStatus;

    ErrorKind(int httpStatus) {
        this.httpStatus = httpStatus;
    }

    public int httpStatus() {
        return httpStatus;
    }
}
