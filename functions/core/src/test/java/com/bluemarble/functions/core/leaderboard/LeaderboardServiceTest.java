package com.bluemarble.functions.core.leaderboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.bluemarble.functions.core.error.DomainException;
import com.bluemarble.functions.core.error.ErrorKind;
import com.bluemarble.functions.core.player.PlayerId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class LeaderboardServiceTest {

    static final Region US = Region.of("us-east-1");
    static final Region EU = Region.of("eu-west-1");
    static final Region AP = Region.of("ap-southeast-1");

    final MutableClock clock = new MutableClock(Instant.parse("2026-11-18T12:00:00Z"));
    final InMemoryLeaderboardStore store = new InMemoryLeaderboardStore();
    final LeaderboardCatalog catalog = new LeaderboardCatalog(
            List.of(
                    BoardConfig.of("global-score", ResetSchedule.NONE, Duration.ZERO),
                    BoardConfig.of("weekly-score", ResetSchedule.WEEKLY, Duration.ofDays(14))),
            List.of(US, EU, AP));
    final LeaderboardService leaderboards = new LeaderboardService(catalog, store, clock);

    SubmitReply submit(String player, String region, long score) {
        SubmitReply reply = leaderboards.submit(SubmitRequest.of("global-score", player, region, score));
        clock.advance(Duration.ofMillis(1));
        return reply;
    }

    @Test
    void keepsTheBestScoreAndTheTimeItWasFirstReached() {
        SubmitReply first = submit("ana", "us-east-1", 50);
        SubmitReply lower = submit("ana", "us-east-1", 40);
        SubmitReply same = submit("ana", "us-east-1", 50);

        assertThat(first.improved()).isTrue();
        assertThat(lower.improved()).isFalse();
        assertThat(same.improved()).isFalse();
        assertThat(same.best()).isEqualTo(first.best());
        assertThat(submit("ana", "us-east-1", 51).best().score()).isEqualTo(51);
    }

    @Test
    void equalScoresRankByFirstAchievementAcrossRegions() {
        submit("late", "us-east-1", 100);
        clock.advance(Duration.ofSeconds(-10)); // an earlier achievement submitted to another shard
        submit("early", "eu-west-1", 100);
        submit("low", "ap-southeast-1", 99);

        TopReply top = leaderboards.top(TopRequest.of("global-score", null, 10));
        assertThat(top.entries()).extracting(e -> e.entry().playerId().value()).containsExactly("early", "late", "low");
        assertThat(top.entries()).extracting(RankedEntry::rank).containsExactly(1L, 2L, 3L);

        RankReply late = leaderboards.rank(RankRequest.of("global-score", "late", 1));
        assertThat(late.globalRank()).isEqualTo(2);
        assertThat(late.regionalRank()).isEqualTo(1);
        assertThat(late.around())
                .extracting(e -> e.entry().playerId().value() + "#" + e.rank())
                .containsExactly("early#1", "low#3");
    }

    @Test
    void regionalTopRanksWithinTheRegion() {
        submit("a", "us-east-1", 10);
        submit("b", "eu-west-1", 30);
        submit("c", "us-east-1", 20);
        TopReply us = leaderboards.top(TopRequest.of("global-score", "us-east-1", 5));
        assertThat(us.entries())
                .extracting(e -> e.entry().playerId().value() + "#" + e.rank())
                .containsExactly("c#1", "a#2");
    }

    @Test
    void weeklyBoardStartsEmptyInANewSeason() {
        leaderboards.submit(SubmitRequest.of("weekly-score", "ana", "eu-west-1", 7L));
        assertThat(leaderboards.top(TopRequest.of("weekly-score", null, 10)).entries())
                .hasSize(1);
        clock.set(Instant.parse("2026-11-23T00:00:00Z"));
        TopReply next = leaderboards.top(TopRequest.of("weekly-score", null, 10));
        assertThat(next.seasonId()).isEqualTo("2026-W48");
        assertThat(next.entries()).isEmpty();
        assertError(
                () -> leaderboards.rank(RankRequest.of("weekly-score", "ana", 0)),
                ErrorKind.NOT_FOUND,
                "UNKNOWN_PLAYER");
    }

    @Test
    void refusesWhatTheContractCallsInvalidOrUnknown() {
        assertError(() -> leaderboards.top(TopRequest.of("nope", null, 10)), ErrorKind.NOT_FOUND, "UNKNOWN_BOARD");
        assertError(() -> submit("ana", "mars-1", 1), ErrorKind.INVALID, "UNKNOWN_REGION");
        assertError(
                () -> TopRequest.of("global-score", null, LeaderboardLimits.MAX_LIMIT + 1),
                ErrorKind.INVALID,
                "LIMIT_TOO_LARGE");
        assertError(() -> TopRequest.of("global-score", null, 0), ErrorKind.INVALID, "INVALID_LIMIT");
        assertError(() -> TopRequest.of("global-score", null, null), ErrorKind.INVALID, "MISSING_FIELD");
        assertError(
                () -> RankRequest.of("global-score", "ana", LeaderboardLimits.MAX_AROUND + 1),
                ErrorKind.INVALID,
                "AROUND_TOO_LARGE");
        assertError(() -> RankRequest.of("global-score", "ana", -1), ErrorKind.INVALID, "INVALID_AROUND");
        assertError(
                () -> SubmitRequest.of("global-score", "ana", "us-east-1", Scores.MAX + 1),
                ErrorKind.INVALID,
                "SCORE_OUT_OF_RANGE");
        assertError(
                () -> SubmitRequest.of("global-score", "ana", "us-east-1", Scores.MIN - 1),
                ErrorKind.INVALID,
                "SCORE_OUT_OF_RANGE");
        assertError(
                () -> SubmitRequest.of("global-score", "ana", "us-east-1", null), ErrorKind.INVALID, "MISSING_FIELD");
        assertError(() -> SubmitRequest.of("Global Score", "ana", "us-east-1", 1L), ErrorKind.INVALID, "INVALID_BOARD");
        assertError(
                () -> SubmitRequest.of("global-score", "a b", "us-east-1", 1L), ErrorKind.INVALID, "INVALID_PLAYER_ID");
        assertError(
                () -> leaderboards.rank(RankRequest.of("global-score", "ghost", 0)),
                ErrorKind.NOT_FOUND,
                "UNKNOWN_PLAYER");
        // the range boundaries themselves are accepted
        assertThat(SubmitRequest.of("global-score", "ana", "us-east-1", Scores.MAX)
                        .score())
                .isEqualTo(9_007_199_254_740_992L);
        assertThat(SubmitRequest.of("global-score", "ana", "us-east-1", Scores.MIN)
                        .score())
                .isEqualTo(-9_007_199_254_740_992L);
    }

    @Test
    void aShardDownFailsGlobalQueriesButNotRegionalOnesElsewhere() {
        submit("ana", "us-east-1", 5);
        submit("ben", "eu-west-1", 6);
        store.takeDown(EU);
        assertError(
                () -> leaderboards.top(TopRequest.of("global-score", null, 10)),
                ErrorKind.UNAVAILABLE,
                "STORE_UNAVAILABLE");
        assertError(
                () -> leaderboards.rank(RankRequest.of("global-score", "ana", 0)),
                ErrorKind.UNAVAILABLE,
                "STORE_UNAVAILABLE");
        assertThat(leaderboards
                        .top(TopRequest.of("global-score", "us-east-1", 10))
                        .entries())
                .hasSize(1);
        assertThat(submit("cy", "us-east-1", 1).regionalRank()).isEqualTo(2);
    }

    static void assertError(ThrowingCallable call, ErrorKind kind, String code) {
        assertThatThrownBy(call).isInstanceOfSatisfying(DomainException.class, e -> {
            assertThat(e.kind()).isEqualTo(kind);
            assertThat(e.code()).isEqualTo(code);
        });
    }

    @Test
    void rankOfThePlayerUsesTheirBestEntryWhenTheyPlayedInTwoRegions() {
        submit("nomad", "us-east-1", 10);
        submit("nomad", "eu-west-1", 30);
        submit("x", "ap-southeast-1", 20);
        RankReply nomad = leaderboards.rank(RankRequest.of("global-score", "nomad", 0));
        assertThat(nomad.entry().region()).isEqualTo(EU);
        assertThat(nomad.globalRank()).isEqualTo(1);
        assertThat(PlayerId.of("nomad")).isEqualTo(nomad.entry().playerId());
    }
}
