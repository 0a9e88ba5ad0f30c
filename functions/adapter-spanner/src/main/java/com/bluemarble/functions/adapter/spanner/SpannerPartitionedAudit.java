package com.bluemarble.functions.adapter.spanner;

import com.bluemarble.functions.core.economy.AssetRef;
import com.bluemarble.functions.core.economy.AuditSnapshot;
import com.bluemarble.functions.core.economy.LedgerEntry;
import com.bluemarble.functions.core.economy.audit.AuditJob;
import com.bluemarble.functions.core.economy.audit.AuditJobStore;
import com.bluemarble.functions.core.economy.audit.AuditPartial;
import com.bluemarble.functions.core.economy.audit.AuditPartitionSource;
import com.bluemarble.functions.core.economy.audit.AuditPlan;
import com.bluemarble.functions.core.economy.audit.PlayerKeyRange;
import com.bluemarble.functions.core.error.DomainException;
import com.google.cloud.Timestamp;
import com.google.cloud.spanner.DatabaseClient;
import com.google.cloud.spanner.Key;
import com.google.cloud.spanner.Mutation;
import com.google.cloud.spanner.ReadOnlyTransaction;
import com.google.cloud.spanner.ResultSet;
import com.google.cloud.spanner.Statement;
import com.google.cloud.spanner.Struct;
import com.google.cloud.spanner.TimestampBound;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeoutException;

/**
 * The partitioned audit on Cloud Spanner. The plan is ranges of {@code PlayerId} computed by the
 * job from the player keys read at the audit's timestamp (docs/audit.md says why not
 * {@code partitionQuery}); each partition is a read-only transaction at exactly that timestamp
 * ({@link TimestampBound#ofReadTimestamp}) whose queries aggregate one key range of the interleaved
 * tables; progress lives in {@code AuditJobs} and {@code AuditPartitions} (V3), one row per
 * partition inserted once. Every call passes the emulator's {@link TransactionGate}.
 */
public final class SpannerPartitionedAudit implements AuditPartitionSource, AuditJobStore {

    private final DatabaseClient client;
    private final SpannerSettings settings;
    private final Duration partitionTimeout;
    private final TransactionGate gate;

    /**
     * @param partitionTimeout bound on planning and on one partition's read (a partition is sized to
     *                         take seconds; the bound is the worker's, not the request's 5 s)
     */
    public SpannerPartitionedAudit(DatabaseClient client, SpannerSettings settings, Duration partitionTimeout) {
        this.client = client;
        this.settings = settings;
        this.partitionTimeout = partitionTimeout;
        this.gate = TransactionGate.forSettings(settings);
    }

    private <T> T gated(String operation, Duration timeout, Callable<T> call) {
        try {
            return gate.run(
                    timeout,
                    () -> com.bluemarble.functions.core.telemetry.Telemetry.tracing()
                            .call("Spanner", operation, () -> SpannerCalls.bounded(timeout, call)));
        } catch (TimeoutException e) {
            throw DomainException.unavailable("Cloud Spanner", e);
        }
    }

    @Override
    public long countPlayers(long upTo) {
        // LIMIT: the scan stops after upTo keys, so asking "more than N?" costs N, not the whole table.
        Statement count = Statement.newBuilder("SELECT COUNT(*) FROM (SELECT 1 FROM Players LIMIT @upTo)")
                .bind("upTo")
                .to(upTo)
                .build();
        return gated("auditCountPlayers", settings.readTimeout(), () -> {
            try (ResultSet rows = client.singleUse().executeQuery(count)) {
                rows.next();
                return rows.getLong(0);
            }
        });
    }

    /**
     * One strong read-only transaction: its read timestamp becomes the audit's, and the partition
     * boundaries are every stride-th player id read at it (a keys-only scan of Players).
     */
    @Override
    public AuditPlan plan(AuditPlan.Sizing sizing) {
        return gated("auditPlan", partitionTimeout, () -> {
            try (ReadOnlyTransaction snapshot = client.readOnlyTransaction(TimestampBound.strong())) {
                long players = single(snapshot, Statement.of("SELECT COUNT(*) FROM Players"));
                List<PlayerKeyRange> ranges;
                try (ResultSet rows =
                        snapshot.executeQuery(Statement.of("SELECT PlayerId FROM Players ORDER BY PlayerId"))) {
                    ranges = AuditPlan.split(players, playerIds(rows), sizing);
                }
                return new AuditPlan(Timestamps.toInstant(snapshot.getReadTimestamp()), players, ranges);
            }
        });
    }

    private static Iterator<String> playerIds(ResultSet rows) {
        return new Iterator<>() {
            private Boolean ahead;

            @Override
            public boolean hasNext() {
                if (ahead == null) {
                    ahead = rows.next();
                }
                return ahead;
            }

            @Override
            public String next() {
                if (!hasNext()) {
                    throw new java.util.NoSuchElementException();
                }
                ahead = null;
                return rows.getString(0);
            }
        };
    }

    /** The key-range filter of a partition on column {@code column} (parameters @from and @to). */
    private static String within(String column, PlayerKeyRange range) {
        return column + " >= @from" + (range.to() == null ? "" : " AND " + column + " < @to");
    }

    private static Statement bound(String sql, PlayerKeyRange range) {
        Statement.Builder statement = Statement.newBuilder(sql).bind("from").to(range.from());
        if (range.to() != null) {
            statement.bind("to").to(range.to());
        }
        return statement.build();
    }

    @Override
    public AuditPartial read(Instant readTimestamp, PlayerKeyRange range) {
        Timestamp at = Timestamp.ofTimeSecondsAndNanos(readTimestamp.getEpochSecond(), readTimestamp.getNano());
        return gated("auditPartition", partitionTimeout, () -> {
            try (ReadOnlyTransaction snapshot = client.readOnlyTransaction(TimestampBound.ofReadTimestamp(at))) {
                return readPartition(snapshot, range);
            }
        });
    }

    /** The same aggregates as the synchronous audit ({@code SpannerEconomyStore.auditAt}), on one key range. */
    private static AuditPartial readPartition(ReadOnlyTransaction snapshot, PlayerKeyRange range) {
        String players = within("PlayerId", range);
        TreeSet<String> findings = new TreeSet<>();
        long playerCount = single(snapshot, bound("SELECT COUNT(*) FROM Players WHERE " + players, range));
        SortedMap<AssetRef, Long> held = new TreeMap<>();
        long negative = 0;
        try (ResultSet rows = snapshot.executeQuery(bound(
                "SELECT CONCAT('currency:', Currency), SUM(Amount), COUNTIF(Amount < 0) FROM CurrencyBalances WHERE "
                        + players + " GROUP BY Currency"
                        + " UNION ALL SELECT CONCAT('item:', Sku), SUM(Quantity), COUNTIF(Quantity < 0) FROM ItemStacks WHERE "
                        + players + " GROUP BY Sku"
                        + " UNION ALL SELECT CONCAT('item:', Sku), COUNT(*), 0 FROM ItemInstances WHERE " + players
                        + " GROUP BY Sku",
                range))) {
            while (rows.next()) {
                held.merge(AssetRef.parse(rows.getString(0)), rows.getLong(1), Math::addExact);
                negative += rows.getLong(2);
            }
        }
        if (negative > 0) {
            try (ResultSet rows = snapshot.executeQuery(bound(
                    "SELECT PlayerId, CONCAT('currency:', Currency) FROM CurrencyBalances WHERE " + players
                            + " AND Amount < 0 UNION ALL SELECT PlayerId, CONCAT('item:', Sku) FROM ItemStacks WHERE "
                            + players + " AND Quantity < 0 LIMIT " + AuditPartial.MAX_FINDINGS,
                    range))) {
                while (rows.next()) {
                    findings.add("negative-balance " + rows.getString(0) + " " + rows.getString(1));
                }
            }
        }
        SortedMap<AssetRef, SortedMap<LedgerEntry.Source, AuditSnapshot.Flow>> flows = new TreeMap<>();
        try (ResultSet rows = snapshot.executeQuery(bound(
                "SELECT Asset, Source, SUM(IF(Delta > 0, Delta, 0)), SUM(IF(Delta < 0, Delta, 0)) FROM LedgerEntries"
                        + " WHERE " + players + " GROUP BY Asset, Source",
                range))) {
            while (rows.next()) {
                flows.computeIfAbsent(AssetRef.parse(rows.getString(0)), a -> new TreeMap<>())
                        .put(
                                LedgerEntry.Source.valueOf(rows.getString(1)),
                                new AuditSnapshot.Flow(rows.getLong(2), rows.getLong(3)));
            }
        }
        long mismatches = 0;
        try (ResultSet rows = snapshot.executeQuery(bound(
                "SELECT COALESCE(ledger.PlayerId, balance.PlayerId), COALESCE(ledger.Asset, balance.Asset) FROM ("
                        + " SELECT PlayerId, Asset, SUM(Delta) AS Total FROM LedgerEntries WHERE " + players
                        + " GROUP BY PlayerId, Asset) AS ledger"
                        + " FULL OUTER JOIN ("
                        + " SELECT PlayerId, CONCAT('currency:', Currency) AS Asset, Amount AS Total FROM CurrencyBalances"
                        + " WHERE " + players
                        + " UNION ALL SELECT PlayerId, CONCAT('item:', Sku), Quantity FROM ItemStacks WHERE " + players
                        + " UNION ALL SELECT PlayerId, CONCAT('item:', Sku), COUNT(*) FROM ItemInstances WHERE "
                        + players
                        + " GROUP BY PlayerId, Sku) AS balance"
                        + " ON ledger.PlayerId = balance.PlayerId AND ledger.Asset = balance.Asset"
                        + " WHERE COALESCE(ledger.Total, 0) != COALESCE(balance.Total, 0)",
                range))) {
            while (rows.next()) { // a healthy economy has no such rows: counting them here costs nothing
                mismatches++;
                findings.add("ledger-mismatch " + rows.getString(0) + " " + rows.getString(1));
            }
        }
        // Listings are not interleaved: a partition checks its sellers' open listings, found through
        // the NULL_FILTERED index on OpenSeller (set exactly while a listing is open).
        SortedMap<AssetRef, Long> escrowed = new TreeMap<>();
        long escrowMismatches = 0;
        Map<String, String> listingOfInstance = new HashMap<>();
        try (ResultSet rows = snapshot.executeQuery(bound(
                "SELECT ListingId, Sku, Quantity, InstanceIds FROM Listings@{FORCE_INDEX=OpenListingsBySeller,"
                        + " spanner_emulator.disable_query_null_filtered_index_check=true} WHERE "
                        + within("OpenSeller", range) + " AND Status = 'OPEN'",
                range))) {
            while (rows.next()) {
                String listingId = rows.getString(0);
                long quantity = rows.getLong(2);
                escrowed.merge(AssetRef.item(rows.getString(1)), quantity, Math::addExact);
                String ids = rows.getString(3);
                List<String> instances = ids.isEmpty() ? List.of() : Arrays.asList(ids.split(","));
                if (quantity <= 0 || (!instances.isEmpty() && instances.size() != quantity)) {
                    escrowMismatches++;
                    findings.add("escrow-mismatch " + listingId);
                }
                instances.forEach(instance -> listingOfInstance.put(instance, listingId));
            }
        }
        if (!listingOfInstance.isEmpty()) {
            // An escrowed instance that a player (in any partition) also holds would exist twice:
            // point lookups through the unique index on InstanceId.
            try (ResultSet rows = snapshot.executeQuery(
                    Statement.newBuilder("SELECT InstanceId FROM ItemInstances@{FORCE_INDEX=ItemInstancesByInstanceId}"
                                    + " WHERE InstanceId IN UNNEST(@ids)")
                            .bind("ids")
                            .toStringArray(new ArrayList<>(listingOfInstance.keySet()))
                            .build())) {
                while (rows.next()) {
                    escrowMismatches++;
                    String instance = rows.getString(0);
                    findings.add("escrowed-instance-held " + listingOfInstance.get(instance) + " " + instance);
                }
            }
        }
        return new AuditPartial(playerCount, held, flows, escrowed, negative, mismatches, escrowMismatches, findings);
    }

    private static long single(ReadOnlyTransaction snapshot, Statement statement) {
        try (ResultSet rows = snapshot.executeQuery(statement)) {
            rows.next();
            return rows.getLong(0);
        }
    }

    // ---- durable progress (AuditJobs, AuditPartitions) ----

    private static final List<String> JOB_COLUMNS =
            List.of("AuditId", "ReadTimestamp", "Players", "PartitionCount", "Boundaries", "StartedAt");

    @Override
    public AuditJob createIfAbsent(AuditJob job) {
        return gated(
                "auditJobCreate",
                settings.transactionTimeout(),
                () -> client.readWriteTransaction().run(tx -> {
                    Struct existing =
                            tx.readRow("AuditJobs", Key.of(job.auditId().toString()), JOB_COLUMNS);
                    if (existing != null) {
                        return job(existing);
                    }
                    tx.buffer(Mutation.newInsertBuilder("AuditJobs")
                            .set("AuditId")
                            .to(job.auditId().toString())
                            .set("ReadTimestamp")
                            .to(timestamp(job.plan().readTimestamp()))
                            .set("Players")
                            .to(job.plan().players())
                            .set("PartitionCount")
                            .to(job.partitionCount())
                            .set("Boundaries")
                            .to(String.join("\n", job.plan().boundaries()))
                            .set("StartedAt")
                            .to(timestamp(job.startedAt()))
                            .build());
                    return job;
                }));
    }

    @Override
    public Optional<AuditJob> find(UUID auditId) {
        return gated("auditJobFind", settings.readTimeout(), () -> {
            Struct row = client.singleUse().readRow("AuditJobs", Key.of(auditId.toString()), JOB_COLUMNS);
            return Optional.ofNullable(row).map(SpannerPartitionedAudit::job);
        });
    }

    @Override
    public boolean recordPartial(UUID auditId, int partition, AuditPartial partial) {
        String encoded = partial.encode();
        return gated(
                "auditPartitionRecord",
                settings.transactionTimeout(),
                () -> client.readWriteTransaction().run(tx -> {
                    if (tx.readRow("AuditPartitions", Key.of(auditId.toString(), partition), List.of("PartitionIndex"))
                            != null) {
                        return false; // recorded by another worker or an earlier attempt: never counted twice
                    }
                    tx.buffer(Mutation.newInsertBuilder("AuditPartitions")
                            .set("AuditId")
                            .to(auditId.toString())
                            .set("PartitionIndex")
                            .to(partition)
                            .set("Partial")
                            .to(encoded)
                            .set("RecordedAt")
                            .to(com.google.cloud.spanner.Value.COMMIT_TIMESTAMP)
                            .build());
                    return true;
                }));
    }

    @Override
    public java.util.Set<Integer> recordedPartitions(UUID auditId) {
        return gated("auditPartitionsRecorded", settings.readTimeout(), () -> {
            java.util.Set<Integer> recorded = new TreeSet<>();
            try (ResultSet rows = client.singleUse()
                    .executeQuery(Statement.newBuilder("SELECT PartitionIndex FROM AuditPartitions WHERE AuditId = @id")
                            .bind("id")
                            .to(auditId.toString())
                            .build())) {
                while (rows.next()) {
                    recorded.add((int) rows.getLong(0));
                }
            }
            return recorded;
        });
    }

    @Override
    public Map<Integer, AuditPartial> partials(UUID auditId) {
        return gated("auditPartitions", settings.readTimeout(), () -> {
            Map<Integer, AuditPartial> partials = new TreeMap<>();
            try (ResultSet rows = client.singleUse()
                    .executeQuery(Statement.newBuilder(
                                    "SELECT PartitionIndex, Partial FROM AuditPartitions WHERE AuditId = @id")
                            .bind("id")
                            .to(auditId.toString())
                            .build())) {
                while (rows.next()) {
                    partials.put((int) rows.getLong(0), AuditPartial.decode(rows.getString(1)));
                }
            }
            return partials;
        });
    }

    private static AuditJob job(Struct row) {
        String boundaries = row.getString("Boundaries");
        List<PlayerKeyRange> ranges =
                AuditPlan.ranges(boundaries.isEmpty() ? List.of() : List.of(boundaries.split("\n")));
        return new AuditJob(
                UUID.fromString(row.getString("AuditId")),
                Timestamps.toInstant(row.getTimestamp("StartedAt")),
                new AuditPlan(Timestamps.toInstant(row.getTimestamp("ReadTimestamp")), row.getLong("Players"), ranges));
    }

    private static Timestamp timestamp(Instant instant) {
        return Timestamp.ofTimeSecondsAndNanos(instant.getEpochSecond(), instant.getNano());
    }
}
