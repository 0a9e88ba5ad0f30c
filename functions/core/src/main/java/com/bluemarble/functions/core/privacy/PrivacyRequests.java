package com.bluemarble.functions.core.privacy;

import com.bluemarble.functions.core.error.DomainException;
import com.bluemarble.functions.core.error.ErrorCode;
import com.bluemarble.functions.core.player.PlayerId;
import com.bluemarble.functions.core.request.RequestIds;
import java.util.UUID;

/** The checks of the data-rights requests: ids as everywhere else in the contract, the erasure's reason. */
public final class PrivacyRequests {

    public static final int MAX_REASON_CHARS = 200;

    private PrivacyRequests() {}

    /** {@code eraseId}, {@code exportId}: a canonical lower-case UUID, so one id has one spelling. */
    public static UUID id(String field, String value) {
        return RequestIds.uuid(field, value);
    }

    public static PlayerId player(String value) {
        return PlayerId.of(value); // null: MISSING_FIELD, a bad form: INVALID_PLAYER_ID
    }

    /** 1..200 characters (code points), not only white space: why the player is erased, kept in the record. */
    public static String reason(String value) {
        if (value == null) {
            throw new DomainException(ErrorCode.MISSING_FIELD, "reason is required");
        }
        int chars = value.codePointCount(0, value.length());
        if (value.isBlank() || chars > MAX_REASON_CHARS) {
            throw new DomainException(
                    ErrorCode.INVALID_FIELD,
                    "reason must be 1-" + MAX_REASON_CHARS + " characters and not only white space; got " + chars);
        }
        if (value.codePoints().anyMatch(c -> Character.isISOControl(c) || Character.isSurrogate((char) c))) {
            throw new DomainException(ErrorCode.INVALID_FIELD, "reason must not contain control characters");
        }
        return value;
    }

    /** The step of {@code steps} named {@code value}, or 400 INVALID_ERASURE_STEP naming the valid ones. */
    public static String step(String value, java.util.List<String> steps) {
        if (value == null) {
            throw new DomainException(ErrorCode.MISSING_FIELD, "step is required");
        }
        if (!steps.contains(value)) {
            throw new DomainException(
                    ErrorCode.INVALID_ERASURE_STEP, "step must be one of " + steps, java.util.Map.of("steps", steps));
        }
        return value;
    }
}
