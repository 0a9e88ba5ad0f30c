package com.bluemarble.functions.core.leaderboard;

import java.util.List;

/** The final entries of one season shard, best first: what an archive holds. */
public record SeasonSnapshot(BoardName board, Season season, Region region, List<LeaderboardEntry> entries) {

    public SeasonSnapshot {
        entries = List.copyOf(entries);
    }

    public SeasonShard shard() {
        return new SeasonShard(board, season.id(), region);
    }
}
