package com.bluemarble.functions.core.leaderboard;

import com.bluemarble.functions.core.error.DomainException;
import com.bluemarble.functions.core.error.ErrorCode;
import java.util.Optional;

/** {@code leaderboardTop}: the best {@code limit} entries of one region, or of all regions merged when region is empty. */
public record TopRequest(BoardName board, Optional<Region> region, int limit) {

    public static TopRequest of(String board, String region, Integer limit) {
        BoardName name = BoardName.of(board);
        Optional<Region> where = region == null ? Optional.empty() : Optional.of(Region.of(region));
        if (limit == null) {
            throw new DomainException(
                    ErrorCode.MISSING_FIELD, "limit is required (1.." + LeaderboardLimits.MAX_LIMIT + ")");
        }
        if (limit < 1) {
            throw new DomainException(ErrorCode.INVALID_LIMIT, "limit must be at least 1");
        }
        if (limit > LeaderboardLimits.MAX_LIMIT) {
            throw new DomainException(ErrorCode.LIMIT_TOO_LARGE, "limit is capped at " + LeaderboardLimits.MAX_LIMIT);
        }
        return new TopRequest(name, where, limit);
    }
}
