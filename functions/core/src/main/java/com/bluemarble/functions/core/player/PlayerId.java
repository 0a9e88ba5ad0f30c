package com.bluemarble.functions.core.player;

import com.bluemarble.functions.core.error.DomainException;
import com.bluemarble.functions.core.error.ErrorCode;
import java.util.regex.Pattern;

/** A player's id as the game services know it: 1–64 characters of {@code [A-Za-z0-9_.:-]}. */
public record PlayerId(String value) implements Comparable<PlayerId> {

    private static final Pattern FORMAT = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");

    public PlayerId {
        if (value == null) {
            throw new DomainException(ErrorCode.MISSING_FIELD, "playerId is required");
        }
        if (!FORMAT.matcher(value).matches()) {
            throw new DomainException(
                    ErrorCode.INVALID_PLAYER_ID, "playerId must be 1-64 characters of A-Z a-z 0-9 _ . : -");
        }
    }

    public static PlayerId of(String value) {
        return new PlayerId(value);
    }

    @Override
    public int compareTo(PlayerId other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
