package com.bluemarble.functions.core.leaderboard;

import com.bluemarble.functions.core.error.DomainException;
import com.bluemarble.functions.core.error.ErrorCode;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** The configured boards and the regions every board is sharded over. */
public final class LeaderboardCatalog {

    private final Map<BoardName, BoardConfig> boards = new LinkedHashMap<>();
    private final List<Region> regions;

    public LeaderboardCatalog(Collection<BoardConfig> boards, Collection<Region> regions) {
        for (BoardConfig board : boards) {
            if (this.boards.put(board.name(), board) != null) {
                throw new IllegalArgumentException("board " + board.name() + " is configured twice");
            }
        }
        this.regions = List.copyOf(new TreeSet<>(regions));
        if (this.regions.isEmpty()) {
            throw new IllegalArgumentException("a leaderboard needs at least one region");
        }
    }

    /** Unknown boards are 404: the request was well-formed but names nothing that exists. */
    public BoardConfig board(BoardName name) {
        BoardConfig board = boards.get(name);
        if (board == null) {
            throw new DomainException(
                    ErrorCode.UNKNOWN_BOARD, "no board named " + name + "; boards: " + boards.keySet());
        }
        return board;
    }

    /** Unknown regions are 400: the region set is fixed configuration the caller must stay within. */
    public Region region(Region region) {
        if (!regions.contains(region)) {
            throw new DomainException(
                    ErrorCode.UNKNOWN_REGION, "region " + region + " is not served; regions: " + regions);
        }
        return region;
    }

    public Collection<BoardConfig> boards() {
        return boards.values();
    }

    public List<Region> regions() {
        return regions;
    }
}
