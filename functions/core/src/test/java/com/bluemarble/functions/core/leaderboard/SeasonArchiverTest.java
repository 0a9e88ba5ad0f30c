package com.bluemarble.functions.core.leaderboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.bluemarble.functions.core.error.ErrorKind;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SeasonArchiverTest {

    static final Region EU = Region.of("eu-west-1");
    static final Region US = Region.of("us-east-1");

    final MutableClock clock = new MutableClock(Instant.parse("2026-11-21T12:00:00Z"));
    final InMemoryLeaderboardStore store = new InMemoryLeaderboardStore();
    final InMemorySeasonArchive archive = new InMemorySeasonArchive();
    final LeaderboardCatalog catalog = new LeaderboardCatalog(
            List.of(
                    BoardConfig.of("global-score", ResetSchedule.NONE, Duration.ZERO),
                    BoardConfig.of("daily", ResetSchedule.DAILY, Duration.ofDays(2))),
            List.of(EU, US));
    final LeaderboardService leaderboards = new LeaderboardService(catalog, store, clock);
    final SeasonArchiver archiver = new SeasonArchiver(catalog, store, archive, clock, Duration.ofMinutes(5));

    @Test
    void archivesEndedSeasonsAfterTheGraceThenLetsThemExpire() {
        leaderboards.submit(SubmitRequest.of("daily", "ana", "eu-west-1", 3L));
        leaderboards.submit(SubmitRequest.of("global-score", "ana", "eu-west-1", 3L));
        SeasonShard day = new SeasonShard(BoardName.of("daily"), "2026-11-21", EU);

        clock.set(Instant.parse("2026-11-22T00:04:59Z"));
        assertThat(archiver.archiveEndedSeasons()).isEmpty(); // within the grace, in-flight submits may still land

        clock.set(Instant.parse("2026-11-22T00:05:00Z"));
        List<SeasonArchiver.Archived> archived = archiver.archiveEndedSeasons();
        assertThat(archived)
                .extracting(SeasonArchiver.Archived::shard)
                .containsExactly(day); // US had no entries; NONE never rolls
        assertThat(archived.get(0).expireAt()).isEqualTo(Instant.parse("2026-11-24T00:00:00Z"));
        assertThat(archive.read(day).orElseThrow().entries())
                .extracting(LeaderboardEntry::score)
                .containsExactly(3L);
        assertThat(store.state(day)).isEqualTo(SeasonState.ARCHIVED);
        assertThat(archiver.archiveEndedSeasons()).isEmpty(); // idempotent

        assertThatThrownBy(() ->
                        store.submit(day, com.bluemarble.functions.core.player.PlayerId.of("late"), 1, clock.instant()))
                .hasFieldOrPropertyWithValue("kind", ErrorKind.CONFLICT);

        store.expireUpTo(Instant.parse("2026-11-24T00:00:00Z"));
        assertThat(store.state(day)).isEqualTo(SeasonState.ABSENT);
        assertThat(archive.read(day)).isPresent();
    }

    @Test
    void aClosingShardLeftByACrashIsArchivedOnTheNextRun() {
        leaderboards.submit(SubmitRequest.of("daily", "ana", "us-east-1", 9L));
        SeasonShard day = new SeasonShard(BoardName.of("daily"), "2026-11-21", US);
        store.close(day); // the run that closed it died before archiving
        clock.set(Instant.parse("2026-11-23T01:00:00Z"));
        assertThat(archiver.archiveEndedSeasons())
                .extracting(SeasonArchiver.Archived::shard)
                .containsExactly(day);
    }

    @Test
    void archiveFileRoundTripsAndDetectsCorruption() {
        leaderboards.submit(SubmitRequest.of("daily", "ana", "eu-west-1", Scores.MAX));
        clock.advance(Duration.ofMillis(7));
        leaderboards.submit(SubmitRequest.of("daily", "ben", "eu-west-1", Scores.MIN));
        SeasonShard day = new SeasonShard(BoardName.of("daily"), "2026-11-21", EU);
        List<LeaderboardEntry> entries = store.readAll(day);
        SeasonSnapshot snapshot = new SeasonSnapshot(
                day.board(), ResetSchedule.DAILY.seasonAt(Instant.parse("2026-11-21T00:00:00Z")), EU, entries);

        byte[] file = SeasonArchiveFile.encode(snapshot);
        assertThat(SeasonArchiveFile.decode(file)).isEqualTo(snapshot);
        assertThat(SeasonArchiveFile.sha256(file))
                .hasSize(64)
                .isEqualTo(SeasonArchiveFile.sha256(SeasonArchiveFile.encode(snapshot)));

        archive.write(snapshot);
        archive.corrupt(day);
        assertThatThrownBy(() -> archive.read(day)).hasMessageContaining("checksum");
    }
}
