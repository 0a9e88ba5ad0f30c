package com.bluemarble.functions.core.leaderboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class ResetScheduleTest {

    @Test
    void noResetIsOneEndlessSeason() {
        Season season = ResetSchedule.NONE.seasonAt(Instant.parse("2026-11-21T06:00:00Z"));
        assertThat(season).isEqualTo(Season.FOREVER);
        assertThat(season.ends()).isEmpty();
        assertThat(ResetSchedule.NONE.previous(season)).isEmpty();
    }

    @Test
    void dailySeasonsTurnAtUtcMidnight() {
        Season before = ResetSchedule.DAILY.seasonAt(Instant.parse("2026-11-21T23:59:59.999Z"));
        Season after = ResetSchedule.DAILY.seasonAt(Instant.parse("2026-11-22T00:00:00Z"));
        assertThat(before.id()).isEqualTo("2026-11-21");
        assertThat(after.id()).isEqualTo("2026-11-22");
        assertThat(before.end()).isEqualTo(after.start());
        assertThat(ResetSchedule.DAILY.previous(after)).contains(before);
    }

    @Test
    void weeklySeasonsAreIsoWeeksStartingMondayUtc() {
        // 2026-11-22 is a Sunday, 2026-11-23 a Monday.
        Season sunday = ResetSchedule.WEEKLY.seasonAt(Instant.parse("2026-11-22T23:59:59Z"));
        Season monday = ResetSchedule.WEEKLY.seasonAt(Instant.parse("2026-11-23T00:00:00Z"));
        assertThat(sunday.id()).isEqualTo("2026-W47");
        assertThat(sunday.start()).isEqualTo(Instant.parse("2026-11-16T00:00:00Z"));
        assertThat(monday.id()).isEqualTo("2026-W48");
        assertThat(sunday.end()).isEqualTo(monday.start());
        // ISO week-based year: 2027-01-01 (a Friday) belongs to 2026-W53.
        assertThat(ResetSchedule.WEEKLY
                        .seasonAt(Instant.parse("2027-01-01T12:00:00Z"))
                        .id())
                .isEqualTo("2026-W53");
        assertThat(ResetSchedule.WEEKLY
                        .seasonAt(Instant.parse("2027-01-04T00:00:00Z"))
                        .id())
                .isEqualTo("2027-W01");
    }

    @Test
    void monthlySeasonsFollowCalendarMonths() {
        Season feb = ResetSchedule.MONTHLY.seasonAt(Instant.parse("2028-02-29T10:00:00Z"));
        assertThat(feb.id()).isEqualTo("2028-02");
        assertThat(feb.start()).isEqualTo(Instant.parse("2028-02-01T00:00:00Z"));
        assertThat(feb.end()).isEqualTo(Instant.parse("2028-03-01T00:00:00Z"));
        assertThat(ResetSchedule.MONTHLY
                        .previous(ResetSchedule.MONTHLY.seasonAt(Instant.parse("2027-01-15T00:00:00Z")))
                        .map(Season::id))
                .contains("2026-12");
    }
}
