package com.bluemarble.functions.core.leaderboard;

import com.bluemarble.functions.core.player.PlayerId;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Keeps each season shard's entries in rank order (Redis sorted sets in production). Calls
 * naming several regions query them in parallel and answer all or nothing: if any shard does not
 * answer within the store's bound, they throw a {@link com.bluemarble.functions.core.error.DomainException}
 * of kind UNAVAILABLE — never a partial answer.
 */
public interface LeaderboardStore {

    /**
     * Keeps the better of the stored entry and ({@code score}, {@code at}) in one atomic step; on
     * an equal score the earlier achievement stays (so a delayed submit of an earlier
     * achievement still wins, and a resubmit changes nothing). Throws CONFLICT SEASON_CLOSED if the shard was
     * closed for archiving.
     */
    SubmitOutcome submit(SeasonShard shard, PlayerId player, long score, Instant at);

    /**
     * {@link #submit} for each entry, applied in list order (two entries of one player see each
     * other), answered in list order. A store may pipeline them per shard. Throws CONFLICT
     * SEASON_CLOSED if any shard was closed; the other entries are applied (submits are idempotent,
     * so the batch may be sent again).
     */
    default List<SubmitOutcome> submitAll(List<ShardSubmit> submits, Instant at) {
        return submits.stream()
                .map(s -> submit(s.shard(), s.player(), s.score(), at))
                .toList();
    }

    /** The best {@code limit} entries of each region, best first. */
    Map<Region, List<LeaderboardEntry>> top(BoardSeason season, Collection<Region> regions, int limit);

    /** The player's entry in each region that has one. */
    Map<Region, LeaderboardEntry> find(BoardSeason season, Collection<Region> regions, PlayerId player);

    /** Each region's count of entries strictly better than {@code pivot} and its {@code around} neighbours of it. */
    Map<Region, Neighbourhood> neighbourhoods(
            BoardSeason season, Collection<Region> regions, LeaderboardEntry pivot, int around);

    SeasonState state(SeasonShard shard);

    /** Refuses further submits to the shard (state CLOSING), so what is archived is final. */
    void close(SeasonShard shard);

    /** Every entry of a closed shard, best first (read in chunks, never one blocking call). */
    List<LeaderboardEntry> readAll(SeasonShard shard);

    /** Records the archive and lets the shard expire at {@code expireAt} (state ARCHIVED). */
    void markArchived(SeasonShard shard, ArchiveReceipt receipt, Instant expireAt);

    /**
     * Marks the player erased in every one of {@code regions}' stores, after which every submit
     * naming the player is refused with CONFLICT {@code PLAYER_ERASED} (checked atomically with
     * the write). Idempotent; the mark is never removed. If any region fails, throws UNAVAILABLE
     * (the regions that took the mark keep it; a retry completes the rest).
     */
    void freeze(PlayerId player, Collection<Region> regions);

    /**
     * Removes the player's entry, if any, from each region's shard of the season; answers each
     * shard's state as it was when the entry was removed (a CLOSING shard may already have been
     * read by an archive run still in progress).
     */
    Map<Region, SeasonState> remove(BoardSeason season, Collection<Region> regions, PlayerId player);

    /** Records a rewritten archive's receipt on an ARCHIVED shard, keeping its expiry; otherwise does nothing. */
    void updateArchiveReceipt(SeasonShard shard, ArchiveReceipt receipt);
}
