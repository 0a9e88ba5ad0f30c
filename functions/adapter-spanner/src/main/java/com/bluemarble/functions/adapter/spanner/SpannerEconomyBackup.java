package com.bluemarble.functions.adapter.spanner;

import com.bluemarble.functions.core.backup.EconomyExporter;
import com.bluemarble.functions.core.backup.ExportPlan;
import com.bluemarble.functions.core.backup.ExportUnit;
import com.bluemarble.functions.core.backup.RestoreTarget;
import com.bluemarble.functions.core.backup.TableSpec;
import com.bluemarble.functions.core.economy.AuditSnapshot;
import com.bluemarble.functions.core.economy.audit.AuditPartial;
import com.bluemarble.functions.core.economy.audit.AuditPlan;
import com.bluemarble.functions.core.error.DomainException;
import com.google.cloud.Timestamp;
import com.google.cloud.spanner.DatabaseClient;
import com.google.cloud.spanner.KeySet;
import com.google.cloud.spanner.Mutation;
import com.google.cloud.spanner.ReadOnlyTransaction;
import com.google.cloud.spanner.ResultSet;
import com.google.cloud.spanner.Statement;
import com.google.cloud.spanner.TimestampBound;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;

/**
 * Backup and restore of the economy database. The export is planned like the partitioned audit
 * (one strong read chooses the timestamp and the ranges of players) and each unit is one read-only
 * transaction at exactly that timestamp, so all of it is at one read timestamp: a trade committed
 * before it is wholly in, one committed after it wholly out. Tables and columns come from the database's
 * INFORMATION_SCHEMA (so a new migration is backed up without code changes), ordered parents first,
 * except {@link SpannerSchema#NOT_BACKED_UP} (the erasure records, which every restore leaves as they are).
 */
public final class SpannerEconomyBackup implements EconomyExporter, RestoreTarget {

    private final DatabaseClient client;
    private final Duration timeout;
    private final TransactionGate gate;
    private final SpannerPartitionedAudit planner;

    private static final String PLAYERS = "Players";

    /**
     * @param settings where {@code client} points (only its emulator host matters here: on the emulator,
     *                 which runs one transaction at a time, every step waits for the process-wide gate, so
     *                 trades wait while an export runs; on Cloud Spanner a read-only transaction takes no locks)
     * @param timeout bound on a whole export or restore step (a Lambda has at most 15 minutes)
     */
    public SpannerEconomyBackup(DatabaseClient client, SpannerSettings settings, Duration timeout) {
        this.client = client;
        this.timeout = timeout;
        this.gate = TransactionGate.forSettings(settings);
        this.planner = new SpannerPartitionedAudit(client, settings, timeout);
    }

    @Override
    public ExportPlan plan(String backupId, Instant createdAt, AuditPlan.Sizing sizing) {
        Map<String, String> parents = new LinkedHashMap<>();
        List<TableSpec> tables = schema(parents);
        // The partitioned audit's planning: a strong read chooses the timestamp, the player keys at it the ranges.
        AuditPlan players = planner.plan(sizing);
        List<TableSpec> playerTree = new ArrayList<>();
        Map<String, List<TableSpec>> otherTrees = new LinkedHashMap<>();
        for (TableSpec table : tables) { // parents first, so a root comes before its children
            String root = root(table.name(), parents);
            if (PLAYERS.equals(root)) {
                playerTree.add(table);
            } else {
                otherTrees.computeIfAbsent(root, r -> new ArrayList<>()).add(table);
            }
        }
        List<ExportUnit> units = new ArrayList<>();
        for (int i = 0; i < players.partitions().size(); i++) {
            units.add(new ExportUnit(
                    String.format("players-%05d", i), players.partitions().get(i), playerTree));
        }
        otherTrees.forEach((root, tree) -> units.add(new ExportUnit("table-" + root, null, tree)));
        return new ExportPlan(backupId, createdAt, players.readTimestamp(), players.players(), tables, units);
    }

    private static String root(String table, Map<String, String> parents) {
        String root = table;
        while (parents.get(root) != null) {
            root = parents.get(root);
        }
        return root;
    }

    /**
     * One read-only transaction at exactly {@code readTimestamp}: the unit's tables read by its key
     * range of players (a seek on each interleaved table) or whole, then, for a player partition, its
     * audit partial (the partitioned audit's read of the same range at the same timestamp).
     */
    @Override
    public AuditPartial export(Instant readTimestamp, ExportUnit unit, Function<TableSpec, TableWriter> sinks) {
        Timestamp at = Timestamp.ofTimeSecondsAndNanos(readTimestamp.getEpochSecond(), readTimestamp.getNano());
        KeySet keys = unit.players() == null ? KeySet.all() : SpannerPartitionedAudit.keys(unit.players());
        return bounded(() -> {
            try (ReadOnlyTransaction snapshot = client.readOnlyTransaction(TimestampBound.ofReadTimestamp(at))) {
                for (TableSpec table : unit.tables()) {
                    try (TableWriter sink = sinks.apply(table);
                            ResultSet rows = snapshot.read(
                                    table.name(),
                                    keys,
                                    table.columns().stream()
                                            .map(TableSpec.Column::name)
                                            .toList())) {
                        while (rows.next()) {
                            sink.row(values(table, rows));
                        }
                    }
                }
                return unit.players() == null
                        ? AuditPartial.EMPTY
                        : SpannerPartitionedAudit.readPartition(snapshot, unit.players());
            }
        });
    }

    @Override
    public List<TableSpec> tables() {
        return schema(new LinkedHashMap<>());
    }

    /** The tables in restore order (parents first); fills {@code parents} (table to its parent, null for a root). */
    private List<TableSpec> schema(Map<String, String> parents) {
        return bounded(() -> {
            Map<String, List<TableSpec.Column>> columns = new LinkedHashMap<>();
            try (ResultSet rows = client.singleUse()
                    .executeQuery(
                            Statement.of(
                                    "SELECT TABLE_NAME, PARENT_TABLE_NAME FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = '' ORDER BY TABLE_NAME"))) {
                while (rows.next()) {
                    if (SpannerSchema.NOT_BACKED_UP.contains(rows.getString(0))) {
                        continue; // the erasure records: never exported, never deleted by a restore
                    }
                    parents.put(rows.getString(0), rows.isNull(1) ? null : rows.getString(1));
                    columns.put(rows.getString(0), new ArrayList<>());
                }
            }
            try (ResultSet rows = client.singleUse()
                    .executeQuery(Statement.of(
                            "SELECT TABLE_NAME, COLUMN_NAME, SPANNER_TYPE FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_SCHEMA = '' "
                                    + "ORDER BY TABLE_NAME, ORDINAL_POSITION"))) {
                while (rows.next()) {
                    if (!columns.containsKey(rows.getString(0))) {
                        continue;
                    }
                    columns.get(rows.getString(0))
                            .add(new TableSpec.Column(
                                    rows.getString(1), type(rows.getString(0), rows.getString(1), rows.getString(2))));
                }
            }
            List<TableSpec> ordered = new ArrayList<>();
            List<String> done = new ArrayList<>();
            while (done.size() < parents.size()) {
                for (var table : parents.entrySet()) {
                    if (!done.contains(table.getKey())
                            && (table.getValue() == null || done.contains(table.getValue()))) {
                        done.add(table.getKey());
                        ordered.add(new TableSpec(table.getKey(), columns.get(table.getKey())));
                    }
                }
            }
            return ordered;
        });
    }

    private static TableSpec.Type type(String table, String column, String spannerType) {
        if (spannerType.startsWith("STRING")) {
            return TableSpec.Type.STRING;
        }
        switch (spannerType) {
            case "INT64":
                return TableSpec.Type.INT64;
            case "BOOL":
                return TableSpec.Type.BOOL;
            case "TIMESTAMP":
                return TableSpec.Type.TIMESTAMP;
            default:
                // Refuse loudly rather than back up a table without one of its columns.
                throw new IllegalStateException(
                        table + "." + column + " has type " + spannerType + ", which backups do not support yet");
        }
    }

    private static List<Object> values(TableSpec table, ResultSet rows) {
        List<Object> values = new ArrayList<>(table.columns().size());
        for (int i = 0; i < table.columns().size(); i++) {
            if (rows.isNull(i)) {
                values.add(null);
                continue;
            }
            switch (table.columns().get(i).type()) {
                case STRING -> values.add(rows.getString(i));
                case INT64 -> values.add(rows.getLong(i));
                case BOOL -> values.add(rows.getBoolean(i));
                case TIMESTAMP -> values.add(Timestamps.toInstant(rows.getTimestamp(i)));
                default -> throw new IllegalStateException();
            }
        }
        return Collections.unmodifiableList(values);
    }

    @Override
    public long rowCount() {
        List<TableSpec> tables = tables();
        return bounded(() -> {
            long total = 0;
            try (ReadOnlyTransaction snapshot = client.readOnlyTransaction(TimestampBound.strong())) {
                for (TableSpec table : tables) {
                    try (ResultSet rows = snapshot.executeQuery(Statement.of("SELECT COUNT(*) FROM " + table.name()))) {
                        rows.next();
                        total += rows.getLong(0);
                    }
                }
            }
            return total;
        });
    }

    @Override
    public void deleteAll() {
        List<TableSpec> tables = new ArrayList<>(tables());
        Collections.reverse(tables); // children before parents
        bounded(() -> {
            for (TableSpec table : tables) {
                client.write(List.of(Mutation.delete(table.name(), KeySet.all())));
            }
            return null;
        });
    }

    @Override
    public void insert(TableSpec table, List<List<Object>> rows) {
        List<Mutation> mutations = new ArrayList<>(rows.size());
        for (List<Object> row : rows) {
            Mutation.WriteBuilder insert = Mutation.newInsertBuilder(table.name());
            for (int i = 0; i < table.columns().size(); i++) {
                TableSpec.Column column = table.columns().get(i);
                Object value = row.get(i);
                switch (column.type()) {
                    case STRING -> insert.set(column.name()).to((String) value);
                    case INT64 -> insert.set(column.name()).to((Long) value);
                    case BOOL -> insert.set(column.name()).to((Boolean) value);
                    case TIMESTAMP ->
                        insert.set(column.name())
                                .to(
                                        value == null
                                                ? null
                                                : Timestamp.ofTimeSecondsAndNanos(
                                                        ((Instant) value).getEpochSecond(),
                                                        ((Instant) value).getNano()));
                    default -> throw new IllegalStateException();
                }
            }
            mutations.add(insert.build());
        }
        bounded(() -> client.write(mutations));
    }

    @Override
    public AuditSnapshot audit() {
        return bounded(() -> {
            try (ReadOnlyTransaction snapshot = client.readOnlyTransaction(TimestampBound.strong())) {
                return SpannerEconomyStore.auditAt(snapshot);
            }
        });
    }

    /** Runs under a gRPC deadline (and the emulator's gate); Spanner unreachable or too slow is 503. */
    private <T> T bounded(Callable<T> call) {
        try {
            return gate.run(timeout, () -> SpannerCalls.bounded(timeout, call));
        } catch (java.util.concurrent.TimeoutException e) {
            throw DomainException.unavailable("Cloud Spanner", e);
        }
    }
}
