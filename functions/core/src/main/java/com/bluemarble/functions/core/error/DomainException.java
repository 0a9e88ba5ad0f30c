package com.bluemarble.functions.core.error;

import java.util.Map;

/**
 * A failure the caller can act on: a stable {@link ErrorCode} (which fixes the HTTP status) and
 * a message, plus optional details rendered beside them: {@code {"error": code, "message": text,
 * ...details}} (e.g. the current {@code etag} of a conflicting chunk).
 */
public class DomainException extends RuntimeException {

    private final ErrorKind kind;
    private final String code;
    private final Map<String, Object> details;

    public DomainException(ErrorCode code, String message) {
        this(code, message, Map.of(), null);
    }

    public DomainException(ErrorCode code, String message, Throwable cause) {
        this(code, message, Map.of(), cause);
    }

    public DomainException(ErrorCode code, String message, Map<String, Object> details) {
        this(code, message, details, null);
    }

    public DomainException(ErrorCode code, String message, Map<String, Object> details, Throwable cause) {
        super(message, cause);
        this.kind = code.kind();
        this.code = code.name();
        this.details = Map.copyOf(details);
    }

    /** @deprecated give an {@link ErrorCode}: the catalogue is the contract. */
    @Deprecated
    public DomainException(ErrorKind kind, String code, String message) {
        this(kind, code, message, null);
    }

    /** @deprecated give an {@link ErrorCode}: the catalogue is the contract. */
    @Deprecated
    public DomainException(ErrorKind kind, String code, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.code = code;
        this.details = Map.of();
    }

    /** @deprecated give an {@link ErrorCode}: the catalogue is the contract. */
    @Deprecated
    public static DomainException invalid(String code, String message) {
        return new DomainException(ErrorKind.INVALID, code, message);
    }

    /** @deprecated give an {@link ErrorCode}: the catalogue is the contract. */
    @Deprecated
    public static DomainException notFound(String code, String message) {
        return new DomainException(ErrorKind.NOT_FOUND, code, message);
    }

    /** @deprecated give an {@link ErrorCode}: the catalogue is the contract. */
    @Deprecated
    public static DomainException conflict(String code, String message) {
        return new DomainException(ErrorKind.CONFLICT, code, message);
    }

    public static DomainException unavailable(String store, Throwable cause) {
        return new DomainException(
                ErrorCode.STORE_UNAVAILABLE,
                store + " is unavailable; retry the same request (its idempotency key makes that safe)",
                cause);
    }

    public ErrorKind kind() {
        return kind;
    }

    public String code() {
        return code;
    }

    /** Extra fields of the error body, beside {@code error} and {@code message}; never null. */
    public Map<String, Object> details() {
        return details;
    }
}
