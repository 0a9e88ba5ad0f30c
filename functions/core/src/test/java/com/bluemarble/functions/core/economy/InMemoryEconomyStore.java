package com.bluemarble.functions.core.economy;

import com.bluemarble.functions.core.player.PlayerId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * An in-memory {@link EconomyStore} for unit tests of the core: serial transactions, buffered
 * writes applied at commit. It runs every body twice and throws the first run's writes away,
 * as a real store may after an abort, so a body with side effects outside the transaction shows.
 */
public final class InMemoryEconomyStore implements EconomyStore {

    private record Key(PlayerId player, String name) {}

    private final Map<UUID, RecordedOutcome> trades = new HashMap<>();
    private final Map<UUID, RecordedOutcome> grants = new HashMap<>();
    private final Set<PlayerId> players = new java.util.HashSet<>();
    private final Map<Key, Long> currency = new HashMap<>();
    private final Map<Key, Long> stacks = new HashMap<>();
    private final Map<String, Key> instanceOwners = new HashMap<>(); // instance id -> (owner, sku)
    private final List<LedgerEntry> ledger = new ArrayList<>();
    private final AtomicLong clock = new AtomicLong(1_700_000_000_000L);
    private int bodyRuns;

    public synchronized int bodyRuns() {
        return bodyRuns;
    }

    @Override
    public synchronized <T> Committed<T> readWrite(Function<EconomyTransaction, T> body) {
        bodyRuns++;
        body.apply(new Tx()); // an aborted attempt: its buffered writes are dropped
        bodyRuns++;
        Tx tx = new Tx();
        T value = body.apply(tx);
        Instant commitTimestamp = Instant.ofEpochMilli(clock.incrementAndGet());
        tx.writes.forEach(write -> write.accept(commitTimestamp));
        return new Committed<>(value, commitTimestamp);
    }

    @Override
    public synchronized Optional<Holdings> holdings(PlayerId playerId, ReadFreshness freshness) {
        if (!players.contains(playerId)) {
            return Optional.empty();
        }
        TreeMap<String, Long> currencies = new TreeMap<>();
        currency.forEach((k, v) -> {
            if (k.player().equals(playerId)) {
                currencies.put(k.name(), v);
            }
        });
        TreeMap<String, Long> items = new TreeMap<>();
        stacks.forEach((k, v) -> {
            if (k.player().equals(playerId)) {
                items.put(k.name(), v);
            }
        });
        TreeMap<String, List<String>> instances = new TreeMap<>();
        instanceOwners.forEach((id, k) -> {
            if (k.player().equals(playerId)) {
                instances.computeIfAbsent(k.name(), s -> new ArrayList<>()).add(id);
                items.merge(k.name(), 1L, Long::sum);
            }
        });
        instances.values().forEach(ids -> ids.sort(null));
        return Optional.of(new Holdings(playerId, currencies, items, instances));
    }

    @Override
    public synchronized AuditSnapshot auditSnapshot() {
        Map<AssetRef, Long> held = new HashMap<>();
        currency.forEach((k, v) -> held.merge(AssetRef.currency(k.name()), v, Long::sum));
        stacks.forEach((k, v) -> held.merge(AssetRef.item(k.name()), v, Long::sum));
        instanceOwners.values().forEach(k -> held.merge(AssetRef.item(k.name()), 1L, Long::sum));
        Map<AssetRef, Long> minted = new HashMap<>();
        Map<AssetRef, Long> tradeNet = new HashMap<>();
        Map<Key, Long> ledgerSums = new HashMap<>();
        for (LedgerEntry entry : ledger) {
            (entry.source() == LedgerEntry.Source.GRANT ? minted : tradeNet)
                    .merge(entry.asset(), entry.delta(), Long::sum);
            ledgerSums.merge(new Key(entry.playerId(), entry.asset().key()), entry.delta(), Long::sum);
        }
        Map<Key, Long> balances = new HashMap<>();
        currency.forEach((k, v) ->
                balances.put(new Key(k.player(), AssetRef.currency(k.name()).key()), v));
        stacks.forEach((k, v) ->
                balances.put(new Key(k.player(), AssetRef.item(k.name()).key()), v));
        instanceOwners
                .values()
                .forEach(k -> balances.merge(
                        new Key(k.player(), AssetRef.item(k.name()).key()), 1L, Long::sum));
        Set<Key> keys = new java.util.HashSet<>(balances.keySet());
        keys.addAll(ledgerSums.keySet());
        long mismatches = keys.stream()
                .filter(k -> !balances.getOrDefault(k, 0L).equals(ledgerSums.getOrDefault(k, 0L)))
                .count();
        long negative = currency.values().stream().filter(v -> v < 0).count()
                + stacks.values().stream().filter(v -> v < 0).count();
        return new AuditSnapshot(
                Instant.ofEpochMilli(clock.get()), players.size(), held, minted, tradeNet, negative, mismatches);
    }

    private final class Tx implements EconomyTransaction {
        private final List<java.util.function.Consumer<Instant>> writes = new ArrayList<>();

        @Override
        public Optional<RecordedOutcome> findTrade(UUID tradeId) {
            return Optional.ofNullable(trades.get(tradeId));
        }

        @Override
        public Optional<RecordedOutcome> findGrant(UUID grantId) {
            return Optional.ofNullable(grants.get(grantId));
        }

        @Override
        public boolean playerExists(PlayerId playerId) {
            return players.contains(playerId);
        }

        @Override
        public Map<String, Long> currencyBalances(PlayerId playerId, Set<String> currencies) {
            return select(currency, playerId, currencies);
        }

        @Override
        public Map<String, Long> itemStacks(PlayerId playerId, Set<String> skus) {
            return select(stacks, playerId, skus);
        }

        private Map<String, Long> select(Map<Key, Long> table, PlayerId playerId, Set<String> names) {
            Map<String, Long> result = new HashMap<>();
            for (String name : names) {
                Long value = table.get(new Key(playerId, name));
                if (value != null) {
                    result.put(name, value);
                }
            }
            return result;
        }

        @Override
        public List<String> itemInstances(PlayerId playerId, String sku) {
            return instanceOwners.entrySet().stream()
                    .filter(e -> e.getValue().equals(new Key(playerId, sku)))
                    .map(Map.Entry::getKey)
                    .sorted()
                    .toList();
        }

        @Override
        public void insertPlayer(PlayerId playerId) {
            writes.add(ts -> {
                if (!players.add(playerId)) {
                    throw new IllegalStateException("player exists: " + playerId);
                }
            });
        }

        @Override
        public void putCurrencyBalance(PlayerId playerId, String name, long amount) {
            writes.add(ts -> currency.put(new Key(playerId, name), amount));
        }

        @Override
        public void putItemStack(PlayerId playerId, String sku, long quantity) {
            writes.add(ts -> stacks.put(new Key(playerId, sku), quantity));
        }

        @Override
        public void insertItemInstance(PlayerId owner, String sku, String instanceId) {
            writes.add(ts -> {
                if (instanceOwners.putIfAbsent(instanceId, new Key(owner, sku)) != null) {
                    throw new IllegalStateException("instance exists: " + instanceId);
                }
            });
        }

        @Override
        public void moveItemInstance(PlayerId from, PlayerId to, String sku, String instanceId) {
            writes.add(ts -> {
                if (!new Key(from, sku).equals(instanceOwners.get(instanceId))) {
                    throw new IllegalStateException("instance " + instanceId + " is not " + from + "'s");
                }
                instanceOwners.put(instanceId, new Key(to, sku));
            });
        }

        @Override
        public void appendLedger(LedgerEntry entry) {
            writes.add(ts -> ledger.add(entry));
        }

        @Override
        public void recordTrade(
                TradeRequest request, String fingerprint, OutcomeStatus status, String errorCode, String message) {
            writes.add(ts ->
                    trades.put(request.tradeId(), new RecordedOutcome(fingerprint, status, errorCode, message, ts)));
        }

        @Override
        public void recordGrant(
                GrantRequest request, String fingerprint, OutcomeStatus status, String errorCode, String message) {
            writes.add(ts ->
                    grants.put(request.grantId(), new RecordedOutcome(fingerprint, status, errorCode, message, ts)));
        }
    }
}
