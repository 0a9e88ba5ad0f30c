package com.bluemarble.functions.core.leaderboard;

/** One region's part of one season of one board: the unit a store keeps together (one Redis hash tag). */
public record SeasonShard(BoardName board, String seasonId, Region region) {}
