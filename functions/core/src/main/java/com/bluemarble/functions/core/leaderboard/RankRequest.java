package com.bluemarble.functions.core.leaderboard;

import com.bluemarble.functions.core.error.DomainException;
import com.bluemarble.functions.core.error.ErrorCode;
import com.bluemarble.functions.core.player.PlayerId;

/** {@code leaderboardRank}: a player's global and regional rank, with {@code around} neighbours on each side (default 0). */
public record RankRequest(BoardName board, PlayerId playerId, int around) {

    public static RankRequest of(String board, String playerId, Integer around) {
        BoardName name = BoardName.of(board);
        PlayerId player = PlayerId.of(playerId);
        int n = around == null ? 0 : around;
        if (n < 0) {
            throw new DomainException(ErrorCode.INVALID_AROUND, "around must not be negative");
        }
        if (n > LeaderboardLimits.MAX_AROUND) {
            throw new DomainException(
                    ErrorCode.AROUND_TOO_LARGE, "around is capped at " + LeaderboardLimits.MAX_AROUND);
        }
        return new RankRequest(name, player, n);
    }
}
