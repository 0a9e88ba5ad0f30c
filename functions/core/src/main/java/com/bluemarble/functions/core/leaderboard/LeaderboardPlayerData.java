package com.bluemarble.functions.core.leaderboard;

import com.bluemarble.functions.core.error.DomainException;
import com.bluemarble.functions.core.error.ErrorCode;
import com.bluemarble.functions.core.player.PlayerId;
import com.bluemarble.functions.core.privacy.PlayerDataStore;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The leaderboards' part of a player's data rights. Freeze: a mark in every region's store, checked
 * by the submit itself. Erase: the player's entry leaves every region's shard of every season still
 * kept (the current one and the ended ones not yet expired), then every archived season file that
 * holds the player is rewritten without them. Export: the entries still kept and the archived ones.
 *
 * <p>An archive run and an erasure can overlap: a run that closed a shard may have read the
 * player's entry before it was removed and still be writing the file. So a shard found CLOSING
 * makes the erasure fail with 503 after everything else is done; the retry (the saga retries with
 * backoff) finds the shard ARCHIVED and rewrites its file. A shard closed after the removal is
 * read without the player.
 */
public final class LeaderboardPlayerData implements PlayerDataStore {

    private final LeaderboardCatalog catalog;
    private final LeaderboardStore store;
    private final SeasonArchive archive;
    private final Clock clock;

    public LeaderboardPlayerData(
            LeaderboardCatalog catalog, LeaderboardStore store, SeasonArchive archive, Clock clock) {
        this.catalog = catalog;
        this.store = store;
        this.archive = archive;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "leaderboards";
    }

    @Override
    public void freeze(PlayerId player) {
        store.freeze(player, catalog.regions());
    }

    @Override
    public void erase(PlayerId player) {
        List<SeasonShard> closing = new ArrayList<>();
        for (BoardSeason season : keptSeasons()) {
            store.remove(season, catalog.regions(), player).forEach((region, state) -> {
                if (state == SeasonState.CLOSING) {
                    closing.add(season.shard(region));
                }
            });
        }
        for (SeasonShard shard : archive.archived()) {
            Optional<SeasonSnapshot> stored = archive.read(shard);
            if (stored.isPresent() && holds(stored.get(), player)) {
                SeasonSnapshot kept = stored.get();
                List<LeaderboardEntry> others = kept.entries().stream()
                        .filter(e -> !e.playerId().equals(player))
                        .toList();
                ArchiveReceipt receipt =
                        archive.replace(new SeasonSnapshot(kept.board(), kept.season(), kept.region(), others));
                store.updateArchiveReceipt(shard, receipt);
            }
        }
        if (!closing.isEmpty()) {
            throw new DomainException(
                    ErrorCode.STORE_UNAVAILABLE,
                    "season shard(s) " + closing + " are being archived; the player's entries are removed, "
                            + "retry once the archive run has finished so its files are rewritten too");
        }
    }

    /**
     * {@code {"seasons": [...], "archivedSeasons": [...]}}: each entry as {@code {"board",
     * "season", "region", "score", "achievedAt"}} (archived ones also with their {@code "rank"} in
     * the file). {@code seasons} are the shards still in the regions' stores (current seasons and
     * ended ones not yet expired), {@code archivedSeasons} the archive files.
     */
    @Override
    public Map<String, Object> export(PlayerId player) {
        List<Map<String, Object>> live = new ArrayList<>();
        for (BoardSeason season : keptSeasons()) {
            store.find(season, catalog.regions(), player)
                    .values()
                    .forEach(entry -> live.add(entry(season.board(), season.seasonId(), entry)));
        }
        List<Map<String, Object>> archived = new ArrayList<>();
        for (SeasonShard shard : archive.archived()) {
            Optional<SeasonSnapshot> stored = archive.read(shard);
            if (stored.isEmpty()) {
                continue;
            }
            List<LeaderboardEntry> entries = stored.get().entries();
            for (int i = 0; i < entries.size(); i++) {
                if (entries.get(i).playerId().equals(player)) {
                    Map<String, Object> entry = entry(shard.board(), shard.seasonId(), entries.get(i));
                    entry.put("rank", i + 1);
                    archived.add(entry);
                }
            }
        }
        Map<String, Object> export = new LinkedHashMap<>();
        export.put("seasons", live);
        export.put("archivedSeasons", archived);
        return export;
    }

    private static boolean holds(SeasonSnapshot snapshot, PlayerId player) {
        return snapshot.entries().stream().anyMatch(e -> e.playerId().equals(player));
    }

    private static Map<String, Object> entry(BoardName board, String seasonId, LeaderboardEntry entry) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("board", board.value());
        map.put("season", seasonId);
        map.put("region", entry.region().value());
        map.put("score", entry.score());
        map.put("achievedAt", entry.achievedAt().toString());
        return map;
    }

    /**
     * Every season whose shards a store may still hold: the current one and the ended ones back to
     * the retention plus the archiver's look-back (an archive run that was down for a while).
     */
    private List<BoardSeason> keptSeasons() {
        Instant now = clock.instant();
        List<BoardSeason> seasons = new ArrayList<>();
        for (BoardConfig board : catalog.boards()) {
            Season current = board.reset().seasonAt(now);
            seasons.add(new BoardSeason(board.name(), current.id()));
            Instant oldestEnd = now.minus(board.retention()).minus(SeasonArchiver.LOOKBACK_BEYOND_RETENTION);
            Optional<Season> past = board.reset().previous(current);
            while (past.isPresent() && past.get().end().isAfter(oldestEnd)) {
                seasons.add(new BoardSeason(board.name(), past.get().id()));
                past = board.reset().previous(past.get());
            }
        }
        return seasons;
    }
}
