package com.bluemarble.functions.app.leaderboard;

import java.util.List;

/** The leaderboard functions' JSON requests, exactly as the contract spells them. */
final class LeaderboardRequests {
    private LeaderboardRequests() {}

    /** One submit, or a batch in {@code entries} (then nothing else). */
    record Submit(String board, String playerId, String region, Long score, List<Entry> entries) {}

    record Entry(String board, String playerId, String region, Long score) {}

    record Top(String board, String region, Integer limit) {}

    record Rank(String board, String playerId, Integer around) {}

    record ArchiveSeasons() {}
}
