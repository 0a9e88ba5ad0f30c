package com.bluemarble.functions.app.leaderboard;

/** The leaderboard functions' JSON requests, exactly as the contract spells them. */
final class LeaderboardRequests {
    private LeaderboardRequests() {}

    record Submit(String board, String playerId, String region, Long score) {}

    record Top(String board, String region, Integer limit) {}

    record Rank(String board, String playerId, Integer around) {}

    record ArchiveSeasons() {}
}
