package com.bluemarble.functions.core.leaderboard;

import java.util.List;
import java.util.Optional;

/** A top list: regional ranks when {@code region} is present, global ranks otherwise. */
public record TopReply(BoardName board, String seasonId, Optional<Region> region, List<RankedEntry> entries) {

    public TopReply {
        entries = List.copyOf(entries);
    }
}
