package com.bluemarble.functions.adapter.spanner;

import com.bluemarble.functions.core.economy.AssetRef;
import com.bluemarble.functions.core.economy.AuditSnapshot;
import com.bluemarble.functions.core.economy.EconomyStore;
import com.bluemarble.functions.core.economy.EconomyTransaction;
import com.bluemarble.functions.core.economy.Holdings;
import com.bluemarble.functions.core.economy.LedgerEntry;
import com.bluemarble.functions.core.economy.ReadFreshness;
import com.bluemarble.functions.core.error.DomainException;
import com.bluemarble.functions.core.player.PlayerId;
import com.bluemarble.functions.core.telemetry.MetricNames;
import com.bluemarble.functions.core.telemetry.Telemetry;
import com.google.cloud.spanner.DatabaseClient;
import com.google.cloud.spanner.ReadOnlyTransaction;
import com.google.cloud.spanner.ResultSet;
import com.google.cloud.spanner.Statement;
import com.google.cloud.spanner.TimestampBound;
import com.google.cloud.spanner.TransactionRunner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
    private final TransactionGate gate;

    public SpannerEconomyStore(DatabaseClient client, SpannerSettings settings) {
        this.client = client;
        this.settings = settings;
        this.gate = TransactionGate.forSettings(settings);
    }

    @Override
    public <T> Committed<T> readWrite(Function<EconomyTransaction, T> body) {
        Duration timeout = settings.transactionTimeout();
        AtomicInteger attempts = new AtomicInteger(); // the runner reruns the body on ABORTED
        try {
            return gate.run(
                    timeout,
                    () -> Telemetry.tracing()
                            .call(
                                    "Spanner",
                                    "readWrite",
                                    () -> SpannerCalls.bounded(timeout, () -> {
                                        TransactionRunner runner =
                                                client.readWriteTransaction(SpannerTags.transaction());
                                        T value = runner.run(tx -> {
                                            attempts.incrementAndGet();
                                            return body.apply(new SpannerEconomyTransaction(tx));
                                        });
                                        return new Committed<>(
                                                value, Timestamps.toInstant(runner.getCommitTimestamp()));
                                    })));
        } catch (TimeoutException e) {
            throw DomainException.unavailable("Cloud Spanner", e);
        } finally {
            if (attempts.get() > 0) {
                Telemetry.metrics().count(MetricNames.SPANNER_TRANSACTION_ATTEMPTS, attempts.get());
            }
        }
    }

    @Override
    public Optional<Holdings> holdings(PlayerId playerId, ReadFreshness freshness) {
        TimestampBound bound = freshness.isStrong()
                ? TimestampBound.strong()
                : TimestampBound.ofMaxStaleness(freshness.maxStaleness().toMillis(), TimeUnit.MILLISECONDS);
        // One single-use query: one read timestamp, and bounded staleness is allowed only for single use.
        Statement query =
                Statement.newBuilder("""
                        SELECT 'player' AS Kind, PlayerId AS Name, 0 AS Amount, '' AS InstanceId FROM Players WHERE PlayerId = @player
                        UNION ALL SELECT 'currency', Currency, Amount, '' FROM CurrencyBalances WHERE PlayerId = @player
                        UNION ALL SELECT 'stack', Sku, Quantity, '' FROM ItemStacks WHERE PlayerId = @player
                        UNION ALL SELECT 'instance', Sku, 1, InstanceId FROM ItemInstances WHERE PlayerId = @player""").bind("player").to(playerId.value()).build();
        return Telemetry.tracing()
                .call(
                        "Spanner",
                        "holdings",
                        () -> SpannerCalls.bounded(settings.readTimeout(), () -> holdings(playerId, bound, query)));
    }

    private Optional<Holdings> holdings(PlayerId playerId, TimestampBound bound, Statement query) {
        {
            boolean exists = false;
            TreeMap<String, Long> currency = new TreeMap<>();
            TreeMap<String, Long> items = new TreeMap<>();
            TreeMap<String, List<String>> instances = new TreeMap<>();
            try (ResultSet rows = client.singleUse(bound).executeQuery(query, SpannerTags.request("holdings"))) {
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
    }

    @Override
    public AuditSnapshot auditSnapshot() {
        return Telemetry.tracing()
                .call(
                        "Spanner",
                        "audit",
                        () -> SpannerCalls.bounded(settings.readTimeout(), () -> {
                            try (ReadOnlyTransaction snapshot = client.readOnlyTransaction(TimestampBound.strong())) {
                                return auditAt(snapshot);
                            }
                        }));
    }

    /** The audit's totals read in {@code snapshot} (also used by the backup export, in its own read-only transaction). */
    static AuditSnapshot auditAt(ReadOnlyTransaction snapshot) {
        long players = single(snapshot, "SELECT COUNT(*) FROM Players");
        Map<AssetRef, Long> held = new HashMap<>();
        long negative = 0;
        try (ResultSet rows = snapshot.executeQuery(Statement.of("""
                SELECT CONCAT('currency:', Currency), SUM(Amount), COUNTIF(Amount < 0) FROM CurrencyBalances GROUP BY Currency
                UNION ALL SELECT CONCAT('item:', Sku), SUM(Quantity), COUNTIF(Quantity < 0) FROM ItemStacks GROUP BY Sku
                UNION ALL SELECT CONCAT('item:', Sku), COUNT(*), 0 FROM ItemInstances GROUP BY Sku"""), SpannerTags.request("audit.held"))) {
            while (rows.next()) {
                held.merge(AssetRef.parse(rows.getString(0)), rows.getLong(1), Math::addExact);
                negative += rows.getLong(2);
            }
        }
        Map<AssetRef, Long> minted = new HashMap<>();
        Map<AssetRef, Long> tradeNet = new HashMap<>();
        try (ResultSet rows = snapshot.executeQuery(
                Statement.of("SELECT Asset, Source, SUM(Delta) FROM LedgerEntries GROUP BY Asset, Source"),
                SpannerTags.request("audit.ledger"))) {
            while (rows.next()) {
                boolean isGrant = LedgerEntry.Source.GRANT.name().equals(rows.getString(1));
                (isGrant ? minted : tradeNet).put(AssetRef.parse(rows.getString(0)), rows.getLong(2));
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
                minted,
                tradeNet,
                negative,
                mismatches);
    }

    private static long single(ReadOnlyTransaction snapshot, String sql) {
        try (ResultSet rows = snapshot.executeQuery(Statement.of(sql), SpannerTags.request("audit"))) {
            rows.next();
            return rows.getLong(0);
        }
    }
}
