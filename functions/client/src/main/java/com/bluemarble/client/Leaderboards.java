package com.bluemarble.client;

import java.util.List;

/** Requests and answers of leaderboardSubmit (one or a batch), leaderboardTop and leaderboardRank. */
public final class Leaderboards {
    private Leaderboards() {}

    public record Submit(String board, String playerId, String region, long score) {}

    /** The player's kept best after the submit, whether this submit improved it, and its regional rank. */
    public record Submitted(
            String board,
            String season,
            String playerId,
            String region,
            long score,
            String achievedAt,
            boolean improved,
            long regionalRank) {}

    record SubmitBatch(List<Submit> entries) {}

    /** A batch's answers, one per entry, in the request's order. */
    public record SubmittedBatch(List<Submitted> entries) {}

    /** {@code region} null for the global top. */
    public record TopRequest(String board, String region, int limit) {}

    public record Entry(long rank, String playerId, String region, long score) {}

    public record Top(String board, String season, String region, List<Entry> entries) {}

    public record RankRequest(String board, String playerId, Integer around) {}

    public record Rank(
            String board,
            String season,
            String playerId,
            String region,
            long score,
            long globalRank,
            long regionalRank,
            List<Entry> around) {}
}
