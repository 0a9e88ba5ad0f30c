package com.bluemarble.functions.core.leaderboard;

import java.util.List;

/**
 * A player's standing. {@code around} lists the global neighbours, best first: up to n entries
 * just above (ranks globalRank-n..globalRank-1) and up to n just below, the player excluded.
 */
public record RankReply(
        BoardName board,
        String seasonId,
        LeaderboardEntry entry,
        long globalRank,
        long regionalRank,
        List<RankedEntry> around) {

    public RankReply {
        around = List.copyOf(around);
    }
}
