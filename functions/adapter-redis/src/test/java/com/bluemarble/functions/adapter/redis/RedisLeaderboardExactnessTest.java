package com.bluemarble.functions.adapter.redis;

import static com.bluemarble.functions.adapter.redis.TestShards.REGIONS;
import static org.assertj.core.api.Assertions.assertThat;

import com.bluemarble.functions.core.leaderboard.BoardConfig;
import com.bluemarble.functions.core.leaderboard.BoardName;
import com.bluemarble.functions.core.leaderboard.BruteForceLeaderboard;
import com.bluemarble.functions.core.leaderboard.LeaderboardCatalog;
import com.bluemarble.functions.core.leaderboard.LeaderboardEntry;
import com.bluemarble.functions.core.leaderboard.LeaderboardLimits;
import com.bluemarble.functions.core.leaderboard.LeaderboardService;
import com.bluemarble.functions.core.leaderboard.MutableClock;
import com.bluemarble.functions.core.leaderboard.RankReply;
import com.bluemarble.functions.core.leaderboard.RankRequest;
import com.bluemarble.functions.core.leaderboard.Region;
import com.bluemarble.functions.core.leaderboard.ResetSchedule;
import com.bluemarble.functions.core.leaderboard.Scores;
import com.bluemarble.functions.core.leaderboard.Season;
import com.bluemarble.functions.core.leaderboard.SeasonShard;
import com.bluemarble.functions.core.leaderboard.SubmitReply;
import com.bluemarble.functions.core.leaderboard.SubmitRequest;
import com.bluemarble.functions.core.leaderboard.TopRequest;
import com.bluemarble.functions.core.player.PlayerId;
import com.bluemarble.functions.emulators.Emulators;
import com.bluemarble.functions.emulators.RedisServers;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Thousands of random submits over three regions on two real redis-servers, checked against brute force. */
class RedisLeaderboardExactnessTest {

    private static RedisServers servers;
    private static RedisShardConnections connections;
    private static RedisLeaderboardStore store;
    private static final MutableClock clock = new MutableClock(Instant.parse("2026-11-21T08:00:00Z"));

    @BeforeAll
    static void connect() {
        servers = Emulators.redis();
        RedisLeaderboardSettings settings = TestShards.patientSettings(servers);
        connections = new RedisShardConnections(settings);
        store = new RedisLeaderboardStore(connections, settings, clock);
    }

    @AfterAll
    static void close() {
        connections.close();
    }

    private static LeaderboardService service(String board) {
        return new LeaderboardService(
                new LeaderboardCatalog(List.of(BoardConfig.of(board, ResetSchedule.NONE, Duration.ZERO)), REGIONS),
                store,
                clock);
    }

    @Test
    void everyRankTopAndNeighbourhoodEqualsBruteForce() {
        String board = TestShards.uniqueBoard("exact");
        LeaderboardService leaderboards = service(board);
        BruteForceLeaderboard oracle = new BruteForceLeaderboard();
        Random random = new Random(4242);
        int players = 700;
        long[] boundaries = {Scores.MAX, Scores.MAX - 1, Scores.MIN, Scores.MIN + 1, 0};
        for (int i = 0; i < 5_000; i++) {
            int player = random.nextInt(players);
            Region region = REGIONS.get(player % 3); // a player's home region
            int kind = random.nextInt(100);
            long score = kind < 80
                    ? random.nextInt(250) // dense: many equal scores
                    : kind < 85
                            ? boundaries[random.nextInt(boundaries.length)]
                            : Scores.MIN + (long) (random.nextDouble() * 2 * (double) Scores.MAX);
            clock.advance(Duration.ofMillis(
                    random.nextInt(2))); // about half the submits share a millisecond with the previous one
            SubmitReply reply = leaderboards.submit(SubmitRequest.of(board, "p" + player, region.value(), score));
            oracle.submit(region, PlayerId.of("p" + player), score, clock.instant());
            assertThat(reply.best())
                    .isEqualTo(oracle.regional(region).stream()
                            .filter(e -> e.playerId().value().equals("p" + player))
                            .findFirst()
                            .orElseThrow());
        }

        List<LeaderboardEntry> global = oracle.global();
        assertThat(global).hasSizeGreaterThan(650);
        int limit = LeaderboardLimits.MAX_LIMIT;
        assertThat(leaderboards.top(TopRequest.of(board, null, limit)).entries())
                .isEqualTo(oracle.top(global, limit));
        assertThat(leaderboards.top(TopRequest.of(board, null, 7)).entries()).isEqualTo(oracle.top(global, 7));
        for (Region region : REGIONS) {
            assertThat(leaderboards
                            .top(TopRequest.of(board, region.value(), limit))
                            .entries())
                    .isEqualTo(oracle.top(oracle.regional(region), limit));
            // the whole regional order, not just its head
            assertThat(store.readAll(new SeasonShard(BoardName.of(board), Season.FOREVER.id(), region)))
                    .isEqualTo(oracle.regional(region));
        }
        for (LeaderboardEntry entry : global) {
            RankReply rank =
                    leaderboards.rank(RankRequest.of(board, entry.playerId().value(), 3));
            assertThat(rank.entry()).isEqualTo(entry);
            assertThat(rank.globalRank())
                    .as("global rank of %s", entry)
                    .isEqualTo(BruteForceLeaderboard.rankOf(global, entry));
            assertThat(rank.regionalRank())
                    .isEqualTo(BruteForceLeaderboard.rankOf(oracle.regional(entry.region()), entry));
            assertThat(rank.around()).isEqualTo(oracle.around(entry, 3));
        }
    }

    @Test
    void scoresAtTheEdgesOfTheExactRangeStayDistinct() {
        String board = TestShards.uniqueBoard("edges");
        LeaderboardService leaderboards = service(board);
        leaderboards.submit(SubmitRequest.of(board, "max", "us-east-1", Scores.MAX));
        leaderboards.submit(SubmitRequest.of(board, "below-max", "eu-west-1", Scores.MAX - 1));
        leaderboards.submit(SubmitRequest.of(board, "above-min", "ap-southeast-1", Scores.MIN + 1));
        leaderboards.submit(SubmitRequest.of(board, "min", "us-east-1", Scores.MIN));
        assertThat(leaderboards.top(TopRequest.of(board, null, 10)).entries())
                .extracting(e -> e.entry().playerId().value() + "=" + e.entry().score())
                .containsExactly(
                        "max=9007199254740992",
                        "below-max=9007199254740991",
                        "above-min=-9007199254740991",
                        "min=-9007199254740992");
        assertThat(leaderboards.rank(RankRequest.of(board, "below-max", 0)).globalRank())
                .isEqualTo(2);
    }

    @Test
    void whyTheRangeStopsAt2To53() {
        // What the cap protects against: 2^53 + 1, sent as text, is stored as 2^53 by the server itself.
        RedisClient client = RedisClient.create(servers.uris().get(0).toString());
        try (StatefulRedisConnection<String, String> redis = client.connect()) {
            String key = "lb-range-demo:" + TestShards.uniqueBoard("x");
            redis.sync()
                    .dispatch(
                            io.lettuce.core.protocol.CommandType.ZADD,
                            new io.lettuce.core.output.IntegerOutput<>(io.lettuce.core.codec.StringCodec.UTF8),
                            new io.lettuce.core.protocol.CommandArgs<>(io.lettuce.core.codec.StringCodec.UTF8)
                                    .addKey(key)
                                    .add("9007199254740993")
                                    .addValue("beyond-as-text"));
            assertThat(redis.sync().zscore(key, "beyond-as-text")).isEqualTo(9_007_199_254_740_992d);
            redis.sync().del(key);
        } finally {
            client.shutdown();
        }
    }

    @Test
    void readAllReturnsEveryEntryOfASeasonLargerThanOnePipelinedWindow() {
        String board = TestShards.uniqueBoard("big");
        SeasonShard shard = new SeasonShard(BoardName.of(board), Season.FOREVER.id(), TestShards.EU);
        List<LeaderboardEntry> expected = new java.util.ArrayList<>();
        List<io.lettuce.core.ScoredValue<String>> members = new java.util.ArrayList<>();
        Instant t0 = Instant.parse("2026-11-21T08:00:00Z");
        for (int i = 0; i < 17_001; i++) { // more than 16 chunks of 1,000: two windows, the last one short
            LeaderboardEntry entry =
                    new LeaderboardEntry(PlayerId.of("p" + i), TestShards.EU, i % 500, t0.plusMillis(i));
            expected.add(entry);
            members.add(io.lettuce.core.ScoredValue.just(
                    entry.score(), EntryMember.encode(entry.playerId(), entry.achievedAt())));
        }
        expected.sort(LeaderboardEntry.BETTER_FIRST);
        RedisClient client = RedisClient.create(servers.uris().get(1).toString());
        try (StatefulRedisConnection<String, String> redis = client.connect()) {
            redis.sync().zadd(SeasonKeys.of(shard).scores(), members.toArray(io.lettuce.core.ScoredValue[]::new));
        } finally {
            client.shutdown();
        }
        assertThat(store.readAll(shard)).isEqualTo(expected);
    }

    @Test
    void submitsKeepWorkingAfterTheServerForgetsTheScripts() {
        String board = TestShards.uniqueBoard("noscript");
        LeaderboardService leaderboards = service(board);
        leaderboards.submit(SubmitRequest.of(board, "ana", "eu-west-1", 5L));
        RedisClient client = RedisClient.create(servers.uris().get(1).toString());
        try (StatefulRedisConnection<String, String> redis = client.connect()) {
            redis.sync().scriptFlush(); // as after a restart or failover: EVALSHA answers NOSCRIPT
        } finally {
            client.shutdown();
        }
        SubmitReply reply = leaderboards.submit(SubmitRequest.of(board, "ana", "eu-west-1", 6L));
        assertThat(reply.improved()).isTrue();
        assertThat(reply.best().score()).isEqualTo(6);
    }
}
