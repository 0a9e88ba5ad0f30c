package com.bluemarble.functions.core.leaderboard;

/**
 * What a submit left on the board.
 *
 * @param improved whether the submitted score replaced the stored best (or was the first)
 * @param best the player's best entry in that region's season after the submit
 * @param regionalRank the best entry's 1-based rank in its region right after the submit
 */
public record SubmitOutcome(boolean improved, LeaderboardEntry best, long regionalRank) {}
