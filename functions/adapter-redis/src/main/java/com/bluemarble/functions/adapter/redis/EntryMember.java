package com.bluemarble.functions.adapter.redis;

import com.bluemarble.functions.core.leaderboard.LeaderboardEntry;
import com.bluemarble.functions.core.leaderboard.Region;
import com.bluemarble.functions.core.player.PlayerId;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * The sorted-set member of an entry: 12 lower-case hex digits of {@code 2^48 - 1 - achievedAtMillis}
 * followed by the player id. The score stays the game's score, exact; equal scores are ordered
 * by member, and in descending order a larger member comes first, i.e. the earlier achievement
 * (then the larger player id, byte order). 48 bits of milliseconds last until the year 10889.
 */
final class EntryMember {

    private static final long INVERSION_BASE = (1L << 48) - 1;
    private static final int TIME_DIGITS = 12;

    private EntryMember() {}

    static String encode(PlayerId player, Instant achievedAt) {
        long millis = achievedAt.toEpochMilli();
        if (millis < 0 || millis > INVERSION_BASE) {
            throw new IllegalArgumentException("achievement time out of range: " + achievedAt);
        }
        return String.format("%012x", INVERSION_BASE - millis) + player.value();
    }

    static LeaderboardEntry decode(String member, String score, Region region) {
        long millis = INVERSION_BASE - Long.parseLong(member.substring(0, TIME_DIGITS), 16);
        return new LeaderboardEntry(
                PlayerId.of(member.substring(TIME_DIGITS)), region, parseScore(score), Instant.ofEpochMilli(millis));
    }

    /** Redis prints integral doubles up to 2^53 as plain integers; BigDecimal also reads any exponent form exactly. */
    static long parseScore(String score) {
        return new BigDecimal(score).longValueExact();
    }
}
