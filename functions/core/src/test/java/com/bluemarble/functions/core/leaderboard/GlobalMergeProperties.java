package com.bluemarble.functions.core.leaderboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.bluemarble.functions.core.player.PlayerId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Whatever the submits, every merged global answer equals the brute-force one. */
class GlobalMergeProperties {

    private static final List<Region> REGIONS =
            List.of(Region.of("us-east-1"), Region.of("eu-west-1"), Region.of("ap-southeast-1"));

    record Submit(int player, long score, int millisLater) {}

    @Provide
    Arbitrary<Submit> submits() {
        // Few players and scores so ties on score (and on the millisecond) are common.
        return Combinators.combine(
                        Arbitraries.integers().between(0, 11),
                        Arbitraries.oneOf(
                                Arbitraries.longs().between(-3, 6),
                                Arbitraries.of(Scores.MIN, Scores.MAX, Scores.MAX - 1)),
                        Arbitraries.integers().between(0, 2))
                .as(Submit::new);
    }

    @Property(tries = 200)
    void globalAndRegionalAnswersEqualBruteForce(
            @ForAll @Size(min = 1, max = 60) List<@From("submits") Submit> submits,
            @ForAll @IntRange(min = 1, max = 15) int limit,
            @ForAll @IntRange(min = 0, max = 4) int around) {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-21T10:00:00Z"));
        LeaderboardService leaderboards = new LeaderboardService(
                new LeaderboardCatalog(List.of(BoardConfig.of("b", ResetSchedule.NONE, Duration.ZERO)), REGIONS),
                new InMemoryLeaderboardStore(),
                clock);
        BruteForceLeaderboard oracle = new BruteForceLeaderboard();
        for (Submit s : submits) {
            clock.advance(Duration.ofMillis(s.millisLater()));
            // Each player keeps a home region, as the game does.
            Region region = REGIONS.get(s.player() % 3);
            leaderboards.submit(new SubmitRequest(BoardName.of("b"), PlayerId.of("p" + s.player()), region, s.score()));
            oracle.submit(region, PlayerId.of("p" + s.player()), s.score(), clock.instant());
        }

        List<LeaderboardEntry> global = oracle.global();
        assertThat(leaderboards.top(TopRequest.of("b", null, limit)).entries()).isEqualTo(oracle.top(global, limit));
        for (Region region : REGIONS) {
            assertThat(leaderboards
                            .top(TopRequest.of("b", region.value(), limit))
                            .entries())
                    .isEqualTo(oracle.top(oracle.regional(region), limit));
        }
        for (LeaderboardEntry entry : global) {
            RankReply reply =
                    leaderboards.rank(RankRequest.of("b", entry.playerId().value(), around));
            assertThat(reply.entry()).isEqualTo(entry);
            assertThat(reply.globalRank()).isEqualTo(BruteForceLeaderboard.rankOf(global, entry));
            assertThat(reply.regionalRank())
                    .isEqualTo(BruteForceLeaderboard.rankOf(oracle.regional(entry.region()), entry));
            assertThat(reply.around()).isEqualTo(oracle.around(entry, around));
        }
    }

    @Property(tries = 300)
    void betterFirstIsATotalOrderConsistentWithScoreThenTime(@ForAll("submits") Submit a, @ForAll("submits") Submit b) {
        Instant t0 = Instant.parse("2026-11-21T10:00:00Z");
        LeaderboardEntry x = new LeaderboardEntry(
                PlayerId.of("p" + a.player()), REGIONS.get(0), a.score(), t0.plusMillis(a.millisLater()));
        LeaderboardEntry y = new LeaderboardEntry(
                PlayerId.of("p" + b.player()), REGIONS.get(1), b.score(), t0.plusMillis(b.millisLater()));
        int order = LeaderboardEntry.BETTER_FIRST.compare(x, y);
        assertThat(Integer.signum(order)).isEqualTo(-Integer.signum(LeaderboardEntry.BETTER_FIRST.compare(y, x)));
        if (a.score() != b.score()) {
            assertThat(order < 0).isEqualTo(a.score() > b.score());
        } else if (a.millisLater() != b.millisLater()) {
            assertThat(order < 0).isEqualTo(a.millisLater() < b.millisLater());
        }
    }
}
