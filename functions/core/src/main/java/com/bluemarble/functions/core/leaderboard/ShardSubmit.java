package com.bluemarble.functions.core.leaderboard;

import com.bluemarble.functions.core.player.PlayerId;

/** One submit of a batch, resolved to its season shard. */
public record ShardSubmit(SeasonShard shard, PlayerId player, long score) {}
