package com.bluemarble.functions.core.leaderboard;

/** The player's best entry after a submit, whether this submit improved it, and its regional rank. */
public record SubmitReply(
        BoardName board, String seasonId, boolean improved, LeaderboardEntry best, long regionalRank) {}
