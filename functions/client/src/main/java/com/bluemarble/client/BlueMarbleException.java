package com.bluemarble.client;

import tools.jackson.databind.JsonNode;

/**
 * Every failure of a call, as one type: the HTTP status and the contract's error code (the
 * {@code "error"} of the body, e.g. {@code INSUFFICIENT_FUNDS}, named as in the server's
 * {@code ErrorCode} catalogue). A body without a code (e.g. API Gateway's own 403) gets
 * {@code HTTP_<status>}. When the client never got an answer (connection refused, timeout) after
 * its retries, the status is 0 and the code {@link #TIMEOUT} or {@link #CONNECTION_FAILED}.
 */
public final class BlueMarbleException extends RuntimeException {

    /** No answer within the per-attempt timeout, on every attempt. */
    public static final String TIMEOUT = "CLIENT_TIMEOUT";
    /** The connection failed on every attempt. */
    public static final String CONNECTION_FAILED = "CONNECTION_FAILED";

    private final String function;
    private final int status;
    private final String code;
    private final transient JsonNode body;
    private final int attempts;

    public BlueMarbleException(
            String function, int status, String code, String message, JsonNode body, int attempts, Throwable cause) {
        super(function + ": " + status + " " + code + (message == null ? "" : ": " + message), cause);
        this.function = function;
        this.status = status;
        this.code = code;
        this.body = body;
        this.attempts = attempts;
    }

    /** The function called, e.g. {@code trade}. */
    public String function() {
        return function;
    }

    /** The HTTP status of the last answer; 0 when no answer arrived. */
    public int status() {
        return status;
    }

    /** The contract's error code, e.g. {@code STORE_UNAVAILABLE}. */
    public String code() {
        return code;
    }

    /**
     * The whole error body (null without an answer): some errors carry more than the code, e.g.
     * a trade's 422 {@code tradeId}/{@code status}, a terrain 409's current {@code etag}.
     */
    public JsonNode body() {
        return body;
    }

    /** A text field of the error body, or null. */
    public String detail(String field) {
        return body == null || !body.hasNonNull(field) ? null : body.get(field).asString();
    }

    /** How many attempts were made (1 when nothing was retried). */
    public int attempts() {
        return attempts;
    }

    /** True for a 503 or no answer: the same call (same idempotency key) may be retried later. */
    public boolean isRetryable() {
        return status == 503 || status == 0;
    }
}
