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

    private final Map<UUID, RecordedOutcome> outcomes = new HashMap<>(); // every operation's, one key space
    private final Map<UUID, Listing> listings = new HashMap<>();
    private final Map<Key, Long> offerPurchases = new HashMap<>();
    private final List<Instant> ledgerTimes = new ArrayList<>();
    private final Set<PlayerId> players = new java.util.HashSet<>();
    private final Set<PlayerId> erased = new java.util.HashSet<>(); // the freeze marks (ErasedPlayers)
    private final Map<Key, Long> currency = new HashMap<>();
    private final Map<Key, Long> stacks = new HashMap<>();
    private final Map<String, Key> instanceOwners = new HashMap<>(); // instance id -> (owner, sku)
    private final List<LedgerEntry> ledger = new ArrayList<>();
    private final AtomicLong clock = new AtomicLong(1_700_000_000_000L);
    private int bodyRuns;

    /** Records the player's erasure mark, as {@code ErasureLog.record} does in Spanner. */
    public synchronized void markErased(PlayerId player) {
        erased.add(player);
    }

    @Override
    public synchronized Optional<PlayerEconomyData> playerData(PlayerId playerId) {
        Optional<Holdings> held = holdings(playerId, ReadFreshness.STRONG);
        if (held.isEmpty()) {
            return Optional.empty();
        }
        List<MarketPages.HistoryEntry> entries =
                new ArrayList<>(history(playerId, Integer.MAX_VALUE - 1, null).entries());
        java.util.Collections.reverse(entries); // oldest first
        List<Listing> sold = listings.values().stream()
                .filter(l -> l.sellerId().equals(playerId))
                .sorted(java.util.Comparator.comparing(l -> l.listingId().toString()))
                .toList();
        TreeMap<String, Long> offers = new TreeMap<>();
        offerPurchases.forEach((k, v) -> {
            if (k.player().equals(playerId)) {
                offers.put(k.name(), v);
            }
        });
        return Optional.of(new PlayerEconomyData(Instant.ofEpochMilli(clock.get()), held.get(), entries, sold, offers));
    }

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
        Map<AssetRef, Map<LedgerEntry.Source, AuditSnapshot.Flow>> flows = new HashMap<>();
        Map<Key, Long> ledgerSums = new HashMap<>();
        for (LedgerEntry entry : ledger) {
            flows.computeIfAbsent(entry.asset(), a -> new java.util.EnumMap<>(LedgerEntry.Source.class))
                    .merge(
                            entry.source(),
                            new AuditSnapshot.Flow(0, 0).plus(entry.delta()),
                            (x, y) -> x.plus(entry.delta()));
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
        Map<AssetRef, Long> escrowed = new HashMap<>();
        long escrowMismatches = 0;
        for (Listing listing : listings.values()) {
            if (listing.status() == Listing.Status.OPEN) {
                escrowed.merge(AssetRef.item(listing.sku()), listing.quantity(), Long::sum);
                boolean unique = !listing.instanceIds().isEmpty();
                if (listing.quantity() <= 0
                        || (unique && listing.instanceIds().size() != listing.quantity())
                        || listing.instanceIds().stream().anyMatch(instanceOwners::containsKey)) {
                    escrowMismatches++;
                }
            }
        }
        return new AuditSnapshot(
                Instant.ofEpochMilli(clock.get()),
                players.size(),
                held,
                flows,
                escrowed,
                negative,
                mismatches,
                escrowMismatches);
    }

    /** Every player id, sorted (the partitioned audit's planning input). */
    public synchronized List<String> sortedPlayerIds() {
        return players.stream().map(PlayerId::value).sorted().toList();
    }

    /**
     * One partition of the partitioned audit, from raw rows: the range's players, their balances and
     * ledger, and their open listings (escrowed instances looked up among every player's).
     */
    public synchronized com.bluemarble.functions.core.economy.audit.AuditPartial auditPartition(
            com.bluemarble.functions.core.economy.audit.PlayerKeyRange range) {
        var partial = new com.bluemarble.functions.core.economy.audit.AuditPartialBuilder();
        players.stream().filter(p -> range.contains(p.value())).forEach(partial::player);
        currency.forEach((k, v) -> {
            if (range.contains(k.player().value())) {
                partial.balance(k.player(), AssetRef.currency(k.name()), v);
            }
        });
        stacks.forEach((k, v) -> {
            if (range.contains(k.player().value())) {
                partial.balance(k.player(), AssetRef.item(k.name()), v);
            }
        });
        instanceOwners.values().forEach(k -> {
            if (range.contains(k.player().value())) {
                partial.instance(k.player(), k.name());
            }
        });
        ledger.forEach(e -> {
            if (range.contains(e.playerId().value())) {
                partial.ledger(e.playerId(), e.asset(), e.source(), e.delta());
            }
        });
        listings.values().forEach(l -> {
            if (l.status() == Listing.Status.OPEN && range.contains(l.sellerId().value())) {
                partial.openListing(
                        l.listingId(),
                        l.sku(),
                        l.quantity(),
                        l.instanceIds(),
                        l.instanceIds().stream()
                                .filter(instanceOwners::containsKey)
                                .toList());
            }
        });
        return partial.build();
    }

    @Override
    public synchronized MarketPages.ListingPage searchListings(
            MarketPages.ListingQuery query, ReadFreshness freshness) {
        List<Listing> open = listings.values().stream()
                .filter(l -> l.isOpenAt(query.now()) && l.sku().equals(query.sku()))
                .filter(l -> query.maxPrice() == null || l.price() <= query.maxPrice())
                .filter(l -> query.after() == null
                        || l.price() > query.after().price()
                        || (l.price() == query.after().price()
                                && l.listingId()
                                                .toString()
                                                .compareTo(query.after()
                                                        .listingId()
                                                        .toString())
                                        > 0))
                .sorted(java.util.Comparator.comparingLong(Listing::price)
                        .thenComparing(l -> l.listingId().toString()))
                .limit(query.limit() + 1L)
                .toList();
        if (open.size() <= query.limit()) {
            return new MarketPages.ListingPage(open, Optional.empty());
        }
        Listing last = open.get(query.limit() - 1);
        return new MarketPages.ListingPage(
                open.subList(0, query.limit()),
                Optional.of(new MarketPages.ListingCursor(last.price(), last.listingId())));
    }

    @Override
    public synchronized MarketPages.HistoryPage history(PlayerId playerId, int limit, MarketPages.HistoryCursor after) {
        List<MarketPages.HistoryEntry> entries = new ArrayList<>();
        for (int i = 0; i < ledger.size(); i++) {
            LedgerEntry e = ledger.get(i);
            if (e.playerId().equals(playerId)) {
                entries.add(new MarketPages.HistoryEntry(
                        ledgerTimes.get(i), e.source(), e.ref(), e.asset(), e.delta(), e.entryId()));
            }
        }
        java.util.Comparator<MarketPages.HistoryEntry> order = java.util.Comparator.comparing(
                        MarketPages.HistoryEntry::at, java.util.Comparator.reverseOrder())
                .thenComparing(MarketPages.HistoryEntry::entryId)
                .thenComparing(h -> h.asset().key());
        entries.sort(order);
        List<MarketPages.HistoryEntry> page = entries.stream()
                .filter(h -> after == null
                        || order.compare(
                                        h,
                                        new MarketPages.HistoryEntry(
                                                after.at(),
                                                null,
                                                null,
                                                AssetRef.parse(after.asset()),
                                                0,
                                                after.entryId()))
                                > 0)
                .limit(limit + 1L)
                .toList();
        if (page.size() <= limit) {
            return new MarketPages.HistoryPage(playerId, page, Optional.empty());
        }
        MarketPages.HistoryEntry last = page.get(limit - 1);
        return new MarketPages.HistoryPage(
                playerId,
                page.subList(0, limit),
                Optional.of(new MarketPages.HistoryCursor(
                        last.at(), last.entryId(), last.asset().key())));
    }

    @Override
    public synchronized List<UUID> expiredListings(Instant now, int limit) {
        return listings.values().stream()
                .filter(l -> l.status() == Listing.Status.OPEN && !now.isBefore(l.expiresAt()))
                .sorted(java.util.Comparator.comparing(Listing::expiresAt))
                .map(Listing::listingId)
                .limit(limit)
                .toList();
    }

    private final class Tx implements EconomyTransaction {
        private final List<java.util.function.Consumer<Instant>> writes = new ArrayList<>();

        @Override
        public Optional<RecordedOutcome> findOutcome(UUID key) {
            return Optional.ofNullable(outcomes.get(key));
        }

        @Override
        public Optional<InstanceOwner> instanceOwner(String instanceId) {
            Key key = instanceOwners.get(instanceId);
            return key == null ? Optional.empty() : Optional.of(new InstanceOwner(key.player(), key.name()));
        }

        @Override
        public void deleteItemInstance(PlayerId owner, String sku, String instanceId) {
            writes.add(ts -> {
                if (!new Key(owner, sku).equals(instanceOwners.remove(instanceId))) {
                    throw new IllegalStateException("instance " + instanceId + " is not " + owner + "'s");
                }
            });
        }

        @Override
        public void recordOperation(OperationRecord record) {
            writes.add(ts -> {
                if (outcomes.putIfAbsent(
                                record.key(),
                                new RecordedOutcome(
                                        record.fingerprint(),
                                        record.status(),
                                        record.errorCode(),
                                        record.message(),
                                        ts,
                                        record.details()))
                        != null) {
                    throw new IllegalStateException("key recorded twice: " + record.key());
                }
            });
        }

        @Override
        public long offerPurchases(PlayerId playerId, String offerId) {
            return offerPurchases.getOrDefault(new Key(playerId, offerId), 0L);
        }

        @Override
        public void putOfferPurchases(PlayerId playerId, String offerId, long count) {
            writes.add(ts -> offerPurchases.put(new Key(playerId, offerId), count));
        }

        @Override
        public Optional<Listing> findListing(UUID listingId) {
            return Optional.ofNullable(listings.get(listingId));
        }

        @Override
        public long openListings(PlayerId sellerId) {
            return listings.values().stream()
                    .filter(l ->
                            l.status() == Listing.Status.OPEN && l.sellerId().equals(sellerId))
                    .count();
        }

        @Override
        public void insertListing(Listing listing) {
            writes.add(ts -> {
                if (listings.putIfAbsent(listing.listingId(), listing) != null) {
                    throw new IllegalStateException("listing exists: " + listing.listingId());
                }
            });
        }

        @Override
        public void updateListing(Listing listing) {
            writes.add(ts -> listings.put(listing.listingId(), listing));
        }

        @Override
        public boolean isErased(PlayerId playerId) {
            return erased.contains(playerId);
        }

        @Override
        public void deleteCurrencyBalance(PlayerId playerId, String name) {
            writes.add(ts -> currency.remove(new Key(playerId, name)));
        }

        @Override
        public void deleteItemStack(PlayerId playerId, String sku) {
            writes.add(ts -> stacks.remove(new Key(playerId, sku)));
        }

        @Override
        public List<UUID> openListingIds(PlayerId sellerId, int limit) {
            return listings.values().stream()
                    .filter(l ->
                            l.status() == Listing.Status.OPEN && l.sellerId().equals(sellerId))
                    .map(Listing::listingId)
                    .sorted(java.util.Comparator.comparing(UUID::toString))
                    .limit(limit)
                    .toList();
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
            writes.add(ts -> {
                boolean duplicate = ledger.stream()
                        .anyMatch(e -> e.playerId().equals(entry.playerId())
                                && e.entryId().equals(entry.entryId())
                                && e.asset().equals(entry.asset()));
                if (duplicate) { // the Spanner primary key (player, entry id, asset)
                    throw new IllegalStateException("ledger row exists: " + entry);
                }
                ledger.add(entry);
                ledgerTimes.add(ts);
            });
        }

        @Override
        public void recordTrade(
                TradeRequest request, String fingerprint, OutcomeStatus status, String errorCode, String message) {
            writes.add(ts -> {
                if (outcomes.putIfAbsent(
                                request.tradeId(), new RecordedOutcome(fingerprint, status, errorCode, message, ts))
                        != null) {
                    throw new IllegalStateException("key recorded twice: " + request.tradeId());
                }
            });
        }

        @Override
        public void recordGrant(
                GrantRequest request, String fingerprint, OutcomeStatus status, String errorCode, String message) {
            writes.add(ts -> {
                if (outcomes.putIfAbsent(
                                request.grantId(), new RecordedOutcome(fingerprint, status, errorCode, message, ts))
                        != null) {
                    throw new IllegalStateException("key recorded twice: " + request.grantId());
                }
            });
        }
    }
}
