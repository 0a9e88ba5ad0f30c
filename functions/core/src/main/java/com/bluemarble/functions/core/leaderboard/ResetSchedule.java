package com.bluemarble.functions.core.leaderboard;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAdjusters;

/**
 * When a board starts a new season, always in UTC. Season ids sort in time order and are
 * stable: {@code all}, {@code 2026-11-21} (daily), {@code 2026-W47} (ISO week, Monday start),
 * {@code 2026-11} (monthly).
 */
public enum ResetSchedule {
    NONE,
    DAILY,
    WEEKLY,
    MONTHLY;

    public Season seasonAt(Instant instant) {
        LocalDate day = LocalDate.ofInstant(instant, ZoneOffset.UTC);
        switch (this) {
            case NONE:
                return Season.FOREVER;
            case DAILY:
                return season(day.toString(), day, day.plusDays(1));
            case WEEKLY: {
                LocalDate monday = day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
                String id = String.format(
                        "%04d-W%02d",
                        monday.get(IsoFields.WEEK_BASED_YEAR), monday.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
                return season(id, monday, monday.plusWeeks(1));
            }
            case MONTHLY: {
                LocalDate first = day.withDayOfMonth(1);
                return season(
                        String.format("%04d-%02d", first.getYear(), first.getMonthValue()), first, first.plusMonths(1));
            }
            default:
                throw new IllegalStateException(name());
        }
    }

    /** The season just before {@code season}; none for a board without reset. */
    public java.util.Optional<Season> previous(Season season) {
        if (this == NONE) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(seasonAt(season.start().minusNanos(1)));
    }

    private static Season season(String id, LocalDate start, LocalDate end) {
        return new Season(
                id,
                start.atStartOfDay(ZoneOffset.UTC).toInstant(),
                end.atStartOfDay(ZoneOffset.UTC).toInstant());
    }
}
