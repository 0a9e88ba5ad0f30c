package com.bluemarble.functions.core.leaderboard;

import java.time.Duration;
import java.util.Objects;

/**
 * A configured board.
 *
 * @param retention how long a past season stays readable in Redis after it ends; it is archived
 *                  to S3 first and then expires. Ignored for {@link ResetSchedule#NONE}.
 */
public record BoardConfig(BoardName name, ResetSchedule reset, Duration retention) {

    public BoardConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(reset, "reset");
        Objects.requireNonNull(retention, "retention");
        if (retention.isNegative()) {
            throw new IllegalArgumentException("retention of " + name + " must not be negative");
        }
    }

    public static BoardConfig of(String name, ResetSchedule reset, Duration retention) {
        return new BoardConfig(BoardName.of(name), reset, retention);
    }
}
