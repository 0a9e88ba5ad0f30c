package com.bluemarble.functions.core.leaderboard;

import com.bluemarble.functions.core.player.PlayerId;
import java.time.Instant;
import java.util.Comparator;

/**
 * A player's best score in one region's season and when it was first reached (millisecond
 * precision, the submitting function's clock).
 */
public record LeaderboardEntry(PlayerId playerId, Region region, long score, Instant achievedAt) {

    /**
     * Rank order, best first: higher score; on equal scores the earlier first achievement; on
     * the same millisecond too, the player id in descending byte order (what Redis does for
     * equal sorted-set members in reverse order; an arbitrary but fixed and documented rule).
     * The region takes no part, so every shard orders entries the same way.
     */
    public static final Comparator<LeaderboardEntry> BETTER_FIRST = Comparator.comparingLong(LeaderboardEntry::score)
            .reversed()
            .thenComparing(LeaderboardEntry::achievedAt)
            .thenComparing(e -> e.playerId().value(), Comparator.reverseOrder());

    public boolean isBetterThan(LeaderboardEntry other) {
        return BETTER_FIRST.compare(this, other) < 0;
    }
}
