package com.bluemarble.functions.adapter.spanner;

import com.bluemarble.functions.core.error.DomainException;
import com.bluemarble.functions.core.error.ErrorCode;
import com.google.cloud.Timestamp;
import com.google.cloud.spanner.DatabaseClient;
import com.google.cloud.spanner.Key;
import com.google.cloud.spanner.KeySet;
import com.google.cloud.spanner.Mutation;
import com.google.cloud.spanner.ReadContext;
import com.google.cloud.spanner.ReadOnlyTransaction;
import com.google.cloud.spanner.ResultSet;
import com.google.cloud.spanner.Statement;
import com.google.cloud.spanner.Struct;
import com.google.cloud.spanner.TimestampBound;
import com.google.cloud.spanner.TransactionContext;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The rows of one saga's durable progress (V4: Erasures + ErasureSteps, Exports + ExportSteps): one
 * row per saga (id, player, start time, a text: the reason or the failure, PendingSince) and one row
 * per completed step. PendingSince is set until every step is done (or the saga failed), so the
 * table's NULL_FILTERED index lists exactly the unfinished sagas.
 */
final class SagaRows {

    /** One saga as stored. {@code text} is the erasure's reason or the export's failure (null: none). */
    record Row(
            String id, String playerId, Instant startedAt, String text, boolean pending, Map<String, Instant> steps) {}

    /** What {@link #markDone} found. */
    enum Marked {
        RECORDED,
        ALREADY_DONE,
        UNKNOWN
    }

    private final DatabaseClient client;
    private final SpannerSettings settings;
    private final GatedCalls calls;
    private final String table;
    private final String stepsTable;
    private final String idColumn;
    private final String timeColumn;
    private final String textColumn;
    private final String pendingIndex;
    private final Set<String> steps;
    private final ErrorCode unknown;

    SagaRows(
            DatabaseClient client,
            SpannerSettings settings,
            String table,
            String stepsTable,
            String idColumn,
            String timeColumn,
            String textColumn,
            String pendingIndex,
            List<String> steps,
            ErrorCode unknown) {
        if (steps.isEmpty() || steps.stream().anyMatch(step -> step.isBlank() || step.length() > 64)) {
            throw new IllegalArgumentException("steps must be 1..64 characters each, at least one: " + steps);
        }
        this.client = client;
        this.settings = settings;
        this.calls = new GatedCalls(settings);
        this.table = table;
        this.stepsTable = stepsTable;
        this.idColumn = idColumn;
        this.timeColumn = timeColumn;
        this.textColumn = textColumn;
        this.pendingIndex = pendingIndex;
        this.steps = Set.copyOf(steps);
        this.unknown = unknown;
    }

    /** Spanner keeps microseconds: a time is stored and returned at that precision. */
    static Instant micros(Instant at) {
        return at.truncatedTo(ChronoUnit.MICROS);
    }

    static Timestamp timestamp(Instant at) {
        return Timestamp.ofTimeSecondsAndNanos(at.getEpochSecond(), at.getNano());
    }

    /** Runs {@code body} in one read-write transaction (re-run on abort: it only reads and buffers). */
    <T> T readWrite(String operation, Function<TransactionContext, T> body) {
        return calls.call(
                operation,
                settings.transactionTimeout(),
                () -> client.readWriteTransaction(SpannerTags.transaction()).run(body::apply));
    }

    /** The saga and its completed steps, read in {@code read}. */
    Optional<Row> read(ReadContext read, String id) {
        Struct row =
                read.readRow(table, Key.of(id), List.of(idColumn, "PlayerId", timeColumn, textColumn, "PendingSince"));
        if (row == null) {
            return Optional.empty();
        }
        Map<String, Instant> done = new TreeMap<>();
        try (ResultSet rows = read.read(stepsTable, KeySet.prefixRange(Key.of(id)), List.of("Step", "DoneAt"))) {
            while (rows.next()) {
                done.put(rows.getString(0), Timestamps.toInstant(rows.getTimestamp(1)));
            }
        }
        return Optional.of(new Row(
                id,
                row.getString("PlayerId"),
                Timestamps.toInstant(row.getTimestamp(timeColumn)),
                row.isNull(textColumn) ? null : row.getString(textColumn),
                !row.isNull("PendingSince"),
                done));
    }

    /** Buffers a new saga row, pending from {@code at}. */
    Row insert(TransactionContext tx, String id, String playerId, Instant at, String text) {
        tx.buffer(Mutation.newInsertBuilder(table)
                .set(idColumn)
                .to(id)
                .set("PlayerId")
                .to(playerId)
                .set(timeColumn)
                .to(timestamp(at))
                .set(textColumn)
                .to(text)
                .set("PendingSince")
                .to(timestamp(at))
                .build());
        return new Row(id, playerId, at, text, true, Map.of());
    }

    Optional<Row> find(String id) {
        return calls.call("sagaFind." + table, settings.readTimeout(), () -> {
            try (ReadOnlyTransaction snapshot = client.readOnlyTransaction(TimestampBound.strong())) {
                return read(snapshot, id);
            }
        });
    }

    /**
     * Records a completed step (the first completion is kept); when every step is done the saga
     * leaves the unfinished index.
     *
     * @throws DomainException INVALID_ERASURE_STEP for a step that is not one of the saga's, or the
     *     saga's unknown-id code
     */
    void markDone(String id, String step, Instant at) {
        if (!steps.contains(step)) {
            throw new DomainException(
                    ErrorCode.INVALID_ERASURE_STEP,
                    "step '" + step + "' is not one of " + new java.util.TreeSet<>(steps));
        }
        Marked marked = readWrite("sagaStep." + table, tx -> {
            Optional<Row> saga = read(tx, id);
            if (saga.isEmpty()) {
                return Marked.UNKNOWN;
            }
            if (saga.get().steps().containsKey(step)) {
                return Marked.ALREADY_DONE;
            }
            tx.buffer(Mutation.newInsertBuilder(stepsTable)
                    .set(idColumn)
                    .to(id)
                    .set("Step")
                    .to(step)
                    .set("DoneAt")
                    .to(timestamp(micros(at)))
                    .build());
            Set<String> done = new java.util.HashSet<>(saga.get().steps().keySet());
            done.add(step);
            if (saga.get().pending() && done.containsAll(steps)) {
                tx.buffer(settled(id).build());
            }
            return Marked.RECORDED;
        });
        if (marked == Marked.UNKNOWN) {
            throw new DomainException(unknown, "no " + table.toLowerCase(java.util.Locale.ROOT) + " record " + id);
        }
    }

    /** An update that takes the saga out of the unfinished index (done or failed). */
    Mutation.WriteBuilder settled(String id) {
        return Mutation.newUpdateBuilder(table)
                .set(idColumn)
                .to(id)
                .set("PendingSince")
                .to((Timestamp) null);
    }

    /** Unfinished sagas, oldest first, at most {@code limit}, all read at one timestamp. */
    List<Row> unfinished(int limit) {
        if (limit < 1) {
            return List.of();
        }
        Statement query = Statement.newBuilder("SELECT " + idColumn + " FROM " + table + "@{FORCE_INDEX="
                        + pendingIndex
                        + ", spanner_emulator.disable_query_null_filtered_index_check=true}"
                        + " WHERE PendingSince IS NOT NULL ORDER BY PendingSince, " + idColumn + " LIMIT @limit")
                .bind("limit")
                .to((long) limit)
                .build();
        return calls.call("sagaUnfinished." + table, settings.readTimeout(), () -> {
            try (ReadOnlyTransaction snapshot = client.readOnlyTransaction(TimestampBound.strong())) {
                List<String> ids = new ArrayList<>();
                try (ResultSet rows = snapshot.executeQuery(query, SpannerTags.request("sagaUnfinished"))) {
                    while (rows.next()) {
                        ids.add(rows.getString(0));
                    }
                }
                List<Row> unfinished = new ArrayList<>();
                for (String id : ids) {
                    read(snapshot, id).ifPresent(unfinished::add);
                }
                return unfinished;
            }
        });
    }
}
