package com.bluemarble.functions.core.leaderboard;

import com.bluemarble.functions.core.player.PlayerId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The oracle for exactness tests: replays submits the obvious way (a map per region, one full
 * sort per question) so any store and merge can be compared with it. Shared with adapter tests.
 */
public final class BruteForceLeaderboard {

    private final Map<Region, Map<PlayerId, LeaderboardEntry>> best = new HashMap<>();

    /** Applies one submit that the store accepted at {@code at} (millisecond precision). */
    public synchronized void submit(Region region, PlayerId player, long score, Instant at) {
        Map<PlayerId, LeaderboardEntry> entries = best.computeIfAbsent(region, r -> new HashMap<>());
        LeaderboardEntry stored = entries.get(player);
        // An equal score replaces only when reached earlier: the entry keeps the first achievement.
        if (stored == null || score > stored.score() || (score == stored.score() && at.isBefore(stored.achievedAt()))) {
            entries.put(player, new LeaderboardEntry(player, region, score, at));
        }
    }

    public synchronized List<LeaderboardEntry> global() {
        List<LeaderboardEntry> all = new ArrayList<>();
        best.values().forEach(m -> all.addAll(m.values()));
        all.sort(LeaderboardEntry.BETTER_FIRST);
        return all;
    }

    public synchronized List<LeaderboardEntry> regional(Region region) {
        List<LeaderboardEntry> all =
                new ArrayList<>(best.getOrDefault(region, Map.of()).values());
        all.sort(LeaderboardEntry.BETTER_FIRST);
        return all;
    }

    public List<RankedEntry> top(List<LeaderboardEntry> ordered, int limit) {
        List<RankedEntry> top = new ArrayList<>();
        for (int i = 0; i < ordered.size() && i < limit; i++) {
            top.add(new RankedEntry(i + 1, ordered.get(i)));
        }
        return top;
    }

    /** The player's best entry across regions, as leaderboardRank reports it. */
    public synchronized LeaderboardEntry entryOf(PlayerId player) {
        return global().stream()
                .filter(e -> e.playerId().equals(player))
                .findFirst()
                .orElse(null);
    }

    public static long rankOf(List<LeaderboardEntry> ordered, LeaderboardEntry entry) {
        return ordered.indexOf(Objects.requireNonNull(entry)) + 1;
    }

    /** The global neighbours of {@code entry}: n above and n below, best first, with global ranks. */
    public List<RankedEntry> around(LeaderboardEntry entry, int n) {
        List<LeaderboardEntry> all = global();
        int at = all.indexOf(entry);
        List<RankedEntry> result = new ArrayList<>();
        for (int i = Math.max(0, at - n); i < Math.min(all.size(), at + n + 1); i++) {
            if (i != at) {
                result.add(new RankedEntry(i + 1, all.get(i)));
            }
        }
        return result;
    }
}
