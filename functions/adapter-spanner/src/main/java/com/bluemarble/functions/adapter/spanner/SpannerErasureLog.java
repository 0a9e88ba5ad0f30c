package com.bluemarble.functions.adapter.spanner;

import com.bluemarble.functions.core.error.DomainException;
import com.bluemarble.functions.core.error.ErrorCode;
import com.bluemarble.functions.core.player.PlayerId;
import com.bluemarble.functions.core.privacy.ErasureLog;
import com.bluemarble.functions.core.privacy.ErasureRecord;
import com.google.cloud.spanner.DatabaseClient;
import com.google.cloud.spanner.Key;
import com.google.cloud.spanner.Mutation;
import com.google.cloud.spanner.ResultSet;
import com.google.cloud.spanner.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The erasure log on Spanner (V4: Erasures, ErasureSteps, ErasedPlayers; tables no backup exports and
 * no restore deletes). {@link #record} writes the erasure and the player's freeze mark in one
 * read-write transaction: every economy write reads that mark in its own transaction, so from the
 * commit on the economy refuses the player (409 PLAYER_ERASED), and a write that committed first is
 * kept (the erasure then burns it).
 */
public final class SpannerErasureLog implements ErasureLog {

    private final DatabaseClient client;
    private final SpannerSettings settings;
    private final GatedCalls calls;
    private final SagaRows rows;

    /**
     * @param steps the saga's step names (each 1..64 characters): an erasure is unfinished until every
     *     one of them is marked done, and {@link #markDone} refuses any other name (400
     *     INVALID_ERASURE_STEP)
     */
    public SpannerErasureLog(DatabaseClient client, SpannerSettings settings, List<String> steps) {
        this.client = client;
        this.settings = settings;
        this.calls = new GatedCalls(settings);
        this.rows = new SagaRows(
                client,
                settings,
                "Erasures",
                "ErasureSteps",
                "EraseId",
                "RecordedAt",
                "Reason",
                "UnfinishedErasures",
                steps,
                ErrorCode.UNKNOWN_ERASURE);
    }

    @Override
    public ErasureRecord record(UUID eraseId, PlayerId player, String reason, Instant at) {
        Instant recordedAt = SagaRows.micros(at);
        SagaRows.Row row = rows.readWrite("erasureRecord", tx -> {
            Optional<SagaRows.Row> existing = rows.read(tx, eraseId.toString());
            if (existing.isPresent()) {
                return existing.get(); // a replay (or another player's: refused below), nothing written
            }
            if (tx.readRow("ErasedPlayers", Key.of(player.value()), List.of("PlayerId")) == null) {
                tx.buffer(Mutation.newInsertBuilder("ErasedPlayers")
                        .set("PlayerId")
                        .to(player.value())
                        .set("ErasedAt")
                        .to(SagaRows.timestamp(recordedAt))
                        .build());
            }
            return rows.insert(tx, eraseId.toString(), player.value(), recordedAt, reason);
        });
        if (!row.playerId().equals(player.value())) {
            throw new DomainException(
                    ErrorCode.ERASE_ID_REUSED, "eraseId " + eraseId + " was already used to erase another player");
        }
        return erasure(row);
    }

    @Override
    public Optional<ErasureRecord> find(UUID eraseId) {
        return rows.find(eraseId.toString()).map(SpannerErasureLog::erasure);
    }

    @Override
    public void markDone(UUID eraseId, String step, Instant at) {
        rows.markDone(eraseId.toString(), step, at);
    }

    @Override
    public List<ErasureRecord> unfinished(int limit) {
        return rows.unfinished(limit).stream().map(SpannerErasureLog::erasure).toList();
    }

    @Override
    public List<PlayerId> erasedPlayers(PlayerId afterPlayer, int limit) {
        if (limit < 1) {
            return List.of();
        }
        Statement query = Statement.newBuilder(
                        "SELECT PlayerId FROM ErasedPlayers WHERE PlayerId > @after ORDER BY PlayerId LIMIT @limit")
                .bind("after")
                .to(afterPlayer == null ? "" : afterPlayer.value())
                .bind("limit")
                .to((long) limit)
                .build();
        return calls.call("erasedPlayers", settings.readTimeout(), () -> {
            List<PlayerId> players = new ArrayList<>();
            try (ResultSet result = client.singleUse().executeQuery(query, SpannerTags.request("erasedPlayers"))) {
                while (result.next()) {
                    players.add(PlayerId.of(result.getString(0)));
                }
            }
            return players;
        });
    }

    private static ErasureRecord erasure(SagaRows.Row row) {
        return new ErasureRecord(
                UUID.fromString(row.id()), PlayerId.of(row.playerId()), row.text(), row.startedAt(), row.steps());
    }
}
