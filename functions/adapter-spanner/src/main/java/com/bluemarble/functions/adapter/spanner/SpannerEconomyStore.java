package com.bluemarble.functions.adapter.spanner;

import com.bluemarble.functions.core.economy.AssetRef;
import com.bluemarble.functions.core.economy.AuditSnapshot;
import com.bluemarble.functions.core.economy.EconomyStore;
import com.bluemarble.functions.core.economy.EconomyTransaction;
import com.bluemarble.functions.core.economy.Holdings;
import com.bluemarble.functions.core.economy.LedgerEntry;
import com.bluemarble.functions.core.economy.Listing;
import com.bluemarble.functions.core.economy.MarketPages;
import com.bluemarble.functions.core.economy.PlayerEconomyData;
import com.bluemarble.functions.core.economy.ReadFreshness;
import com.bluemarble.functions.core.player.PlayerId;
import com.bluemarble.functions.core.telemetry.MetricNames;
import com.bluemarble.functions.core.telemetry.Telemetry;
import com.google.cloud.spanner.DatabaseClient;
import com.google.cloud.spanner.Key;
import com.google.cloud.spanner.KeySet;
import com.google.cloud.spanner.ReadContext;
import com.google.cloud.spanner.ReadOnlyTransaction;
import com.google.cloud.spanner.ResultSet;
import com.google.cloud.spanner.Statement;
import com.google.cloud.spanner.TimestampBound;
import com.google.cloud.spanner.TransactionRunner;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The economy on Cloud Spanner. Each write is one read-write transaction run by the client's
 * {@link TransactionRunner}, which retries the whole body on ABORTED; every call runs under a gRPC
 * deadline, so an unreachable Spanner answers 503 in bounded time instead of retrying for minutes.
 */
public final class SpannerEconomyStore implements EconomyStore {

    private final DatabaseClient client;
    private final SpannerSettings settings;
    private final GatedCalls calls;

    public SpannerEconomyStore(DatabaseClient client, SpannerSettings settings) {
        this.client = client;
        this.settings = settings;
        this.calls = new GatedCalls(settings);
    }

    @Override
    public <T> Committed<T> readWrite(Function<EconomyTransaction, T> body) {
        AtomicInteger attempts = new AtomicInteger(); // the runner reruns the body on ABORTED
        try {
            return gated("readWrite", settings.transactionTimeout(), () -> {
                TransactionRunner runner = client.readWriteTransaction(SpannerTags.transaction());
                T value = runner.run(tx -> {
                    attempts.incrementAndGet();
                    return body.apply(new SpannerEconomyTransaction(tx));
                });
                return new Committed<>(value, Timestamps.toInstant(runner.getCommitTimestamp()));
            });
        } finally {
            if (attempts.get() > 0) {
                Telemetry.metrics().count(MetricNames.SPANNER_TRANSACTION_ATTEMPTS, attempts.get());
            }
        }
    }

    /**
     * Every call kind (read-write, single-use reads, read-only snapshots) passes the emulator's gate:
     * the emulator runs one transaction at a time, read-only ones included. Against Cloud Spanner the
     * gate is open.
     */
    private <T> T gated(String operation, Duration timeout, java.util.concurrent.Callable<T> call) {
        return calls.call(operation, timeout, call);
    }

    @Override
    public Optional<Holdings> holdings(PlayerId playerId, ReadFreshness freshness) {
        // One single-use query: one read timestamp, and bounded staleness is allowed only for single use.
        return gated(
                "holdings", settings.readTimeout(), () -> holdingsAt(client.singleUse(bound(freshness)), playerId));
    }

    private static Optional<Holdings> holdingsAt(ReadContext read, PlayerId playerId) {
        Statement query =
                Statement.newBuilder("""
                        SELECT 'player' AS Kind, PlayerId AS Name, 0 AS Amount, '' AS InstanceId FROM Players WHERE PlayerId = @player
                        UNION ALL SELECT 'currency', Currency, Amount, '' FROM CurrencyBalances WHERE PlayerId = @player
                        UNION ALL SELECT 'stack', Sku, Quantity, '' FROM ItemStacks WHERE PlayerId = @player
                        UNION ALL SELECT 'instance', Sku, 1, InstanceId FROM ItemInstances WHERE PlayerId = @player""").bind("player").to(playerId.value()).build();
        boolean exists = false;
        TreeMap<String, Long> currency = new TreeMap<>();
        TreeMap<String, Long> items = new TreeMap<>();
        TreeMap<String, List<String>> instances = new TreeMap<>();
        try (ResultSet rows = read.executeQuery(query, SpannerTags.request("holdings"))) {
            while (rows.next()) {
                String name = rows.getString("Name");
                long amount = rows.getLong("Amount");
                switch (rows.getString("Kind")) {
                    case "player" -> exists = true;
                    case "currency" -> currency.put(name, amount);
                    case "stack" -> items.merge(name, amount, Long::sum);
                    default -> {
                        items.merge(name, 1L, Long::sum);
                        instances
                                .computeIfAbsent(name, sku -> new ArrayList<>())
                                .add(rows.getString("InstanceId"));
                    }
                }
            }
        }
        instances.values().forEach(ids -> ids.sort(null));
        return exists ? Optional.of(new Holdings(playerId, currency, items, instances)) : Optional.empty();
    }

    /**
     * One read-only transaction: the holdings, every ledger row (streamed by key, all of it), every
     * listing the player created (through ListingsBySeller) and the offer purchases, at one timestamp.
     */
    @Override
    public Optional<PlayerEconomyData> playerData(PlayerId playerId) {
        return gated("playerData", settings.transactionTimeout(), () -> {
            try (ReadOnlyTransaction snapshot = client.readOnlyTransaction(TimestampBound.strong())) {
                Optional<Holdings> holdings = holdingsAt(snapshot, playerId);
                if (holdings.isEmpty()) {
                    return Optional.<PlayerEconomyData>empty();
                }
                List<MarketPages.HistoryEntry> ledger = new ArrayList<>();
                try (ResultSet rows = snapshot.read(
                        "LedgerEntries",
                        KeySet.prefixRange(Key.of(playerId.value())),
                        List.of("CommittedAt", "TransactionId", "Asset", "Source", "Delta"),
                        SpannerTags.request("playerData.ledger"))) {
                    while (rows.next()) {
                        ledger.add(historyEntry(rows));
                    }
                }
                ledger.sort(java.util.Comparator.comparing(MarketPages.HistoryEntry::at)
                        .thenComparing(MarketPages.HistoryEntry::entryId)
                        .thenComparing(entry -> entry.asset().key()));
                List<Listing> listings = new ArrayList<>();
                try (ResultSet rows = snapshot.executeQuery(
                        Statement.newBuilder("SELECT " + String.join(", ", ListingRows.COLUMNS)
                                        + " FROM Listings@{FORCE_INDEX=ListingsBySeller} WHERE SellerId = @seller"
                                        + " ORDER BY ListingId")
                                .bind("seller")
                                .to(playerId.value())
                                .build(),
                        SpannerTags.request("playerData.listings"))) {
                    while (rows.next()) {
                        listings.add(ListingRows.listing(rows.getCurrentRowAsStruct()));
                    }
                }
                TreeMap<String, Long> offers = new TreeMap<>();
                try (ResultSet rows = snapshot.read(
                        "OfferPurchases",
                        KeySet.prefixRange(Key.of(playerId.value())),
                        List.of("OfferId", "Quantity"),
                        SpannerTags.request("playerData.offers"))) {
                    while (rows.next()) {
                        offers.put(rows.getString(0), rows.getLong(1));
                    }
                }
                return Optional.of(new PlayerEconomyData(
                        Timestamps.toInstant(snapshot.getReadTimestamp()), holdings.get(), ledger, listings, offers));
            }
        });
    }

    @Override
    public AuditSnapshot auditSnapshot() {
        return gated("auditSnapshot", settings.readTimeout(), () -> {
            try (ReadOnlyTransaction snapshot = client.readOnlyTransaction(TimestampBound.strong())) {
                return auditAt(snapshot);
            }
        });
    }

    /** The audit's totals read in {@code snapshot} (also used by the backup export, in its own read-only transaction). */
    static AuditSnapshot auditAt(ReadOnlyTransaction snapshot) {
        long players = single(snapshot, "SELECT COUNT(*) FROM Players");
        Map<AssetRef, Long> held = new HashMap<>();
        long negative = 0;
        try (ResultSet rows = snapshot.executeQuery(Statement.of("""
                SELECT CONCAT('currency:', Currency), SUM(Amount), COUNTIF(Amount < 0) FROM CurrencyBalances GROUP BY Currency
                UNION ALL SELECT CONCAT('item:', Sku), SUM(Quantity), COUNTIF(Quantity < 0) FROM ItemStacks GROUP BY Sku
                UNION ALL SELECT CONCAT('item:', Sku), COUNT(*), 0 FROM ItemInstances GROUP BY Sku"""))) {
            while (rows.next()) {
                held.merge(AssetRef.parse(rows.getString(0)), rows.getLong(1), Math::addExact);
                negative += rows.getLong(2);
            }
        }
        Map<AssetRef, Map<LedgerEntry.Source, AuditSnapshot.Flow>> flows = new HashMap<>();
        try (ResultSet rows = snapshot.executeQuery(Statement.of(
                "SELECT Asset, Source, SUM(IF(Delta > 0, Delta, 0)), SUM(IF(Delta < 0, Delta, 0)) FROM LedgerEntries "
                        + "GROUP BY Asset, Source"))) {
            while (rows.next()) {
                flows.computeIfAbsent(AssetRef.parse(rows.getString(0)), a -> new EnumMap<>(LedgerEntry.Source.class))
                        .put(
                                LedgerEntry.Source.valueOf(rows.getString(1)),
                                new AuditSnapshot.Flow(rows.getLong(2), rows.getLong(3)));
            }
        }
        Map<AssetRef, Long> escrowed = new HashMap<>();
        long escrowMismatches = 0;
        List<String> escrowedIds = new ArrayList<>();
        try (ResultSet rows = snapshot.executeQuery(
                Statement.of("SELECT Sku, Quantity, InstanceIds FROM Listings WHERE Status = 'OPEN'"))) {
            while (rows.next()) {
                long quantity = rows.getLong(1);
                escrowed.merge(AssetRef.item(rows.getString(0)), quantity, Math::addExact);
                String ids = rows.getString(2);
                List<String> instances = ids.isEmpty() ? List.of() : List.of(ids.split(","));
                if (quantity <= 0 || (!instances.isEmpty() && instances.size() != quantity)) {
                    escrowMismatches++;
                }
                escrowedIds.addAll(instances);
            }
        }
        if (!escrowedIds.isEmpty()) {
            // An escrowed instance that a player also holds would exist twice.
            try (ResultSet rows = snapshot.executeQuery(
                    Statement.newBuilder("SELECT COUNT(*) FROM ItemInstances WHERE InstanceId IN UNNEST(@ids)")
                            .bind("ids")
                            .toStringArray(escrowedIds)
                            .build())) {
                rows.next();
                escrowMismatches += rows.getLong(0);
            }
        }
        long mismatches = single(snapshot, """
                SELECT COUNT(*) FROM (
                  SELECT PlayerId, Asset, SUM(Delta) AS Total FROM LedgerEntries GROUP BY PlayerId, Asset) AS ledger
                FULL OUTER JOIN (
                  SELECT PlayerId, CONCAT('currency:', Currency) AS Asset, Amount AS Total FROM CurrencyBalances
                  UNION ALL SELECT PlayerId, CONCAT('item:', Sku), Quantity FROM ItemStacks
                  UNION ALL SELECT PlayerId, CONCAT('item:', Sku), COUNT(*) FROM ItemInstances GROUP BY PlayerId, Sku) AS balance
                ON ledger.PlayerId = balance.PlayerId AND ledger.Asset = balance.Asset
                WHERE COALESCE(ledger.Total, 0) != COALESCE(balance.Total, 0)""");
        return new AuditSnapshot(
                Timestamps.toInstant(snapshot.getReadTimestamp()),
                players,
                held,
                flows,
                escrowed,
                negative,
                mismatches,
                escrowMismatches);
    }

    private static TimestampBound bound(ReadFreshness freshness) {
        return freshness.isStrong()
                ? TimestampBound.strong()
                : TimestampBound.ofMaxStaleness(freshness.maxStaleness().toMillis(), TimeUnit.MILLISECONDS);
    }

    // The hint below: the emulator cannot tell that an equality on a NULL_FILTERED index's column
    // never needs its null rows, and refuses the query unless told; Cloud Spanner ignores the hint.
    @Override
    public MarketPages.ListingPage searchListings(MarketPages.ListingQuery query, ReadFreshness freshness) {
        Statement.Builder sql = Statement.newBuilder("""
                SELECT ListingId, SellerId, Quantity, Currency, Price, ExpiresAt
                FROM Listings@{FORCE_INDEX=OpenListingsBySku, spanner_emulator.disable_query_null_filtered_index_check=true}
                WHERE OpenSku = @sku AND ExpiresAt > @now""");
        if (query.maxPrice() != null) {
            sql.append(" AND Price <= @maxPrice").bind("maxPrice").to(query.maxPrice());
        }
        if (query.after() != null) {
            sql.append(" AND (Price > @afterPrice OR (Price = @afterPrice AND ListingId > @afterId))")
                    .bind("afterPrice")
                    .to(query.after().price())
                    .bind("afterId")
                    .to(query.after().listingId().toString());
        }
        sql.append(" ORDER BY Price, ListingId LIMIT @limit");
        Statement statement = sql.bind("sku")
                .to(query.sku())
                .bind("now")
                .to(ListingRows.timestamp(query.now()))
                .bind("limit")
                .to(query.limit() + 1L)
                .build();
        return gated("searchListings", settings.readTimeout(), () -> {
            List<Listing> listings = new ArrayList<>();
            try (ResultSet rows =
                    client.singleUse(bound(freshness)).executeQuery(statement, SpannerTags.request("searchListings"))) {
                while (rows.next()) {
                    listings.add(new Listing(
                            UUID.fromString(rows.getString("ListingId")),
                            PlayerId.of(rows.getString("SellerId")),
                            query.sku(),
                            rows.getLong("Quantity"),
                            List.of(),
                            rows.getString("Currency"),
                            rows.getLong("Price"),
                            Listing.Status.OPEN,
                            Timestamps.toInstant(rows.getTimestamp("ExpiresAt")),
                            null,
                            null));
                }
            }
            if (listings.size() <= query.limit()) {
                return new MarketPages.ListingPage(listings, Optional.empty());
            }
            Listing last = listings.get(query.limit() - 1);
            return new MarketPages.ListingPage(
                    List.copyOf(listings.subList(0, query.limit())),
                    Optional.of(new MarketPages.ListingCursor(last.price(), last.listingId())));
        });
    }

    @Override
    public MarketPages.HistoryPage history(PlayerId playerId, int limit, MarketPages.HistoryCursor after) {
        Statement.Builder sql = Statement.newBuilder("""
                SELECT CommittedAt, TransactionId, Asset, Source, Delta
                FROM LedgerEntries@{FORCE_INDEX=LedgerEntriesByPlayerTime}
                WHERE PlayerId = @player""");
        if (after != null) {
            sql.append(" AND (CommittedAt < @at OR (CommittedAt = @at AND (TransactionId > @entry"
                            + " OR (TransactionId = @entry AND Asset > @asset))))")
                    .bind("at")
                    .to(ListingRows.timestamp(after.at()))
                    .bind("entry")
                    .to(after.entryId())
                    .bind("asset")
                    .to(after.asset());
        }
        Statement statement = sql.append(" ORDER BY CommittedAt DESC, TransactionId, Asset LIMIT @limit")
                .bind("player")
                .to(playerId.value())
                .bind("limit")
                .to(limit + 1L)
                .build();
        return gated("history", settings.readTimeout(), () -> {
            List<MarketPages.HistoryEntry> entries = new ArrayList<>();
            try (ResultSet rows = client.singleUse().executeQuery(statement, SpannerTags.request("history"))) {
                while (rows.next()) {
                    entries.add(historyEntry(rows));
                }
            }
            if (entries.size() <= limit) {
                return new MarketPages.HistoryPage(playerId, entries, Optional.empty());
            }
            MarketPages.HistoryEntry last = entries.get(limit - 1);
            return new MarketPages.HistoryPage(
                    playerId,
                    List.copyOf(entries.subList(0, limit)),
                    Optional.of(new MarketPages.HistoryCursor(
                            last.at(), last.entryId(), last.asset().key())));
        });
    }

    @Override
    public List<UUID> expiredListings(Instant now, int limit) {
        List<Long> shards = new ArrayList<>();
        for (long shard = 0; shard < ListingRows.EXPIRY_SHARDS; shard++) {
            shards.add(shard);
        }
        Statement statement = Statement.newBuilder("""
                        SELECT ListingId FROM Listings@{FORCE_INDEX=OpenListingsByExpiry, spanner_emulator.disable_query_null_filtered_index_check=true}
                        WHERE ExpiryShard IN UNNEST(@shards) AND OpenUntil <= @now
                        ORDER BY OpenUntil LIMIT @limit""")
                .bind("shards")
                .toInt64Array(shards)
                .bind("now")
                .to(ListingRows.timestamp(now))
                .bind("limit")
                .to((long) limit)
                .build();
        return gated("expiredListings", settings.readTimeout(), () -> {
            List<UUID> due = new ArrayList<>();
            try (ResultSet rows = client.singleUse().executeQuery(statement, SpannerTags.request("expiredListings"))) {
                while (rows.next()) {
                    due.add(UUID.fromString(rows.getString(0)));
                }
            }
            return due;
        });
    }

    /** A ledger row (CommittedAt, TransactionId, Asset, Source, Delta) as a player's history shows it. */
    private static MarketPages.HistoryEntry historyEntry(ResultSet rows) {
        String entryId = rows.getString("TransactionId");
        int slash = entryId.indexOf('/');
        return new MarketPages.HistoryEntry(
                Timestamps.toInstant(rows.getTimestamp("CommittedAt")),
                LedgerEntry.Source.valueOf(rows.getString("Source")),
                slash < 0 ? entryId : entryId.substring(0, slash),
                AssetRef.parse(rows.getString("Asset")),
                rows.getLong("Delta"),
                entryId);
    }

    private static long single(ReadOnlyTransaction snapshot, String sql) {
        try (ResultSet rows = snapshot.executeQuery(Statement.of(sql))) {
            rows.next();
            return rows.getLong(0);
        }
    }
}
