package com.bluemarble.functions.core.backup;

import com.bluemarble.functions.core.leaderboard.BoardConfig;
import com.bluemarble.functions.core.leaderboard.LeaderboardCatalog;
import com.bluemarble.functions.core.leaderboard.LeaderboardEntry;
import com.bluemarble.functions.core.leaderboard.LeaderboardStore;
import com.bluemarble.functions.core.leaderboard.Region;
import com.bluemarble.functions.core.leaderboard.SeasonShard;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Copies the current season of every board, in every region, into a backup as table
 * {@code LeaderboardEntries}. Leaderboards are eventually consistent and the shards are live while
 * they are read (in chunks, best first), so this is a copy as read, not a point-in-time cut: an entry
 * whose score moves across a chunk boundary during the read may be missed or seen twice (the second
 * sighting is dropped). Finished seasons are not copied: the leaderboard job archives them under
 * {@code leaderboards/} in the same bucket.
 */
public final class LeaderboardSeasonsExporter implements DatasetExporter {

    public static final TableSpec TABLE = new TableSpec(
            "LeaderboardEntries",
            List.of(
                    new TableSpec.Column("Board", TableSpec.Type.STRING),
                    new TableSpec.Column("Season", TableSpec.Type.STRING),
                    new TableSpec.Column("Region", TableSpec.Type.STRING),
                    new TableSpec.Column("PlayerId", TableSpec.Type.STRING),
                    new TableSpec.Column("Score", TableSpec.Type.INT64),
                    new TableSpec.Column("AchievedAt", TableSpec.Type.TIMESTAMP)));

    private final LeaderboardCatalog catalog;
    private final LeaderboardStore store;
    private final Clock clock;

    public LeaderboardSeasonsExporter(LeaderboardCatalog catalog, LeaderboardStore store, Clock clock) {
        this.catalog = catalog;
        this.store = store;
        this.clock = clock;
    }

    @Override
    public String dataset() {
        return "leaderboards";
    }

    @Override
    public void export(Function<TableSpec, EconomyExporter.TableWriter> sinks) {
        Instant now = clock.instant();
        try (EconomyExporter.TableWriter sink = sinks.apply(TABLE)) {
            for (BoardConfig board : catalog.boards()) {
                String season = board.reset().seasonAt(now).id();
                for (Region region : catalog.regions()) {
                    Set<String> seen = new HashSet<>();
                    for (LeaderboardEntry entry : store.readAll(new SeasonShard(board.name(), season, region))) {
                        if (seen.add(entry.playerId().value())) {
                            sink.row(List.of(
                                    board.name().value(),
                                    season,
                                    region.value(),
                                    entry.playerId().value(),
                                    entry.score(),
                                    entry.achievedAt()));
                        }
                    }
                }
            }
        }
    }
}
