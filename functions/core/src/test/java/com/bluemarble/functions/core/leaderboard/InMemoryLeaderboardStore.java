package com.bluemarble.functions.core.leaderboard;

import com.bluemarble.functions.core.error.DomainException;
import com.bluemarble.functions.core.error.ErrorCode;
import com.bluemarble.functions.core.player.PlayerId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A leaderboard store in memory for core unit tests: sorts lists on every read, simple on purpose. */
public final class InMemoryLeaderboardStore implements LeaderboardStore {

    private final Map<SeasonShard, Map<PlayerId, LeaderboardEntry>> shards = new HashMap<>();
    private final Map<SeasonShard, SeasonState> states = new HashMap<>();
    private final Map<SeasonShard, Instant> expiries = new HashMap<>();
    private final Set<Region> down = new HashSet<>();
    private final Map<Region, Set<PlayerId>> erased = new HashMap<>();

    /** Makes every call touching {@code region} fail as an unreachable shard would. */
    public synchronized void takeDown(Region region) {
        down.add(region);
    }

    public synchronized Instant expiry(SeasonShard shard) {
        return expiries.get(shard);
    }

    /** Drops shards whose expiry is not after {@code now}, as Redis would. */
    public synchronized void expireUpTo(Instant now) {
        expiries.entrySet().removeIf(e -> {
            if (!e.getValue().isAfter(now)) {
                shards.remove(e.getKey());
                states.remove(e.getKey());
                return true;
            }
            return false;
        });
    }

    private void reachable(Collection<Region> regions) {
        for (Region region : regions) {
            if (down.contains(region)) {
                throw DomainException.unavailable("leaderboard shard " + region, null);
            }
        }
    }

    private List<LeaderboardEntry> sorted(SeasonShard shard) {
        List<LeaderboardEntry> entries =
                new ArrayList<>(shards.getOrDefault(shard, Map.of()).values());
        entries.sort(LeaderboardEntry.BETTER_FIRST);
        return entries;
    }

    @Override
    public synchronized SubmitOutcome submit(SeasonShard shard, PlayerId player, long score, Instant at) {
        reachable(List.of(shard.region()));
        if (states.get(shard) == SeasonState.CLOSING || states.get(shard) == SeasonState.ARCHIVED) {
            throw new DomainException(ErrorCode.SEASON_CLOSED, "season " + shard.seasonId() + " is closed");
        }
        if (erased.getOrDefault(shard.region(), Set.of()).contains(player)) {
            throw new DomainException(ErrorCode.PLAYER_ERASED, "player " + player + " has been erased");
        }
        states.put(shard, SeasonState.OPEN);
        Map<PlayerId, LeaderboardEntry> entries = shards.computeIfAbsent(shard, s -> new HashMap<>());
        LeaderboardEntry stored = entries.get(player);
        boolean improved = stored == null
                || score > stored.score()
                || (score == stored.score() && at.isBefore(stored.achievedAt()));
        if (improved) {
            entries.put(player, new LeaderboardEntry(player, shard.region(), score, at));
        }
        LeaderboardEntry best = entries.get(player);
        return new SubmitOutcome(improved, best, sorted(shard).indexOf(best) + 1);
    }

    @Override
    public synchronized Map<Region, List<LeaderboardEntry>> top(
            BoardSeason season, Collection<Region> regions, int limit) {
        reachable(regions);
        Map<Region, List<LeaderboardEntry>> result = new LinkedHashMap<>();
        for (Region region : regions) {
            List<LeaderboardEntry> all = sorted(season.shard(region));
            result.put(region, List.copyOf(all.subList(0, Math.min(limit, all.size()))));
        }
        return result;
    }

    @Override
    public synchronized Map<Region, LeaderboardEntry> find(
            BoardSeason season, Collection<Region> regions, PlayerId player) {
        reachable(regions);
        Map<Region, LeaderboardEntry> result = new LinkedHashMap<>();
        for (Region region : regions) {
            LeaderboardEntry entry =
                    shards.getOrDefault(season.shard(region), Map.of()).get(player);
            if (entry != null) {
                result.put(region, entry);
            }
        }
        return result;
    }

    @Override
    public synchronized Map<Region, Neighbourhood> neighbourhoods(
            BoardSeason season, Collection<Region> regions, LeaderboardEntry pivot, int around) {
        reachable(regions);
        Map<Region, Neighbourhood> result = new LinkedHashMap<>();
        for (Region region : regions) {
            List<LeaderboardEntry> better = new ArrayList<>();
            List<LeaderboardEntry> worse = new ArrayList<>();
            for (LeaderboardEntry entry : sorted(season.shard(region))) {
                int order = LeaderboardEntry.BETTER_FIRST.compare(entry, pivot);
                if (order < 0) {
                    better.add(entry);
                } else if (order > 0) {
                    worse.add(entry);
                }
            }
            result.put(
                    region,
                    new Neighbourhood(
                            better.size(),
                            better.subList(Math.max(0, better.size() - around), better.size()),
                            worse.subList(0, Math.min(around, worse.size()))));
        }
        return result;
    }

    @Override
    public synchronized SeasonState state(SeasonShard shard) {
        reachable(List.of(shard.region()));
        return states.getOrDefault(shard, SeasonState.ABSENT);
    }

    @Override
    public synchronized void close(SeasonShard shard) {
        reachable(List.of(shard.region()));
        if (states.get(shard) != SeasonState.ARCHIVED) {
            states.put(shard, SeasonState.CLOSING);
        }
    }

    @Override
    public synchronized List<LeaderboardEntry> readAll(SeasonShard shard) {
        reachable(List.of(shard.region()));
        return sorted(shard);
    }

    @Override
    public synchronized void markArchived(SeasonShard shard, ArchiveReceipt receipt, Instant expireAt) {
        reachable(List.of(shard.region()));
        states.put(shard, SeasonState.ARCHIVED);
        expiries.put(shard, expireAt);
    }

    @Override
    public synchronized void freeze(PlayerId player, Collection<Region> regions) {
        for (Region region : regions) {
            reachable(List.of(region));
            erased.computeIfAbsent(region, r -> new HashSet<>()).add(player);
        }
    }

    @Override
    public synchronized Map<Region, SeasonState> remove(
            BoardSeason season, Collection<Region> regions, PlayerId player) {
        reachable(regions);
        Map<Region, SeasonState> result = new LinkedHashMap<>();
        for (Region region : regions) {
            SeasonShard shard = season.shard(region);
            Map<PlayerId, LeaderboardEntry> entries = shards.get(shard);
            if (entries != null) {
                entries.remove(player);
            }
            result.put(region, states.getOrDefault(shard, SeasonState.ABSENT));
        }
        return result;
    }

    @Override
    public synchronized void updateArchiveReceipt(SeasonShard shard, ArchiveReceipt receipt) {
        reachable(List.of(shard.region()));
    }
}
