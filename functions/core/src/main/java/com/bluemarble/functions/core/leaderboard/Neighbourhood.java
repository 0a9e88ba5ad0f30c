package com.bluemarble.functions.core.leaderboard;

import java.util.List;

/**
 * What one shard knows about a pivot entry: how many of its entries are strictly better, and
 * its entries just above and just below the pivot (the pivot itself excluded).
 *
 * @param better number of entries strictly better than the pivot
 * @param above up to n entries just better than the pivot, best first
 * @param below up to n entries just worse than the pivot, best first
 */
public record Neighbourhood(long better, List<LeaderboardEntry> above, List<LeaderboardEntry> below) {

    public Neighbourhood {
        above = List.copyOf(above);
        below = List.copyOf(below);
    }
}
