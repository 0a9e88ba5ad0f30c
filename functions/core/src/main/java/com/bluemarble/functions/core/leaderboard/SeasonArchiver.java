package com.bluemarble.functions.core.leaderboard;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Ends past seasons safely, to be run periodically (a scheduled function in AWS). A season
 * rolls over by key: submits simply start writing the new season's key, nothing is deleted. Once
 * a season has ended (plus a grace for submits still in flight), each region's shard is
 * <ol>
 * <li>closed, so a late submit is refused instead of being lost after the archive;</li>
 * <li>read in chunks and archived (compressed, SHA-256 checksummed);</li>
 * <li>only then marked archived and given an expiry at season end + retention.</li>
 * </ol>
 * A crash between steps is repaired by the next run: a CLOSING shard is archived again, and the
 * archive write is idempotent. Shards whose expiry has passed are gone (ABSENT) and skipped.
 */
public final class SeasonArchiver {

    /** How far back past the retention a run still looks for unarchived seasons (a run that was down for a while). */
    public static final Duration LOOKBACK_BEYOND_RETENTION = Duration.ofDays(31);

    private static final int MAX_SEASONS_PER_BOARD = 400;

    private final LeaderboardCatalog catalog;
    private final LeaderboardStore store;
    private final SeasonArchive archive;
    private final Clock clock;
    private final Duration closeGrace;

    public SeasonArchiver(
            LeaderboardCatalog catalog,
            LeaderboardStore store,
            SeasonArchive archive,
            Clock clock,
            Duration closeGrace) {
        this.catalog = catalog;
        this.store = store;
        this.archive = archive;
        this.clock = clock;
        this.closeGrace = closeGrace;
    }

    public record Archived(SeasonShard shard, ArchiveReceipt receipt, Instant expireAt) {}

    /** Archives every ended, not yet archived season shard; returns what it archived. */
    public List<Archived> archiveEndedSeasons() {
        Instant now = clock.instant();
        List<Archived> done = new ArrayList<>();
        for (BoardConfig board : catalog.boards()) {
            Optional<Season> past = board.reset().previous(board.reset().seasonAt(now));
            Instant oldestEnd = now.minus(board.retention()).minus(LOOKBACK_BEYOND_RETENTION);
            for (int i = 0; past.isPresent() && past.get().end().isAfter(oldestEnd) && i < MAX_SEASONS_PER_BOARD; i++) {
                Season season = past.get();
                if (!now.isBefore(season.end().plus(closeGrace))) {
                    for (Region region : catalog.regions()) {
                        archiveIfNeeded(board, season, region).ifPresent(done::add);
                    }
                }
                past = board.reset().previous(season);
            }
        }
        return done;
    }

    private Optional<Archived> archiveIfNeeded(BoardConfig board, Season season, Region region) {
        SeasonShard shard = new SeasonShard(board.name(), season.id(), region);
        SeasonState state = store.state(shard);
        if (state == SeasonState.ABSENT || state == SeasonState.ARCHIVED) {
            return Optional.empty();
        }
        store.close(shard);
        List<LeaderboardEntry> entries = store.readAll(shard);
        ArchiveReceipt receipt = archive.write(new SeasonSnapshot(board.name(), season, region, entries));
        Instant expireAt = season.end().plus(board.retention());
        store.markArchived(shard, receipt, expireAt);
        return Optional.of(new Archived(shard, receipt, expireAt));
    }
}
