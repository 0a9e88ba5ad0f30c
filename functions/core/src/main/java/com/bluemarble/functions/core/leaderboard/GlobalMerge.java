package com.bluemarble.functions.core.leaderboard;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Exact global answers from per-shard answers. Every shard orders its entries with
 * {@link LeaderboardEntry#BETTER_FIRST}, so:
 * <ul>
 * <li>the global top N is among the union of each shard's top N: merge them and keep N;</li>
 * <li>an entry's global rank is 1 + the sum over shards of the entries strictly better than it
 *     (each shard counts its own exactly, so no entry is counted twice or missed);</li>
 * <li>the n entries just above (below) it globally are among each shard's n entries just above
 *     (below) it.</li>
 * </ul>
 */
public final class GlobalMerge {

    private GlobalMerge() {}

    public static List<RankedEntry> top(Collection<List<LeaderboardEntry>> perShardTops, int limit) {
        List<LeaderboardEntry> all = new ArrayList<>();
        perShardTops.forEach(all::addAll);
        all.sort(LeaderboardEntry.BETTER_FIRST);
        List<RankedEntry> ranked = new ArrayList<>(Math.min(limit, all.size()));
        for (int i = 0; i < all.size() && i < limit; i++) {
            ranked.add(new RankedEntry(i + 1, all.get(i)));
        }
        return ranked;
    }

    public static long rank(Collection<Neighbourhood> perShard) {
        long better = 0;
        for (Neighbourhood shard : perShard) {
            better += shard.better();
        }
        return better + 1;
    }

    /** The n global neighbours above and below an entry of rank {@code rank}, best first, with their global ranks. */
    public static List<RankedEntry> around(Collection<Neighbourhood> perShard, long rank, int n) {
        List<LeaderboardEntry> above = new ArrayList<>();
        List<LeaderboardEntry> below = new ArrayList<>();
        for (Neighbourhood shard : perShard) {
            above.addAll(shard.above());
            below.addAll(shard.below());
        }
        above.sort(LeaderboardEntry.BETTER_FIRST);
        below.sort(LeaderboardEntry.BETTER_FIRST);
        List<RankedEntry> result = new ArrayList<>();
        int keptAbove = Math.min(n, above.size());
        for (int i = above.size() - keptAbove; i < above.size(); i++) {
            result.add(new RankedEntry(rank - (above.size() - i), above.get(i)));
        }
        for (int i = 0; i < n && i < below.size(); i++) {
            result.add(new RankedEntry(rank + 1 + i, below.get(i)));
        }
        return result;
    }
}
