package com.bluemarble.functions.adapter.redis;

import static com.bluemarble.functions.adapter.redis.TestShards.AP;
import static com.bluemarble.functions.adapter.redis.TestShards.EU;
import static com.bluemarble.functions.adapter.redis.TestShards.REGIONS;
import static com.bluemarble.functions.adapter.redis.TestShards.US;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.bluemarble.functions.adapter.s3.leaderboard.S3SeasonArchive;
import com.bluemarble.functions.adapter.s3.support.S3Versions;
import com.bluemarble.functions.core.error.DomainException;
import com.bluemarble.functions.core.leaderboard.BoardConfig;
import com.bluemarble.functions.core.leaderboard.BoardName;
import com.bluemarble.functions.core.leaderboard.BoardSeason;
import com.bluemarble.functions.core.leaderboard.LeaderboardCatalog;
import com.bluemarble.functions.core.leaderboard.LeaderboardEntry;
import com.bluemarble.functions.core.leaderboard.LeaderboardPlayerData;
import com.bluemarble.functions.core.leaderboard.LeaderboardService;
import com.bluemarble.functions.core.leaderboard.MutableClock;
import com.bluemarble.functions.core.leaderboard.Region;
import com.bluemarble.functions.core.leaderboard.ResetSchedule;
import com.bluemarble.functions.core.leaderboard.Season;
import com.bluemarble.functions.core.leaderboard.SeasonArchiver;
import com.bluemarble.functions.core.leaderboard.SeasonShard;
import com.bluemarble.functions.core.leaderboard.SeasonSnapshot;
import com.bluemarble.functions.core.leaderboard.SeasonState;
import com.bluemarble.functions.core.leaderboard.SubmitRequest;
import com.bluemarble.functions.core.player.PlayerId;
import com.bluemarble.functions.emulators.AwsEmulator;
import com.bluemarble.functions.emulators.Emulators;
import com.bluemarble.functions.emulators.Ports;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A player's data rights on the leaderboards: the freeze (a mark in every region's Redis, checked
 * by the submit script), the erasure of live shards and archived season files (S3 on moto, the
 * versioned backups bucket), and the export, on the shared redis-servers.
 */
class LeaderboardErasureTest {

    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final RedisLeaderboardSettings SETTINGS = TestShards.patientSettings(Emulators.redis());
    private static final List<String> MARKED = new ArrayList<>();

    private static RedisShardConnections connections;
    private static S3Client s3;
    private static String bucket;

    @BeforeAll
    static void start() {
        connections = new RedisShardConnections(SETTINGS);
        AwsEmulator aws = Emulators.aws();
        bucket = aws.provision("lbe" + RUN).bucket("bluemarble-backups");
        s3 = AwsEmulator.clientsAt(aws.endpoint()).configure(S3Client.builder()).build();
    }

    /** The erased set is shared by every test class on these servers: take this class's players out again. */
    @AfterAll
    static void stop() {
        for (URI endpoint : Emulators.redis().uris()) {
            if (!MARKED.isEmpty()) {
                connections.connection(endpoint).join().sync().srem(SeasonKeys.ERASED, MARKED.toArray(String[]::new));
            }
        }
        connections.close();
        s3.close();
    }

    private static PlayerId player(String name) {
        String id = name + "-" + RUN;
        MARKED.add(id);
        return PlayerId.of(id);
    }

    private static void assertRefused(ThrowingCallable call, String code) {
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(
                        DomainException.class, e -> assertThat(e.code()).isEqualTo(code));
    }

    @Test
    void afterTheFreezeEverySubmitOfThePlayerIsRefusedInEveryRegionAndABatchNamingThemAppliesNothing() {
        String board = TestShards.uniqueBoard("erase");
        LeaderboardCatalog catalog =
                new LeaderboardCatalog(List.of(BoardConfig.of(board, ResetSchedule.NONE, Duration.ZERO)), REGIONS);
        RedisLeaderboardStore store = new RedisLeaderboardStore(connections, SETTINGS, Clock.systemUTC());
        LeaderboardService leaderboards = new LeaderboardService(catalog, store, Clock.systemUTC());
        LeaderboardPlayerData data = new LeaderboardPlayerData(
                catalog, store, new S3SeasonArchive(s3, bucket, "leaderboards/"), Clock.systemUTC());
        PlayerId gone = player("gone");
        String other = "other-" + RUN;
        leaderboards.submit(SubmitRequest.of(board, gone.value(), "eu-west-1", 10L));

        data.freeze(gone);
        data.freeze(gone); // idempotent

        for (Region region : REGIONS) {
            assertRefused(
                    () -> leaderboards.submit(SubmitRequest.of(board, gone.value(), region.value(), 99L)),
                    "PLAYER_ERASED");
        }
        assertRefused(
                () -> leaderboards.submitAll(List.of(
                        SubmitRequest.of(board, other, "us-east-1", 5L),
                        SubmitRequest.of(board, gone.value(), "ap-southeast-1", 7L))),
                "PLAYER_ERASED");
        BoardSeason season = new BoardSeason(BoardName.of(board), Season.FOREVER.id());
        assertThat(store.find(season, REGIONS, PlayerId.of(other)))
                .as("nothing of the batch applied")
                .isEmpty();
        assertThat(store.find(season, REGIONS, gone))
                .as("the stored entry stays until the erase step")
                .containsOnlyKeys(EU);
        assertThat(leaderboards
                        .submitAll(List.of(SubmitRequest.of(board, other, "us-east-1", 5L)))
                        .get(0)
                        .improved())
                .isTrue();
    }

    @Test
    void aFreezeThatFailsInOneRegionIsUnavailableAndARetryCompletesIt() {
        String board = TestShards.uniqueBoard("erase-outage");
        PlayerId gone = player("half");
        Map<Region, URI> endpoints = new java.util.HashMap<>(SETTINGS.endpoints());
        endpoints.put(EU, URI.create("redis://127.0.0.1:" + Ports.freePort())); // nothing listens
        RedisLeaderboardSettings euDown = new RedisLeaderboardSettings(
                endpoints, Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(3), null);
        try (RedisShardConnections partial = new RedisShardConnections(euDown)) {
            RedisLeaderboardStore degraded = new RedisLeaderboardStore(partial, euDown, Clock.systemUTC());
            assertRefused(() -> degraded.freeze(gone, REGIONS), "STORE_UNAVAILABLE");
        }
        RedisLeaderboardStore store = new RedisLeaderboardStore(connections, SETTINGS, Clock.systemUTC());
        LeaderboardService leaderboards = new LeaderboardService(
                new LeaderboardCatalog(List.of(BoardConfig.of(board, ResetSchedule.NONE, Duration.ZERO)), REGIONS),
                store,
                Clock.systemUTC());
        // eu-west-1 (its own server) never got the mark: the freeze has not happened for it.
        assertThat(leaderboards
                        .submit(SubmitRequest.of(board, gone.value(), "eu-west-1", 1L))
                        .improved())
                .isTrue();

        store.freeze(gone, REGIONS); // the retry, with every region reachable

        for (Region region : REGIONS) {
            assertRefused(
                    () -> leaderboards.submit(SubmitRequest.of(board, gone.value(), region.value(), 2L)),
                    "PLAYER_ERASED");
        }
    }

    @Test
    void eraseRemovesLiveEntriesAndRewritesArchivedFilesThatStillVerifyAndASecondEraseChangesNothing() {
        String board = TestShards.uniqueBoard("erase-weekly");
        MutableClock clock = new MutableClock(Instant.parse("2026-11-20T12:00:00Z")); // 2026-W47
        LeaderboardCatalog catalog = new LeaderboardCatalog(
                List.of(BoardConfig.of(board, ResetSchedule.WEEKLY, Duration.ofDays(28))), REGIONS);
        RedisLeaderboardStore store = new RedisLeaderboardStore(connections, SETTINGS, clock);
        LeaderboardService leaderboards = new LeaderboardService(catalog, store, clock);
        S3SeasonArchive archive = new S3SeasonArchive(s3, bucket, "leaderboards/");
        LeaderboardPlayerData data = new LeaderboardPlayerData(catalog, store, archive, clock);
        PlayerId gone = player("weekly");
        List<String> others = List.of("ana-" + RUN, "ben-" + RUN, "cy-" + RUN);
        for (Region region : REGIONS) {
            for (String other : others) {
                leaderboards.submit(SubmitRequest.of(board, other, region.value(), (long) other.length()));
                clock.advance(Duration.ofMillis(3));
            }
            leaderboards.submit(SubmitRequest.of(board, gone.value(), region.value(), 50L));
        }
        // W47 ends; the archive run closes, reads and archives it (the file written twice: a retried run).
        clock.set(Instant.parse("2026-11-23T00:10:00Z"));
        new SeasonArchiver(catalog, store, archive, clock, Duration.ofMinutes(5)).archiveEndedSeasons();
        SeasonShard euW47 = new SeasonShard(BoardName.of(board), "2026-W47", EU);
        archive.write(archive.read(euW47).orElseThrow());
        String euKey = "leaderboards/" + board + "/2026-W47/eu-west-1.tsv.gz";
        assertThat(S3Versions.list(s3, bucket, euKey)).hasSize(2);
        leaderboards.submit(SubmitRequest.of(board, gone.value(), "us-east-1", 7L)); // W48, the current season
        leaderboards.submit(SubmitRequest.of(board, others.get(0), "us-east-1", 8L));

        Map<String, Object> before = data.export(gone);
        assertThat((List<?>) before.get("seasons")).hasSize(4); // W48 us-east-1 + W47 in three regions (kept 28 d)
        assertThat((List<?>) before.get("archivedSeasons")).hasSize(3);
        assertThat(before.get("archivedSeasons"))
                .asInstanceOf(InstanceOfAssertFactories.LIST)
                .contains(Map.of(
                        "board",
                        board,
                        "season",
                        "2026-W47",
                        "region",
                        "eu-west-1",
                        "score",
                        50L,
                        "achievedAt",
                        archive.read(euW47)
                                .orElseThrow()
                                .entries()
                                .get(0)
                                .achievedAt()
                                .toString(),
                        "rank",
                        1));
        long ttlBefore = store.ttlMillis(euW47);

        data.freeze(gone);
        data.erase(gone);

        BoardSeason w47 = new BoardSeason(BoardName.of(board), "2026-W47");
        BoardSeason w48 = new BoardSeason(BoardName.of(board), "2026-W48");
        assertThat(store.find(w47, REGIONS, gone)).isEmpty();
        assertThat(store.find(w48, REGIONS, gone)).isEmpty();
        assertThat(store.find(w48, REGIONS, PlayerId.of(others.get(0)))).containsOnlyKeys(US);
        for (Region region : REGIONS) {
            SeasonShard shard = w47.shard(region);
            SeasonSnapshot rewritten = archive.read(shard).orElseThrow(); // the checksum verifies
            assertThat(rewritten.entries())
                    .extracting(e -> e.playerId().value())
                    .containsExactlyInAnyOrderElementsOf(others);
            assertThat(rewritten.entries()).isSortedAccordingTo(LeaderboardEntry.BETTER_FIRST);
            assertThat(store.state(shard)).isEqualTo(SeasonState.ARCHIVED);
            assertThat(store.readAll(shard))
                    .extracting(e -> e.playerId().value())
                    .doesNotContain(gone.value());
        }
        assertThat(S3Versions.list(s3, bucket, euKey))
                .as("no older version keeps the player")
                .hasSize(1);
        assertThat(store.ttlMillis(euW47)).isPositive().isLessThanOrEqualTo(ttlBefore);
        assertThat(data.export(gone)).isEqualTo(Map.of("seasons", List.of(), "archivedSeasons", List.of()));

        String versionAfterFirst = S3Versions.list(s3, bucket, euKey).get(0).versionId();
        data.erase(gone);
        assertThat(S3Versions.list(s3, bucket, euKey))
                .as("a second erase rewrites nothing")
                .singleElement()
                .satisfies(v -> assertThat(v.versionId()).isEqualTo(versionAfterFirst));
        assertThat(store.find(w48, REGIONS, PlayerId.of(others.get(0)))).containsOnlyKeys(US);
    }

    @Test
    void aShardBeingArchivedMakesTheEraseRetryUntilTheArchiveRunHasWrittenItsFile() {
        String board = TestShards.uniqueBoard("erase-closing");
        MutableClock clock = new MutableClock(Instant.parse("2026-11-20T12:00:00Z"));
        LeaderboardCatalog catalog = new LeaderboardCatalog(
                List.of(BoardConfig.of(board, ResetSchedule.WEEKLY, Duration.ofDays(28))), List.of(AP));
        RedisLeaderboardStore store = new RedisLeaderboardStore(connections, SETTINGS, clock);
        LeaderboardService leaderboards = new LeaderboardService(catalog, store, clock);
        S3SeasonArchive archive = new S3SeasonArchive(s3, bucket, "leaderboards/");
        LeaderboardPlayerData data = new LeaderboardPlayerData(catalog, store, archive, clock);
        PlayerId gone = player("closing");
        leaderboards.submit(SubmitRequest.of(board, gone.value(), "ap-southeast-1", 3L));
        leaderboards.submit(SubmitRequest.of(board, "keep-" + RUN, "ap-southeast-1", 4L));
        clock.set(Instant.parse("2026-11-23T00:10:00Z"));
        SeasonShard shard = new SeasonShard(BoardName.of(board), "2026-W47", AP);

        // An archive run has closed the shard and read it (with the player) but not yet written it.
        store.close(shard);
        List<LeaderboardEntry> read = store.readAll(shard);
        data.freeze(gone);
        assertRefused(() -> data.erase(gone), "STORE_UNAVAILABLE");
        assertThat(store.readAll(shard)).extracting(e -> e.playerId().value()).containsExactly("keep-" + RUN);

        // The run finishes with what it read; the retried erase rewrites the file.
        var receipt = archive.write(new SeasonSnapshot(
                BoardName.of(board), ResetSchedule.WEEKLY.seasonAt(Instant.parse("2026-11-20T00:00:00Z")), AP, read));
        store.markArchived(shard, receipt, clock.instant().plus(Duration.ofDays(28)));
        data.erase(gone);

        assertThat(archive.read(shard).orElseThrow().entries())
                .extracting(e -> e.playerId().value())
                .containsExactly("keep-" + RUN);
    }
}
