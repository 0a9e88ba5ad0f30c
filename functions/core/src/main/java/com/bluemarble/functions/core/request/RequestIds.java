package com.bluemarble.functions.core.request;

import com.bluemarble.functions.core.error.DomainException;
import com.bluemarble.functions.core.error.ErrorCode;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The ids callers choose (idempotency keys, {@code auditId}, {@code eraseId}, {@code exportId}):
 * canonical lower-case UUIDs, so one id has exactly one spelling and a replay is recognised.
 */
public final class RequestIds {

    private static final Pattern CANONICAL_UUID =
            Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private RequestIds() {}

    /** Whether {@code value} is a canonical lower-case UUID. */
    public static boolean isCanonical(String value) {
        return value != null && CANONICAL_UUID.matcher(value).matches();
    }

    /** The id in {@code field}; 400 {@code MISSING_FIELD} if absent, 400 {@code INVALID_ID} if not canonical. */
    public static UUID uuid(String field, String value) {
        if (value == null) {
            throw new DomainException(ErrorCode.MISSING_FIELD, field + " is required");
        }
        if (!isCanonical(value)) {
            throw new DomainException(
                    ErrorCode.INVALID_ID,
                    field + " must be a lower-case UUID such as 3f2b8c1e-0c4d-4e8a-9a3b-2f1e0d9c8b7a");
        }
        return UUID.fromString(value);
    }
}
