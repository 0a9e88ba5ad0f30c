package com.bluemarble.functions.adapter.spanner;

import com.bluemarble.functions.core.economy.AssetRef;
import com.bluemarble.functions.core.economy.LedgerEntry;
import com.bluemarble.functions.core.economy.audit.AuditJob;
import com.bluemarble.functions.core.economy.audit.AuditJobStore;
import com.bluemarble.functions.core.economy.audit.AuditPartial;
import com.bluemarble.functions.core.economy.audit.AuditPartialBuilder;
import com.bluemarble.functions.core.economy.audit.AuditPartitionSource;
import com.bluemarble.functions.core.economy.audit.AuditPlan;
import com.bluemarble.functions.core.economy.audit.PlayerKeyRange;
import com.bluemarble.functions.core.player.PlayerId;
import com.google.cloud.Timestamp;
import com.google.cloud.spanner.DatabaseClient;
import com.google.cloud.spanner.Key;
import com.google.cloud.spanner.KeyRange;
import com.google.cloud.spanner.KeySet;
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
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.Callable;

/**
 * The partitioned audit on Cloud Spanner. The plan is ranges of {@code PlayerId} computed by the
 * job from the player keys read at the audit's timestamp (docs/audit.md says why not
 * {@code partitionQuery}); each partition is a read-only transaction at exactly that timestamp
 * ({@link TimestampBound#ofReadTimestamp}) that reads one key range of the interleaved tables and
 * aggregates it with the core's {@code AuditPartialBuilder}; progress lives in {@code AuditJobs}
 * and {@code AuditPartitions} (V3), one row per partition inserted once. Every call passes the emulator's {@link TransactionGate}.
 */
public final class SpannerPartitionedAudit implements AuditPartitionSource, AuditJobStore {

    private final DatabaseClient client;
    private final SpannerSettings settings;
    private final Duration partitionTimeout;
    private final GatedCalls calls;

    /**
     * @param partitionTimeout bound on planning and on one partition's read (a partition is sized to
     *                         take seconds; the bound is the worker's, not the request's 5 s)
     */
    public SpannerPartitionedAudit(DatabaseClient client, SpannerSettings settings, Duration partitionTimeout) {
        this.client = client;
        this.settings = settings;
        this.partitionTimeout = partitionTimeout;
        this.calls = new GatedCalls(settings);
    }

    private <T> T gated(String operation, Duration timeout, Callable<T> call) {
        return calls.call(operation, timeout, call);
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

    /**
     * The partition's rows read by key range (a seek on every interleaved table, also on the
     * emulator) and aggregated here by the core's {@link AuditPartialBuilder}; the open listings of
     * the range's sellers through the index on OpenSeller.
     */
    static AuditPartial readPartition(ReadOnlyTransaction snapshot, PlayerKeyRange range) {
        KeySet keys = keys(range);
        AuditPartialBuilder partial = new AuditPartialBuilder();
        try (ResultSet rows = snapshot.read("Players", keys, List.of("PlayerId"))) {
            while (rows.next()) {
                partial.player(PlayerId.of(rows.getString(0)));
            }
        }
        try (ResultSet rows = snapshot.read("CurrencyBalances", keys, List.of("PlayerId", "Currency", "Amount"))) {
            while (rows.next()) {
                partial.balance(PlayerId.of(rows.getString(0)), AssetRef.currency(rows.getString(1)), rows.getLong(2));
            }
        }
        try (ResultSet rows = snapshot.read("ItemStacks", keys, List.of("PlayerId", "Sku", "Quantity"))) {
            while (rows.next()) {
                partial.balance(PlayerId.of(rows.getString(0)), AssetRef.item(rows.getString(1)), rows.getLong(2));
            }
        }
        try (ResultSet rows = snapshot.read("ItemInstances", keys, List.of("PlayerId", "Sku"))) {
            while (rows.next()) {
                partial.instance(PlayerId.of(rows.getString(0)), rows.getString(1));
            }
        }
        try (ResultSet rows = snapshot.read("LedgerEntries", keys, List.of("PlayerId", "Asset", "Source", "Delta"))) {
            while (rows.next()) {
                partial.ledger(
                        PlayerId.of(rows.getString(0)),
                        AssetRef.parse(rows.getString(1)),
                        LedgerEntry.Source.valueOf(rows.getString(2)),
                        rows.getLong(3));
            }
        }
        // Listings are not interleaved: a partition checks its sellers' open listings, found through
        // the NULL_FILTERED index on OpenSeller (set exactly while a listing is open).
        record Open(UUID listingId, String sku, long quantity, List<String> instances) {}
        List<Open> open = new ArrayList<>();
        Map<String, String> listingOfInstance = new HashMap<>();
        try (ResultSet rows = snapshot.executeQuery(bound(
                "SELECT ListingId, Sku, Quantity, InstanceIds FROM Listings@{FORCE_INDEX=OpenListingsBySeller,"
                        + " spanner_emulator.disable_query_null_filtered_index_check=true} WHERE "
                        + within("OpenSeller", range) + " AND Status = 'OPEN'",
                range))) {
            while (rows.next()) {
                String ids = rows.getString(3);
                List<String> instances = ids.isEmpty() ? List.of() : Arrays.asList(ids.split(","));
                Open listing =
                        new Open(UUID.fromString(rows.getString(0)), rows.getString(1), rows.getLong(2), instances);
                open.add(listing);
                instances.forEach(instance -> listingOfInstance.put(instance, rows.getString(0)));
            }
        }
        Set<String> held = new HashSet<>();
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
                    held.add(rows.getString(0));
                }
            }
        }
        for (Open listing : open) {
            partial.openListing(
                    listing.listingId(),
                    listing.sku(),
                    listing.quantity(),
                    listing.instances(),
                    listing.instances().stream().filter(held::contains).toList());
        }
        return partial.build();
    }

    /** The keys of a range of players in {@code Players} and in every table interleaved under it (a key prefix). */
    static KeySet keys(PlayerKeyRange range) {
        return KeySet.range(
                range.to() == null
                        ? KeyRange.closedClosed(Key.of(range.from()), Key.of())
                        : KeyRange.closedOpen(Key.of(range.from()), Key.of(range.to())));
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
