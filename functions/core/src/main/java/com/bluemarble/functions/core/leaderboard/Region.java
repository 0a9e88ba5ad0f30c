package com.bluemarble.functions.core.leaderboard;

import com.bluemarble.functions.core.error.DomainException;
import com.bluemarble.functions.core.error.ErrorCode;
import java.util.regex.Pattern;

/** A regional shard of every board, e.g. {@code eu-west-1}: 1–32 of {@code [a-z0-9-]}. */
public record Region(String value) implements Comparable<Region> {

    private static final Pattern FORMAT = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");

    public Region {
        if (value == null) {
            throw new DomainException(ErrorCode.MISSING_FIELD, "region is required");
        }
        if (!FORMAT.matcher(value).matches()) {
            throw new DomainException(ErrorCode.INVALID_REGION, "region must be 1-32 characters of a-z 0-9 -");
        }
    }

    public static Region of(String value) {
        return new Region(value);
    }

    @Override
    public int compareTo(Region other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
