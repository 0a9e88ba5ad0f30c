package com.bluemarble.functions.core.error;

/**
 * A failure the caller can act on: a kind (the HTTP status class) and a stable code such as
 * {@code INSUFFICIENT_FUNDS}. Rendered as {@code {"error": code, "message": text}}.
 */
public class DomainException extends RuntimeException {

    private final ErrorKind kind;
    private final String code;

    public DomainException(ErrorKind kind, String code, String message) {
        super(message);
        this.kind = kind;
        this.code = code;
    }

    public DomainException(ErrorKind kind, String code, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.code = code;
    }

    public static DomainException invalid(String code, String message) {
        return new DomainException(ErrorKind.INVALID, code, message);
    }

    public static DomainException notFound(String code, String message) {
        return new DomainException(ErrorKind.NOT_FOUND, code, message);
    }

    public static DomainException conflict(String code, String message) {
        return new DomainException(ErrorKind.CONFLICT, code, message);
    }

    public static DomainException unavailable(String store, Throwable cause) {
        return new DomainException(ErrorKind.UNAVAILABLE, "STORE_UNAVAILABLE",
                store + " is unavailable; retry the same request (its idempotency key makes that safe)", cause);
    }

    public ErrorKind kind() {
        return kind;
    }

    public String code() {
        return code;
    }
}
