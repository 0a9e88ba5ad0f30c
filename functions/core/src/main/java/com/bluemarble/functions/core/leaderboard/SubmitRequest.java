package com.bluemarble.functions.core.leaderboard;

import com.bluemarble.functions.core.player.PlayerId;

/** {@code leaderboardSubmit}: keep the player's best score on a board for the current season. */
public record SubmitRequest(BoardName board, PlayerId playerId, Region region, long score) {

    public static SubmitRequest of(String board, String playerId, String region, Long score) {
        return new SubmitRequest(BoardName.of(board), PlayerId.of(playerId), Region.of(region), Scores.check(score));
    }
}
