package com.bluemarble.functions.adapter.redis;

import com.bluemarble.functions.core.leaderboard.SeasonShard;

/**
 * The Redis keys of one season shard. All share the hash tag {@code {board:season:region}}, so
 * in Redis Cluster they live in one slot and the Lua scripts may touch them together; a new
 * season is simply a new tag (rollover by key, no delete).
 *
 * @param scores sorted set, member to score (the ranking)
 * @param members hash, playerId to member (where a player's entry is)
 * @param closed string, present once the season is being archived ("closing", then the archive receipt)
 */
record SeasonKeys(String scores, String members, String closed) {

    static SeasonKeys of(SeasonShard shard) {
        String tag = "lb:{" + shard.board() + ":" + shard.seasonId() + ":" + shard.region() + "}";
        return new SeasonKeys(tag + ":scores", tag + ":members", tag + ":closed");
    }

    String[] all() {
        return new String[] {scores, members, closed};
    }
}
