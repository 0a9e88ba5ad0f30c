package com.bluemarble.functions.core.leaderboard;

/** Where a season shard is in its life: written to, being archived, archived (expiring), or gone/never used. */
public enum SeasonState {
    ABSENT,
    OPEN,
    CLOSING,
    ARCHIVED
}
