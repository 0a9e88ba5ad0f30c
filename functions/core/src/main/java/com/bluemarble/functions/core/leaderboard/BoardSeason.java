package com.bluemarble.functions.core.leaderboard;

/** One season of one board, across all its regions. */
public record BoardSeason(BoardName board, String seasonId) {

    public SeasonShard shard(Region region) {
        return new SeasonShard(board, seasonId, region);
    }
}
