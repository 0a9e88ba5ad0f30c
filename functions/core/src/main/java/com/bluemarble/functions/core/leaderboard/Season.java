package com.bluemarble.functions.core.leaderboard;

import java.time.Instant;
import java.util.Optional;

/**
 * One season of a board: an id that names its keys and archive, and the UTC interval
 * {@code [start, end)} it covers. A board without reset has one endless season, {@link #FOREVER}.
 *
 * @param end exclusive end, or null for the endless season
 */
public record Season(String id, Instant start, Instant end) {

    public static final Season FOREVER = new Season("all", Instant.EPOCH, null);

    public Optional<Instant> ends() {
        return Optional.ofNullable(end);
    }

    public boolean contains(Instant instant) {
        return !instant.isBefore(start) && (end == null || instant.isBefore(end));
    }
}
