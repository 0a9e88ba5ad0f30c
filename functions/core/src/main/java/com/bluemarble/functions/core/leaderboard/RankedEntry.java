package com.bluemarble.functions.core.leaderboard;

/** An entry and its 1-based rank (global or regional, as the query says). */
public record RankedEntry(long rank, LeaderboardEntry entry) {}
