package com.bluemarble.functions.core.leaderboard;

import com.bluemarble.functions.core.error.DomainException;
import com.bluemarble.functions.core.error.ErrorCode;

/**
 * The range of scores a board keeps exactly. Redis sorted-set scores are IEEE-754 doubles, which
 * represent every integer with {@code |n| <= 2^53} exactly and no longer all integers beyond it
 * (2^53 + 1 would silently become 2^53). The score is therefore stored unchanged as the sorted-set
 * score — no bits are spent on the tie-break, which lives in the member instead — and a score
 * outside {@code [-2^53, 2^53]} is refused with 400 rather than rounded.
 */
public final class Scores {

    /** 2^53 = 9,007,199,254,740,992: the largest score kept exactly. */
    public static final long MAX = 1L << 53;
    /** -2^53: the smallest score kept exactly. */
    public static final long MIN = -MAX;

    private Scores() {}

    public static long check(Long score) {
        if (score == null) {
            throw new DomainException(ErrorCode.MISSING_FIELD, "score is required");
        }
        if (score < MIN || score > MAX) {
            throw new DomainException(
                    ErrorCode.SCORE_OUT_OF_RANGE,
                    "score must be between -2^53 and 2^53 (" + MIN + ".." + MAX + ") to be kept exactly");
        }
        return score;
    }
}
