package com.bluemarble.functions.core.leaderboard;

import com.bluemarble.functions.core.error.DomainException;
import com.bluemarble.functions.core.error.ErrorCode;
import java.util.regex.Pattern;

/** A board's name, e.g. {@code weekly-score}: 1–32 of {@code [a-z0-9-]}, so it is safe inside Redis keys and S3 paths. */
public record BoardName(String value) {

    private static final Pattern FORMAT = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");

    public BoardName {
        if (value == null) {
            throw new DomainException(ErrorCode.MISSING_FIELD, "board is required");
        }
        if (!FORMAT.matcher(value).matches()) {
            throw new DomainException(ErrorCode.INVALID_BOARD, "board must be 1-32 characters of a-z 0-9 -");
        }
    }

    public static BoardName of(String value) {
        return new BoardName(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
