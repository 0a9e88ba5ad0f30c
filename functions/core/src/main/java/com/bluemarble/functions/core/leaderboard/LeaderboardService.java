package com.bluemarble.functions.core.leaderboard;

import com.bluemarble.functions.core.error.DomainException;
import com.bluemarble.functions.core.error.ErrorCode;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The leaderboard use cases. Writes go to the current season of the board (from the clock) in
 * the caller's region; global reads ask every regional shard in parallel and merge exactly
 * ({@link GlobalMerge}), failing with 503 rather than answering from part of the shards.
 */
public final class LeaderboardService {

    private final LeaderboardCatalog catalog;
    private final LeaderboardStore store;
    private final Clock clock;

    public LeaderboardService(LeaderboardCatalog catalog, LeaderboardStore store, Clock clock) {
        this.catalog = catalog;
        this.store = store;
        this.clock = clock;
    }

    public LeaderboardCatalog catalog() {
        return catalog;
    }

    public SubmitReply submit(SubmitRequest request) {
        BoardConfig board = catalog.board(request.board());
        Region region = catalog.region(request.region());
        // Millisecond precision: the tie-break key stores milliseconds, so the entry must not claim more.
        Instant now = Instant.ofEpochMilli(clock.millis());
        Season season = board.reset().seasonAt(now);
        SubmitOutcome outcome = store.submit(
                new SeasonShard(board.name(), season.id(), region), request.playerId(), request.score(), now);
        return new SubmitReply(board.name(), season.id(), outcome.improved(), outcome.best(), outcome.regionalRank());
    }

    /**
     * A match's results at once: every entry is validated (board, region) before anything is
     * applied, so a 4xx changes nothing; then all are applied with one clock reading, pipelined
     * per shard by the store. Answers in the request's order.
     */
    public List<SubmitReply> submitAll(List<SubmitRequest> requests) {
        if (requests.isEmpty() || requests.size() > LeaderboardLimits.MAX_BATCH_ENTRIES) {
            throw new DomainException(
                    ErrorCode.TOO_MANY_ENTRIES,
                    "entries must hold 1.." + LeaderboardLimits.MAX_BATCH_ENTRIES + " submits; got " + requests.size());
        }
        Instant now = Instant.ofEpochMilli(clock.millis());
        List<ShardSubmit> submits = new ArrayList<>(requests.size());
        for (int i = 0; i < requests.size(); i++) {
            SubmitRequest request = requests.get(i);
            try {
                BoardConfig board = catalog.board(request.board());
                Region region = catalog.region(request.region());
                submits.add(new ShardSubmit(
                        new SeasonShard(
                                board.name(), board.reset().seasonAt(now).id(), region),
                        request.playerId(),
                        request.score()));
            } catch (DomainException e) {
                throw new DomainException(ErrorCode.valueOf(e.code()), "entries[" + i + "]: " + e.getMessage(), e);
            }
        }
        List<SubmitOutcome> outcomes = store.submitAll(submits, now);
        List<SubmitReply> replies = new ArrayList<>(outcomes.size());
        for (int i = 0; i < outcomes.size(); i++) {
            SubmitOutcome outcome = outcomes.get(i);
            ShardSubmit submit = submits.get(i);
            replies.add(new SubmitReply(
                    submit.shard().board(),
                    submit.shard().seasonId(),
                    outcome.improved(),
                    outcome.best(),
                    outcome.regionalRank()));
        }
        return replies;
    }

    public TopReply top(TopRequest request) {
        BoardSeason season = current(request.board());
        if (request.region().isPresent()) {
            Region region = catalog.region(request.region().get());
            List<LeaderboardEntry> entries =
                    store.top(season, List.of(region), request.limit()).getOrDefault(region, List.of());
            return new TopReply(
                    season.board(),
                    season.seasonId(),
                    request.region(),
                    GlobalMerge.top(List.of(entries), request.limit()));
        }
        Map<Region, List<LeaderboardEntry>> tops = store.top(season, catalog.regions(), request.limit());
        return new TopReply(
                season.board(), season.seasonId(), request.region(), GlobalMerge.top(tops.values(), request.limit()));
    }

    public RankReply rank(RankRequest request) {
        BoardSeason season = current(request.board());
        Map<Region, LeaderboardEntry> found = store.find(season, catalog.regions(), request.playerId());
        // A player is expected to play in one region per season; if they submitted in several, their best entry counts.
        LeaderboardEntry pivot = found.values().stream()
                .min(LeaderboardEntry.BETTER_FIRST)
                .orElseThrow(() -> new DomainException(
                        ErrorCode.UNKNOWN_PLAYER,
                        "player " + request.playerId() + " has no score on " + season.board() + " in season "
                                + season.seasonId()));
        Map<Region, Neighbourhood> shards = store.neighbourhoods(season, catalog.regions(), pivot, request.around());
        long globalRank = GlobalMerge.rank(shards.values());
        long regionalRank = shards.get(pivot.region()).better() + 1;
        List<RankedEntry> around = new ArrayList<>(GlobalMerge.around(shards.values(), globalRank, request.around()));
        return new RankReply(season.board(), season.seasonId(), pivot, globalRank, regionalRank, around);
    }

    private BoardSeason current(BoardName name) {
        BoardConfig board = catalog.board(name);
        return new BoardSeason(
                board.name(), board.reset().seasonAt(clock.instant()).id());
    }
}
