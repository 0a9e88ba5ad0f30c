package com.bluemarble.functions.adapter.redis;

import static com.bluemarble.functions.adapter.redis.TestShards.REGIONS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.bluemarble.functions.core.error.DomainException;
import com.bluemarble.functions.core.error.ErrorKind;
import com.bluemarble.functions.core.leaderboard.BoardConfig;
import com.bluemarble.functions.core.leaderboard.LeaderboardCatalog;
import com.bluemarble.functions.core.leaderboard.LeaderboardService;
import com.bluemarble.functions.core.leaderboard.RankRequest;
import com.bluemarble.functions.core.leaderboard.ResetSchedule;
import com.bluemarble.functions.core.leaderboard.SubmitRequest;
import com.bluemarble.functions.core.leaderboard.TopRequest;
import com.bluemarble.functions.emulators.RedisServers;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** A shard dies mid-test (its own servers: the shared ones stay up for other classes). */
class ShardOutageTest {

    /** The settings' queryTimeout (1.5 s) plus scheduling slack on a busy 2-core machine. */
    private static final Duration BOUND = Duration.ofMillis(2500);

    @Test
    void globalQueriesAnswer503QuicklyWhileHealthyRegionsKeepWorking() {
        try (RedisServers servers = RedisServers.start(2)) {
            RedisLeaderboardSettings settings = TestShards.settings(servers);
            String board = TestShards.uniqueBoard("outage");
            try (RedisShardConnections connections = new RedisShardConnections(settings)) {
                LeaderboardService leaderboards = new LeaderboardService(
                        new LeaderboardCatalog(
                                List.of(BoardConfig.of(board, ResetSchedule.NONE, Duration.ZERO)), REGIONS),
                        new RedisLeaderboardStore(connections, settings, Clock.systemUTC()),
                        Clock.systemUTC());
                leaderboards.submit(SubmitRequest.of(board, "ana", "us-east-1", 10L));
                leaderboards.submit(SubmitRequest.of(board, "ben", "eu-west-1", 20L));
                leaderboards.submit(SubmitRequest.of(board, "cy", "ap-southeast-1", 30L));
                assertThat(leaderboards.top(TopRequest.of(board, null, 10)).entries())
                        .hasSize(3);

                servers.kill(1); // eu-west-1's server

                for (int attempt = 0;
                        attempt < 3;
                        attempt++) { // the first call after the kill, and later ones while lettuce reconnects
                    assertUnavailableWithin(() -> leaderboards.top(TopRequest.of(board, null, 10)));
                    assertUnavailableWithin(() -> leaderboards.rank(RankRequest.of(board, "ana", 2)));
                    assertUnavailableWithin(() -> leaderboards.top(TopRequest.of(board, "eu-west-1", 10)));
                    assertUnavailableWithin(
                            () -> leaderboards.submit(SubmitRequest.of(board, "ben", "eu-west-1", 21L)));
                }
                assertThat(leaderboards
                                .top(TopRequest.of(board, "us-east-1", 10))
                                .entries())
                        .extracting(e -> e.entry().playerId().value())
                        .containsExactly("ana");
                assertThat(leaderboards
                                .top(TopRequest.of(board, "ap-southeast-1", 10))
                                .entries())
                        .extracting(e -> e.entry().playerId().value())
                        .containsExactly("cy");
                assertThat(leaderboards
                                .submit(SubmitRequest.of(board, "ana", "us-east-1", 11L))
                                .improved())
                        .isTrue();
            }
        }
    }

    @Test
    void anEndpointThatNeverAnsweredIs503Too() {
        try (RedisServers servers = RedisServers.start(2)) {
            RedisLeaderboardSettings settings = TestShards.settings(servers);
            servers.kill(1); // before the first connection to it
            String board = TestShards.uniqueBoard("never");
            try (RedisShardConnections connections = new RedisShardConnections(settings)) {
                LeaderboardService leaderboards = new LeaderboardService(
                        new LeaderboardCatalog(
                                List.of(BoardConfig.of(board, ResetSchedule.NONE, Duration.ZERO)), REGIONS),
                        new RedisLeaderboardStore(connections, settings, Clock.systemUTC()),
                        Clock.systemUTC());
                leaderboards.submit(SubmitRequest.of(board, "ana", "us-east-1", 10L));
                assertUnavailableWithin(() -> leaderboards.top(TopRequest.of(board, null, 10)));
                assertThat(leaderboards
                                .top(TopRequest.of(board, "us-east-1", 10))
                                .entries())
                        .hasSize(1);
            }
        }
    }

    @Test
    void aHungShardIsCutOffByTheTimeoutAndServesAgainWhenItWakes() throws Exception {
        try (RedisServers servers = RedisServers.start(2)) {
            RedisLeaderboardSettings settings = TestShards.settings(servers);
            String board = TestShards.uniqueBoard("hung");
            long pid = serverPid(servers.uris().get(1).toString());
            try (RedisShardConnections connections = new RedisShardConnections(settings)) {
                LeaderboardService leaderboards = new LeaderboardService(
                        new LeaderboardCatalog(
                                List.of(BoardConfig.of(board, ResetSchedule.NONE, Duration.ZERO)), REGIONS),
                        new RedisLeaderboardStore(connections, settings, Clock.systemUTC()),
                        Clock.systemUTC());
                leaderboards.submit(SubmitRequest.of(board, "ana", "us-east-1", 10L));
                leaderboards.submit(SubmitRequest.of(board, "ben", "eu-west-1", 20L));
                // SIGSTOP: the connection stays open but nothing answers, the case a refused connection does not cover.
                signal("STOP", pid);
                try {
                    assertUnavailableWithin(() -> leaderboards.top(TopRequest.of(board, null, 10)));
                    assertThat(leaderboards
                                    .top(TopRequest.of(board, "us-east-1", 10))
                                    .entries())
                            .hasSize(1);
                } finally {
                    signal("CONT", pid);
                }
                assertThat(leaderboards.top(TopRequest.of(board, null, 10)).entries())
                        .hasSize(2);
            }
        }
    }

    private static long serverPid(String uri) {
        io.lettuce.core.RedisClient client = io.lettuce.core.RedisClient.create(uri);
        try (var connection = client.connect()) {
            String info = connection.sync().info("server");
            return info.lines()
                    .filter(l -> l.startsWith("process_id:"))
                    .map(l -> Long.parseLong(l.substring(11).trim()))
                    .findFirst()
                    .orElseThrow();
        } finally {
            client.shutdown();
        }
    }

    /** One process by its id; never a process group. */
    private static void signal(String name, long pid) throws Exception {
        Process kill = new ProcessBuilder("kill", "-s", name, Long.toString(pid))
                .inheritIO()
                .start();
        assertThat(kill.waitFor()).isZero();
    }

    private static void assertUnavailableWithin(ThrowingCallable call) {
        long started = System.nanoTime();
        assertThatThrownBy(call).isInstanceOfSatisfying(DomainException.class, e -> {
            assertThat(e.kind()).isEqualTo(ErrorKind.UNAVAILABLE);
            assertThat(e.getMessage()).contains("eu-west-1");
        });
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(BOUND);
    }
}
