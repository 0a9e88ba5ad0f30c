package com.bluemarble.functions.core.leaderboard;

/**
 * Caps that bound one query's work on every shard: {@code limit} of leaderboardTop at most
 * {@value #MAX_LIMIT}, {@code around} of leaderboardRank at most {@value #MAX_AROUND} on each
 * side. Above a cap the request is refused with 400 (LIMIT_TOO_LARGE / AROUND_TOO_LARGE), never
 * silently truncated.
 */
public final class LeaderboardLimits {

    public static final int MAX_LIMIT = 100;
    public static final int MAX_AROUND = 25;
    /** Entries of one batch leaderboardSubmit (AWS's leaderboard guidance accepts 1,000 reports per call). */
    public static final int MAX_BATCH_ENTRIES = 1000;

    private LeaderboardLimits() {}
}
