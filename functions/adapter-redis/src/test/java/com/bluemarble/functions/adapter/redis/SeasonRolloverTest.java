package com.bluemarble.functions.adapter.redis;

import static com.bluemarble.functions.adapter.redis.TestShards.REGIONS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.bluemarble.functions.adapter.s3.leaderboard.S3SeasonArchive;
import com.bluemarble.functions.core.error.DomainException;
import com.bluemarble.functions.core.error.ErrorKind;
import com.bluemarble.functions.core.leaderboard.BoardConfig;
import com.bluemarble.functions.core.leaderboard.BoardName;
import com.bluemarble.functions.core.leaderboard.LeaderboardCatalog;
import com.bluemarble.functions.core.leaderboard.LeaderboardEntry;
import com.bluemarble.functions.core.leaderboard.LeaderboardService;
import com.bluemarble.functions.core.leaderboard.MutableClock;
import com.bluemarble.functions.core.leaderboard.ResetSchedule;
import com.bluemarble.functions.core.leaderboard.SeasonArchiver;
import com.bluemarble.functions.core.leaderboard.SeasonShard;
import com.bluemarble.functions.core.leaderboard.SeasonSnapshot;
import com.bluemarble.functions.core.leaderboard.SeasonState;
import com.bluemarble.functions.core.leaderboard.SubmitRequest;
import com.bluemarble.functions.core.leaderboard.TopReply;
import com.bluemarble.functions.core.leaderboard.TopRequest;
import com.bluemarble.functions.core.player.PlayerId;
import com.bluemarble.functions.emulators.AwsEmulator;
import com.bluemarble.functions.emulators.Emulators;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A weekly board across a season boundary with a controllable clock: the new season starts
 * empty, the old one is closed, archived to S3 (the harness's emulator) and readable back, and
 * only then expires from Redis.
 */
class SeasonRolloverTest {

    private static final Duration GRACE = Duration.ofMinutes(5);
    /** Retention long enough to see the TTL set, short enough to watch the expiry happen. */
    private static final Duration RETENTION = GRACE.plusSeconds(2);

    @Test
    void newSeasonStartsEmptyOldOneIsArchivedThenExpires() throws InterruptedException {
        AwsEmulator aws = Emulators.aws();
        String bucket = aws.provision("lb" + UUID.randomUUID().toString().substring(0, 8))
                .bucket("bluemarble-backups");
        RedisLeaderboardSettings settings = TestShards.settings(Emulators.redis());
        String board = TestShards.uniqueBoard("weekly");
        MutableClock clock = new MutableClock(Instant.parse("2026-11-22T23:50:00Z")); // Sunday of 2026-W47
        LeaderboardCatalog catalog =
                new LeaderboardCatalog(List.of(BoardConfig.of(board, ResetSchedule.WEEKLY, RETENTION)), REGIONS);

        try (RedisShardConnections connections = new RedisShardConnections(settings);
                S3Client s3 = AwsEmulator.clientsAt(aws.endpoint())
                        .configure(S3Client.builder())
                        .build()) {
            RedisLeaderboardStore store = new RedisLeaderboardStore(connections, settings, clock);
            LeaderboardService leaderboards = new LeaderboardService(catalog, store, clock);
            S3SeasonArchive archive = new S3SeasonArchive(s3, bucket, "leaderboards/");
            SeasonArchiver archiver = new SeasonArchiver(catalog, store, archive, clock, GRACE);

            for (int i = 0; i < 1_500; i++) {
                leaderboards.submit(
                        SubmitRequest.of(board, "p" + i, REGIONS.get(i % 3).value(), (long) (i * 7919 % 1000)));
                clock.advance(Duration.ofMillis(1));
            }
            TopReply lastWeek = leaderboards.top(TopRequest.of(board, null, 100));
            assertThat(lastWeek.seasonId()).isEqualTo("2026-W47");
            SeasonShard euW47 = new SeasonShard(BoardName.of(board), "2026-W47", TestShards.EU);
            List<LeaderboardEntry> euBefore = store.readAll(euW47);
            assertThat(euBefore).hasSize(500);

            // Monday 00:00 UTC: submits and reads move to the new key; nothing was deleted.
            clock.set(Instant.parse("2026-11-23T00:00:00Z"));
            TopReply thisWeek = leaderboards.top(TopRequest.of(board, null, 100));
            assertThat(thisWeek.seasonId()).isEqualTo("2026-W48");
            assertThat(thisWeek.entries()).isEmpty();
            leaderboards.submit(SubmitRequest.of(board, "p1", "eu-west-1", 1L));
            assertThat(leaderboards.top(TopRequest.of(board, null, 10)).entries())
                    .hasSize(1);
            assertThat(store.state(euW47)).isEqualTo(SeasonState.OPEN);
            assertThat(archiver.archiveEndedSeasons()).isEmpty(); // still within the grace for in-flight submits

            clock.set(Instant.parse("2026-11-23T00:05:00Z"));
            List<SeasonArchiver.Archived> archived = archiver.archiveEndedSeasons();
            assertThat(archived).extracting(a -> a.shard().region()).containsExactlyInAnyOrderElementsOf(REGIONS);
            assertThat(archived)
                    .allSatisfy(a -> assertThat(a.receipt().location())
                            .startsWith("s3://" + bucket + "/leaderboards/" + board + "/2026-W47/"));

            SeasonSnapshot euArchive = archive.read(euW47).orElseThrow();
            assertThat(euArchive.entries()).isEqualTo(euBefore);
            assertThat(euArchive.season().id()).isEqualTo("2026-W47");
            assertThat(store.state(euW47)).isEqualTo(SeasonState.ARCHIVED);
            assertThat(store.ttlMillis(euW47)).isBetween(1L, 2_000L);
            assertThat(archiver.archiveEndedSeasons()).isEmpty(); // a second run finds nothing to do

            // A submit still aimed at the closed season (a slow caller) is refused, not lost.
            assertThatThrownBy(() -> store.submit(euW47, PlayerId.of("late"), 5, Instant.parse("2026-11-22T23:59:59Z")))
                    .isInstanceOfSatisfying(
                            DomainException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.CONFLICT));

            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (store.state(euW47) != SeasonState.ABSENT && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(store.state(euW47)).isEqualTo(SeasonState.ABSENT);
            assertThat(store.readAll(euW47)).isEmpty();
            assertThat(archive.read(euW47)).isPresent(); // the archive outlives the Redis copy
            assertThat(leaderboards.top(TopRequest.of(board, null, 10)).entries())
                    .hasSize(1); // the new season is untouched
        }
    }
}
