package com.bluemarble.functions.adapter.redis;

import com.bluemarble.functions.core.error.DomainException;
import com.bluemarble.functions.core.error.ErrorCode;
import com.bluemarble.functions.core.leaderboard.ArchiveReceipt;
import com.bluemarble.functions.core.leaderboard.BoardSeason;
import com.bluemarble.functions.core.leaderboard.LeaderboardEntry;
import com.bluemarble.functions.core.leaderboard.LeaderboardStore;
import com.bluemarble.functions.core.leaderboard.Neighbourhood;
import com.bluemarble.functions.core.leaderboard.Region;
import com.bluemarble.functions.core.leaderboard.SeasonShard;
import com.bluemarble.functions.core.leaderboard.SeasonState;
import com.bluemarble.functions.core.leaderboard.ShardSubmit;
import com.bluemarble.functions.core.leaderboard.SubmitOutcome;
import com.bluemarble.functions.core.player.PlayerId;
import com.bluemarble.functions.core.telemetry.MetricNames;
import com.bluemarble.functions.core.telemetry.Metrics;
import com.bluemarble.functions.core.telemetry.Telemetry;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Leaderboards on Redis sorted sets, one shard per region (see {@link SeasonKeys} for the keys,
 * {@link EntryMember} for the tie-break encoding, {@code lua/leaderboard/*.lua} for the atomic
 * steps). Calls over several regions are issued together and awaited under one deadline; any
 * shard failing or missing the deadline makes the whole call 503, never a partial answer.
 */
public final class RedisLeaderboardStore implements LeaderboardStore {

    static final String CLOSING = "closing";
    static final String ARCHIVED_PREFIX = "archived ";
    /** The submit script's first reply element for an erased player ({@code -1} is a closed season). */
    private static final long ERASED_REPLY = -2;

    private static final int READ_CHUNK = 1000;
    private static final int READ_WINDOW = 16;

    private static final LuaScript SUBMIT = LuaScript.load("submit");
    private static final LuaScript FIND = LuaScript.load("find");
    private static final LuaScript NEIGHBOURHOOD = LuaScript.load("neighbourhood");
    private static final LuaScript ARCHIVED = LuaScript.load("archived");
    private static final LuaScript ERASE = LuaScript.load("erase");
    private static final LuaScript RECEIPT = LuaScript.load("receipt");

    private final RedisShardConnections connections;
    private final RedisLeaderboardSettings settings;
    private final Clock clock;

    /** {@code clock} is the same clock the core uses, so expiries agree with its notion of season ends. */
    public RedisLeaderboardStore(RedisShardConnections connections, RedisLeaderboardSettings settings, Clock clock) {
        this.connections = connections;
        this.settings = settings;
        this.clock = clock;
    }

    @Override
    public SubmitOutcome submit(SeasonShard shard, PlayerId player, long score, Instant at) {
        SeasonKeys keys = SeasonKeys.of(shard);
        List<Object> reply = onOne(
                shard.region(),
                redis -> SUBMIT.<List<Object>>run(
                        redis,
                        ScriptOutputType.MULTI,
                        keys.forSubmit(),
                        player.value(),
                        Long.toString(score),
                        EntryMember.encode(player, at)));
        long improved = (Long) reply.get(0);
        if (improved == ERASED_REPLY) {
            throw erased(List.of(player), "");
        }
        if (improved < 0) {
            throw new DomainException(
                    ErrorCode.SEASON_CLOSED,
                    "season " + shard.seasonId() + " of " + shard.board()
                            + " has ended and is being archived; submit again to reach the current season");
        }
        LeaderboardEntry best = EntryMember.decode((String) reply.get(1), (String) reply.get(2), shard.region());
        return new SubmitOutcome(improved == 1, best, (Long) reply.get(3) + 1);
    }

    /**
     * Pipelined per shard: every region's submits are written to its connection back to back
     * without waiting for replies (lettuce sends each command as it is issued and matches replies
     * in order), all regions at once, and awaited together under one deadline. Redis runs a
     * connection's scripts in order, so two entries of one player apply in list order.
     */
    @Override
    public List<SubmitOutcome> submitAll(List<ShardSubmit> submits, Instant at) {
        Map<Region, List<Integer>> byRegion = new LinkedHashMap<>();
        for (int i = 0; i < submits.size(); i++) {
            byRegion.computeIfAbsent(submits.get(i).shard().region(), r -> new ArrayList<>())
                    .add(i);
        }
        refuseErased(submits, byRegion);
        Map<Region, List<List<Object>>> replies = onEach(byRegion.keySet(), (region, redis) -> {
            List<CompletableFuture<List<Object>>> sent = new ArrayList<>();
            for (int i : byRegion.get(region)) {
                ShardSubmit submit = submits.get(i);
                sent.add(SUBMIT.run(
                        redis,
                        ScriptOutputType.MULTI,
                        SeasonKeys.of(submit.shard()).forSubmit(),
                        submit.player().value(),
                        Long.toString(submit.score()),
                        EntryMember.encode(submit.player(), at)));
            }
            return CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new))
                    .thenApply(
                            done -> sent.stream().map(CompletableFuture::join).toList());
        });
        SubmitOutcome[] outcomes = new SubmitOutcome[submits.size()];
        List<SeasonShard> closed = new ArrayList<>();
        List<PlayerId> erased = new ArrayList<>();
        byRegion.forEach((region, indexes) -> {
            List<List<Object>> regionReplies = replies.get(region);
            for (int k = 0; k < indexes.size(); k++) {
                int i = indexes.get(k);
                List<Object> reply = regionReplies.get(k);
                long improved = (Long) reply.get(0);
                if (improved == ERASED_REPLY) {
                    erased.add(submits.get(i).player());
                    continue;
                }
                if (improved < 0) {
                    closed.add(submits.get(i).shard());
                    continue;
                }
                LeaderboardEntry best = EntryMember.decode((String) reply.get(1), (String) reply.get(2), region);
                outcomes[i] = new SubmitOutcome(improved == 1, best, (Long) reply.get(3) + 1);
            }
        });
        if (!erased.isEmpty()) {
            // Only when an erasure was frozen between the check above and the scripts.
            throw erased(erased, "; the batch's other entries were applied (submits are idempotent)");
        }
        if (!closed.isEmpty()) {
            SeasonShard first = closed.get(0);
            throw new DomainException(
                    ErrorCode.SEASON_CLOSED,
                    closed.size() + " entries reached a season that has ended and is being archived (first: season "
                            + first.seasonId() + " of " + first.board()
                            + "); the others were applied; submit again to reach the current season");
        }
        return List.of(outcomes);
    }

    /**
     * A batch naming an erased player is refused whole before anything is applied: one
     * SMISMEMBER per region the batch touches, all regions at once. The submit script checks
     * again atomically with each write, so a freeze that lands in between still refuses the
     * entry (and the batch answers 409 after applying the others, like SEASON_CLOSED).
     */
    private void refuseErased(List<ShardSubmit> submits, Map<Region, List<Integer>> byRegion) {
        Map<Region, List<String>> players = new LinkedHashMap<>();
        byRegion.forEach((region, indexes) -> players.put(
                region,
                indexes.stream()
                        .map(i -> submits.get(i).player().value())
                        .distinct()
                        .toList()));
        Map<Region, List<Boolean>> marked = onEach(
                players.keySet(),
                (region, redis) -> redis.smismember(
                                SeasonKeys.ERASED, players.get(region).toArray(String[]::new))
                        .toCompletableFuture());
        java.util.Set<PlayerId> erased = new java.util.TreeSet<>();
        marked.forEach((region, flags) -> {
            for (int k = 0; k < flags.size(); k++) {
                if (Boolean.TRUE.equals(flags.get(k))) {
                    erased.add(PlayerId.of(players.get(region).get(k)));
                }
            }
        });
        if (!erased.isEmpty()) {
            throw erased(List.copyOf(erased), "; no entry of the batch was applied");
        }
    }

    private static DomainException erased(List<PlayerId> players, String detail) {
        return new DomainException(
                ErrorCode.PLAYER_ERASED,
                "player(s) "
                        + players.stream()
                                .map(PlayerId::value)
                                .distinct()
                                .sorted()
                                .toList() + " have been erased; their scores are no longer accepted" + detail);
    }

    /** SADD on every region's Redis at once; any region failing fails the freeze (503, retry). */
    @Override
    public void freeze(PlayerId player, Collection<Region> regions) {
        onEach(
                regions,
                (region, redis) -> redis.sadd(SeasonKeys.ERASED, player.value()).toCompletableFuture());
    }

    @Override
    public Map<Region, SeasonState> remove(BoardSeason season, Collection<Region> regions, PlayerId player) {
        Map<Region, List<Object>> replies = onEach(
                regions,
                (region, redis) -> ERASE.<List<Object>>run(
                        redis,
                        ScriptOutputType.MULTI,
                        SeasonKeys.of(season.shard(region)).all(),
                        player.value()));
        Map<Region, SeasonState> states = new LinkedHashMap<>();
        replies.forEach((region, reply) -> {
            String marker = (String) reply.get(1);
            SeasonState state;
            if (marker != null) {
                state = marker.startsWith(ARCHIVED_PREFIX) ? SeasonState.ARCHIVED : SeasonState.CLOSING;
            } else {
                state = (Long) reply.get(2) > 0 ? SeasonState.OPEN : SeasonState.ABSENT;
            }
            states.put(region, state);
        });
        return states;
    }

    @Override
    public void updateArchiveReceipt(SeasonShard shard, ArchiveReceipt receipt) {
        onOne(
                shard.region(),
                redis -> RECEIPT.<Long>run(
                        redis,
                        ScriptOutputType.INTEGER,
                        new String[] {SeasonKeys.of(shard).closed()},
                        ARCHIVED_PREFIX,
                        archivedMarker(receipt)));
    }

    private static String archivedMarker(ArchiveReceipt receipt) {
        return ARCHIVED_PREFIX + receipt.location() + " sha256=" + receipt.sha256() + " entries=" + receipt.entries();
    }

    @Override
    public Map<Region, List<LeaderboardEntry>> top(BoardSeason season, Collection<Region> regions, int limit) {
        return onEach(
                regions,
                (region, redis) -> redis.zrevrangeWithScores(
                                SeasonKeys.of(season.shard(region)).scores(), 0, limit - 1L)
                        .toCompletableFuture()
                        .thenApply(values -> entries(values, region)));
    }

    @Override
    public Map<Region, LeaderboardEntry> find(BoardSeason season, Collection<Region> regions, PlayerId player) {
        Map<Region, List<Object>> replies = onEach(regions, (region, redis) -> {
            SeasonKeys keys = SeasonKeys.of(season.shard(region));
            return FIND.<List<Object>>run(
                    redis, ScriptOutputType.MULTI, new String[] {keys.scores(), keys.members()}, player.value());
        });
        Map<Region, LeaderboardEntry> found = new LinkedHashMap<>();
        replies.forEach((region, reply) -> {
            if (!reply.isEmpty()) {
                found.put(region, EntryMember.decode((String) reply.get(0), (String) reply.get(1), region));
            }
        });
        return found;
    }

    @Override
    public Map<Region, Neighbourhood> neighbourhoods(
            BoardSeason season, Collection<Region> regions, LeaderboardEntry pivot, int around) {
        String member = EntryMember.encode(pivot.playerId(), pivot.achievedAt());
        Map<Region, List<Object>> replies = onEach(
                regions,
                (region, redis) -> NEIGHBOURHOOD.<List<Object>>run(
                        redis,
                        ScriptOutputType.MULTI,
                        new String[] {SeasonKeys.of(season.shard(region)).scores()},
                        Long.toString(pivot.score()),
                        member,
                        Integer.toString(around)));
        Map<Region, Neighbourhood> result = new LinkedHashMap<>();
        replies.forEach((region, reply) -> result.put(
                region,
                new Neighbourhood(
                        (Long) reply.get(0), flatEntries(reply.get(1), region), flatEntries(reply.get(2), region))));
        return result;
    }

    @Override
    public SeasonState state(SeasonShard shard) {
        SeasonKeys keys = SeasonKeys.of(shard);
        return onOne(shard.region(), redis -> {
            // Both commands go out together on the connection: one round trip.
            CompletableFuture<Long> exists = redis.exists(keys.scores()).toCompletableFuture();
            CompletableFuture<String> marker = redis.get(keys.closed()).toCompletableFuture();
            return exists.thenCombine(marker, (scores, closed) -> {
                if (closed != null) {
                    return closed.startsWith(ARCHIVED_PREFIX) ? SeasonState.ARCHIVED : SeasonState.CLOSING;
                }
                return scores > 0 ? SeasonState.OPEN : SeasonState.ABSENT;
            });
        });
    }

    @Override
    public void close(SeasonShard shard) {
        // NX: never turn an archived shard back into a closing one.
        onOne(
                shard.region(),
                redis -> redis.set(SeasonKeys.of(shard).closed(), CLOSING, SetArgs.Builder.nx())
                        .toCompletableFuture());
    }

    @Override
    public List<LeaderboardEntry> readAll(SeasonShard shard) {
        String scores = SeasonKeys.of(shard).scores();
        List<LeaderboardEntry> all = new ArrayList<>();
        // Chunks keep each command short, so other clients' commands interleave and nothing blocks
        // the shard; a window of chunks is pipelined (sent together, awaited together), which is
        // safe because a closed season no longer changes. The first short chunk ends the read.
        for (long window = 0; ; window += READ_CHUNK * READ_WINDOW) {
            long first = window;
            List<List<LeaderboardEntry>> chunks = onOne(shard.region(), redis -> {
                List<CompletableFuture<List<LeaderboardEntry>>> reads = new ArrayList<>();
                for (long from = first; from < first + READ_CHUNK * READ_WINDOW; from += READ_CHUNK) {
                    reads.add(redis.zrevrangeWithScores(scores, from, from + READ_CHUNK - 1)
                            .toCompletableFuture()
                            .thenApply(values -> entries(values, shard.region())));
                }
                return CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new))
                        .thenApply(done ->
                                reads.stream().map(CompletableFuture::join).toList());
            });
            for (List<LeaderboardEntry> chunk : chunks) {
                all.addAll(chunk);
                if (chunk.size() < READ_CHUNK) {
                    return all;
                }
            }
        }
    }

    @Override
    public void markArchived(SeasonShard shard, ArchiveReceipt receipt, Instant expireAt) {
        // A relative TTL from the core's clock, never an absolute time from the past: the keys are
        // freed by Redis's expiry (non-blocking with lazyfree-lazy-expire), never by a DEL here.
        long ttlMillis = Math.max(1, Duration.between(clock.instant(), expireAt).toMillis());
        String marker = archivedMarker(receipt);
        onOne(
                shard.region(),
                redis -> ARCHIVED.<Long>run(
                        redis, ScriptOutputType.INTEGER, SeasonKeys.of(shard).all(), marker, Long.toString(ttlMillis)));
    }

    /** Remaining time to live of a shard's ranking, for tests and operators: -2 when gone. */
    public long ttlMillis(SeasonShard shard) {
        return onOne(
                shard.region(),
                redis -> redis.pttl(SeasonKeys.of(shard).scores()).toCompletableFuture());
    }

    private static List<LeaderboardEntry> entries(List<ScoredValue<String>> values, Region region) {
        List<LeaderboardEntry> entries = new ArrayList<>(values.size());
        for (ScoredValue<String> value : values) {
            // |score| <= 2^53 is exact as a double, so the cast loses nothing.
            entries.add(EntryMember.decode(value.getValue(), Long.toString((long) value.getScore()), region));
        }
        return entries;
    }

    private static List<LeaderboardEntry> flatEntries(Object memberScorePairs, Region region) {
        List<?> flat = (List<?>) memberScorePairs;
        List<LeaderboardEntry> entries = new ArrayList<>(flat.size() / 2);
        for (int i = 0; i < flat.size(); i += 2) {
            entries.add(EntryMember.decode((String) flat.get(i), (String) flat.get(i + 1), region));
        }
        return entries;
    }

    private <T> T onOne(Region region, Function<RedisAsyncCommands<String, String>, CompletableFuture<T>> call) {
        return onEach(List.of(region), (r, redis) -> call.apply(redis)).get(region);
    }

    private interface ShardCall<T> {
        CompletableFuture<T> apply(Region region, RedisAsyncCommands<String, String> redis);
    }

    /**
     * Runs {@code call} on every region's shard at once and waits for all under the query
     * deadline. The first failure ends the wait: a dead shard answers 503 as soon as it fails.
     */
    private <T> Map<Region, T> onEach(Collection<Region> regions, ShardCall<T> call) {
        return Telemetry.tracing().call("Redis", "shards " + regions, () -> onEachTimed(regions, call));
    }

    /** {@link #onEach}, with each shard's call counted and timed (metrics put on the caller's thread). */
    private <T> Map<Region, T> onEachTimed(Collection<Region> regions, ShardCall<T> call) {
        long start = System.nanoTime();
        Map<Region, Long> finished = new java.util.concurrent.ConcurrentHashMap<>();
        try {
            return onEachUntimed(
                    regions,
                    (region, redis) -> call.apply(region, redis)
                            .whenComplete((value, failure) -> finished.put(region, System.nanoTime())));
        } finally {
            Metrics metrics = Telemetry.metrics();
            long now = System.nanoTime();
            for (Region region : regions) {
                // A shard that did not answer in time counts with the time waited for it.
                double millis = (finished.getOrDefault(region, now) - start) / 1e6;
                metrics.count(MetricNames.LEADERBOARD_SHARD_CALLS, 1, MetricNames.SHARD, region.value());
                metrics.put(
                        MetricNames.LEADERBOARD_SHARD_LATENCY,
                        millis,
                        Metrics.Unit.MILLISECONDS,
                        MetricNames.SHARD,
                        region.value());
            }
        }
    }

    private <T> Map<Region, T> onEachUntimed(Collection<Region> regions, ShardCall<T> call) {
        Map<Region, CompletableFuture<T>> calls = new LinkedHashMap<>();
        CompletableFuture<Void> firstFailure = new CompletableFuture<>();
        for (Region region : regions) {
            URI endpoint = settings.endpoints().get(region);
            if (endpoint == null) {
                throw new IllegalStateException("no Redis endpoint configured for region " + region);
            }
            CompletableFuture<T> result = connections
                    .connection(endpoint)
                    .thenCompose(connection -> call.apply(region, connection.async()))
                    .handle((value, failure) -> {
                        if (failure != null) {
                            throw new ShardFailure(region, unwrap(failure));
                        }
                        return value;
                    });
            result.whenComplete((value, failure) -> {
                if (failure != null) {
                    firstFailure.completeExceptionally(failure);
                }
            });
            calls.put(region, result);
        }
        CompletableFuture<Void> all = CompletableFuture.allOf(calls.values().toArray(CompletableFuture[]::new));
        try {
            CompletableFuture.anyOf(all, firstFailure)
                    .get(settings.queryTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            List<Region> late = calls.entrySet().stream()
                    .filter(c -> !c.getValue().isDone())
                    .map(Map.Entry::getKey)
                    .toList();
            calls.values().forEach(c -> c.cancel(false));
            throw unavailable(
                    "leaderboard shard(s) " + late + " did not answer within "
                            + settings.queryTimeout().toMillis() + " ms",
                    e);
        } catch (ExecutionException e) {
            Throwable cause = unwrap(e);
            if (cause instanceof ShardFailure failure) {
                // The caller learns which shard; the cause (host, driver message) goes to the logs only.
                throw failure.cause instanceof DomainException domain
                        ? domain
                        : unavailable("leaderboard shard " + failure.region + " is unavailable", failure.cause);
            }
            throw unavailable("a leaderboard shard is unavailable", cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable("interrupted while waiting for leaderboard shards", e);
        }
        Map<Region, T> results = new LinkedHashMap<>();
        calls.forEach((region, result) -> results.put(region, result.join()));
        return results;
    }

    private static DomainException unavailable(String message, Throwable cause) {
        return new DomainException(ErrorCode.STORE_UNAVAILABLE, message + "; safe to retry", cause);
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    private static final class ShardFailure extends RuntimeException {
        final Region region;
        final Throwable cause;

        ShardFailure(Region region, Throwable cause) {
            super("shard " + region + ": " + cause, cause, false, false);
            this.region = region;
            this.cause = cause;
        }
    }
}
