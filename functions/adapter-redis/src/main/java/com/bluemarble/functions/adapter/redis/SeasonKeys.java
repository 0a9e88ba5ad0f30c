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

    /**
     * The set of erased players, one per Redis (never expires). It is outside every shard's hash
     * tag: the submit script reads it with the shard's keys, which a Redis with cluster mode off
     * (as deployed: one ElastiCache shard per region) allows; cluster mode would need a copy of
     * the mark per slot.
     */
    static final String ERASED = "lb:erased";

    String[] all() {
        return new String[] {scores, members, closed};
    }

    /** The submit script's keys: the shard's and the erased set. */
    String[] forSubmit() {
        return new String[] {scores, members, closed, ERASED};
    }
}
