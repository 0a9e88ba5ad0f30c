package com.bluemarble.functions.adapter.redis;

import static org.assertj.core.api.Assertions.assertThat;

import com.bluemarble.functions.core.leaderboard.BoardName;
import com.bluemarble.functions.core.leaderboard.BoardSeason;
import com.bluemarble.functions.core.leaderboard.LeaderboardEntry;
import com.bluemarble.functions.core.leaderboard.SeasonShard;
import com.bluemarble.functions.core.leaderboard.SubmitOutcome;
import com.bluemarble.functions.core.player.PlayerId;
import com.bluemarble.functions.emulators.Emulators;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Several clients (each its own connection, as separate function instances would be) submit for
 * the same players at once. No update may be lost: each player ends with the highest score
 * submitted, and among the submits of that score the earliest achievement, whatever order they
 * reached Redis in.
 */
class ConcurrentSubmitTest {

    record Submit(int player, long score, Instant at) {}

    @Test
    void bestScoreAndFirstAchievementSurviveConcurrentSubmits() throws Exception {
        RedisLeaderboardSettings settings = TestShards.settings(Emulators.redis());
        String board = TestShards.uniqueBoard("concurrent");
        SeasonShard shard = new SeasonShard(BoardName.of(board), "all", TestShards.EU);
        int clients = 8;
        int perClient = 300;
        int players = 3;

        // Distinct achievement times handed out in shuffled order, so arrival order and time order differ.
        Random random = new Random(7);
        List<Instant> times = new ArrayList<>();
        for (int i = 0; i < clients * perClient; i++) {
            times.add(Instant.parse("2026-11-21T08:00:00Z").plusMillis(i));
        }
        Collections.shuffle(times, random);
        List<List<Submit>> plans = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            List<Submit> plan = new ArrayList<>();
            for (int i = 0; i < perClient; i++) {
                plan.add(new Submit(random.nextInt(players), random.nextInt(40), times.get(c * perClient + i)));
            }
            plans.add(plan);
        }

        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<RedisShardConnections> opened = new ArrayList<>();
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> running = new ArrayList<>();
            for (List<Submit> plan : plans) {
                RedisShardConnections connections = new RedisShardConnections(settings);
                opened.add(connections);
                RedisLeaderboardStore client = new RedisLeaderboardStore(connections, settings, Clock.systemUTC());
                running.add(pool.submit(() -> {
                    start.await();
                    for (Submit submit : plan) {
                        SubmitOutcome outcome =
                                client.submit(shard, PlayerId.of("p" + submit.player()), submit.score(), submit.at());
                        // whatever else happened, the stored best is never worse than what this client just sent
                        assertThat(outcome.best().score()).isGreaterThanOrEqualTo(submit.score());
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : running) {
                future.get();
            }
            assertFinalEntries(settings, shard, opened.get(0), plans, players);
        } finally {
            pool.shutdownNow();
            opened.forEach(RedisShardConnections::close);
        }
    }

    private static void assertFinalEntries(
            RedisLeaderboardSettings settings,
            SeasonShard shard,
            RedisShardConnections connections,
            List<List<Submit>> plans,
            int players) {
        RedisLeaderboardStore reader = new RedisLeaderboardStore(connections, settings, Clock.systemUTC());
        for (int p = 0; p < players; p++) {
            int player = p;
            List<Submit> mine = plans.stream()
                    .flatMap(List::stream)
                    .filter(s -> s.player() == player)
                    .toList();
            long best = mine.stream().mapToLong(Submit::score).max().orElseThrow();
            Instant first = mine.stream()
                    .filter(s -> s.score() == best)
                    .map(Submit::at)
                    .min(Instant::compareTo)
                    .orElseThrow();
            Map<?, LeaderboardEntry> found = reader.find(
                    new BoardSeason(shard.board(), shard.seasonId()), List.of(TestShards.EU), PlayerId.of("p" + p));
            assertThat(found.get(TestShards.EU))
                    .isEqualTo(new LeaderboardEntry(PlayerId.of("p" + p), TestShards.EU, best, first));
        }
        // one entry per player: no duplicate left behind by a lost race
        assertThat(reader.readAll(shard)).hasSize(players);
    }
}
