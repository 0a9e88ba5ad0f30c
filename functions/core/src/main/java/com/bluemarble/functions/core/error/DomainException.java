package com.bluemarble.functions.core.error;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A failure the caller can act on: a stable {@link ErrorCode} (which fixes the HTTP status) and
 * a message, plus optional details rendered beside them: {@code {"error": code, "message": text,
 * ...details}} (e.g. the current {@code etag} of a conflicting chunk).
 */
public class DomainException extends RuntimeException {

    private final ErrorCode code;
    private final ErrorKind kind;
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
        this.code = code;
        this.kind = code.kind();
        // Insertion order is the body's field order; a null detail is left out, like a null reply field.
        Map<String, Object> kept = new LinkedHashMap<>();
        details.forEach((name, value) -> {
            if (value != null) {
                kept.put(name, value);
            }
        });
        this.details = Collections.unmodifiableMap(kept);
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

    /** The code as it appears in the error body. */
    public String code() {
        return code.name();
    }

    public ErrorCode errorCode() {
        return code;
    }

    /** Extra fields of the error body, beside {@code error} and {@code message}; never null. */
    public Map<String, Object> details() {
        return details;
    }
}
