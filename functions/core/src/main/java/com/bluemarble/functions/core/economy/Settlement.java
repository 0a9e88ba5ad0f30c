package com.bluemarble.functions.core.economy;

import com.bluemarble.functions.core.error.ErrorCode;
import com.bluemarble.functions.core.player.PlayerId;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

/**
 * The working set of one operation inside its transaction: balances read once, net changes per
 * (player, asset, ledger source), instance moves; then either a refusal or the buffered writes.
 * Pure: it touches nothing but the transaction, so it is safe when the store re-runs the body.
 */
final class Settlement {

    record Refusal(ErrorCode code, String message) {}

    private enum InstanceOp {
        MOVE,
        INSERT,
        DELETE
    }

    private record InstanceChange(InstanceOp op, PlayerId from, PlayerId to, String sku, String instanceId) {}

    private final EconomyTransaction tx;
    private final EconomyLimits limits;
    private final Map<PlayerId, Map<String, Long>> currencyHeld = new HashMap<>();
    private final Map<PlayerId, Map<String, Long>> stacksHeld = new HashMap<>();
    private final SortedMap<PlayerId, SortedMap<AssetRef, SortedMap<LedgerEntry.Source, Long>>> netChanges =
            new TreeMap<>();
    private final List<InstanceChange> instanceChanges = new ArrayList<>();
    private final List<String> taken = new ArrayList<>();

    Settlement(EconomyTransaction tx, EconomyLimits limits) {
        this.tx = tx;
        this.limits = limits;
    }

    /** Loads the balances the given bundles touch, for each of the players. */
    void load(Set<PlayerId> players, List<Bundle> bundles) {
        Set<String> currencies = new TreeSet<>();
        Set<String> stackSkus = new TreeSet<>();
        for (Bundle bundle : bundles) {
            currencies.addAll(bundle.currency().keySet());
            bundle.items().keySet().stream()
                    .filter(sku -> !limits.isUnique(sku))
                    .forEach(stackSkus::add);
        }
        for (PlayerId player : players) {
            currencyHeld
                    .computeIfAbsent(player, p -> new HashMap<>())
                    .putAll(currencies.isEmpty() ? Map.of() : tx.currencyBalances(player, currencies));
            stacksHeld
                    .computeIfAbsent(player, p -> new HashMap<>())
                    .putAll(stackSkus.isEmpty() ? Map.of() : tx.itemStacks(player, stackSkus));
            currencies.forEach(c -> currencyHeld.get(player).putIfAbsent(c, 0L));
            stackSkus.forEach(s -> stacksHeld.get(player).putIfAbsent(s, 0L));
        }
    }

    /**
     * Moves what {@code giver} gives to {@code receiver} (null: out of every holding, i.e. burned
     * or into a listing's escrow), or says why the giver cannot. Unique SKUs move their lowest
     * instance ids: deterministic, so a re-run body makes the same choice.
     */
    Optional<Refusal> transfer(PlayerId giver, PlayerId receiver, Bundle gives, LedgerEntry.Source source) {
        for (var entry : gives.currency().entrySet()) {
            AssetRef asset = AssetRef.currency(entry.getKey());
            long available = held(giver, asset);
            if (available < entry.getValue()) {
                return Optional.of(new Refusal(
                        ErrorCode.INSUFFICIENT_FUNDS,
                        giver + " holds " + available + " " + entry.getKey() + " but needs " + entry.getValue()));
            }
            post(giver, asset, source, -entry.getValue());
            if (receiver != null) {
                post(receiver, asset, source, entry.getValue());
            }
        }
        for (var entry : gives.items().entrySet()) {
            String sku = entry.getKey();
            long count = entry.getValue();
            AssetRef asset = AssetRef.item(sku);
            if (limits.isUnique(sku)) {
                List<String> instances = new ArrayList<>(tx.itemInstances(giver, sku));
                instances.removeAll(taken);
                if (instances.size() < count) {
                    return Optional.of(insufficientItems(giver, sku, instances.size(), count));
                }
                for (String id : instances.subList(0, (int) count)) {
                    instanceChanges.add(
                            receiver == null
                                    ? new InstanceChange(InstanceOp.DELETE, giver, null, sku, id)
                                    : new InstanceChange(InstanceOp.MOVE, giver, receiver, sku, id));
                    taken.add(id);
                }
            } else {
                long available = held(giver, asset);
                if (available < count) {
                    return Optional.of(insufficientItems(giver, sku, available, count));
                }
            }
            post(giver, asset, source, -count);
            if (receiver != null) {
                post(receiver, asset, source, count);
            }
        }
        return Optional.empty();
    }

    /** Takes named instances out of the giver's holdings (burned, or into escrow); all must be the giver's. */
    Optional<Refusal> takeInstances(PlayerId giver, List<String> instanceIds, LedgerEntry.Source source) {
        for (String id : instanceIds) {
            Optional<EconomyTransaction.InstanceOwner> owner = tx.instanceOwner(id);
            if (owner.isEmpty() || !owner.get().owner().equals(giver) || taken.contains(id)) {
                return Optional.of(new Refusal(ErrorCode.INSUFFICIENT_ITEMS, giver + " does not hold instance " + id));
            }
            instanceChanges.add(new InstanceChange(
                    InstanceOp.DELETE, giver, null, owner.get().sku(), id));
            taken.add(id);
            post(giver, AssetRef.item(owner.get().sku()), source, -1);
        }
        return Optional.empty();
    }

    /** The SKU of each instance taken so far, in the order taken. */
    List<String> takenInstances() {
        return List.copyOf(taken);
    }

    private static Refusal insufficientItems(PlayerId giver, String sku, long held, long gives) {
        return new Refusal(ErrorCode.INSUFFICIENT_ITEMS, giver + " holds " + held + " " + sku + " but needs " + gives);
    }

    /** Mints a bundle into a player; unique instances get ids derived from the operation's key. */
    void mint(PlayerId player, Bundle bundle, UUID operationId, LedgerEntry.Source source) {
        bundle.currency().forEach((name, amount) -> post(player, AssetRef.currency(name), source, amount));
        bundle.items().forEach((sku, count) -> {
            if (limits.isUnique(sku)) {
                for (long n = 0; n < count; n++) {
                    String id = UUID.nameUUIDFromBytes(
                                    (operationId + "/" + sku + "/" + n).getBytes(StandardCharsets.UTF_8))
                            .toString();
                    instanceChanges.add(new InstanceChange(InstanceOp.INSERT, null, player, sku, id));
                }
            }
            post(player, AssetRef.item(sku), source, count);
        });
    }

    /** Gives a player items that no player held (a listing's escrow). */
    void receive(PlayerId player, String sku, long quantity, List<String> instanceIds, LedgerEntry.Source source) {
        instanceIds.forEach(id -> instanceChanges.add(new InstanceChange(InstanceOp.INSERT, null, player, sku, id)));
        post(player, AssetRef.item(sku), source, quantity);
    }

    /** Books a currency amount to one player only (e.g. a fee taken from the seller's proceeds). */
    void post(PlayerId player, AssetRef asset, LedgerEntry.Source source, long delta) {
        currencyOrStacks(asset).computeIfAbsent(player, p -> new HashMap<>());
        netChanges
                .computeIfAbsent(player, p -> new TreeMap<>())
                .computeIfAbsent(asset, a -> new TreeMap<>())
                .merge(source, delta, Math::addExact);
    }

    /** A refusal when one new balance would overflow a 64-bit balance. */
    Optional<Refusal> checkOverflow() {
        for (var player : netChanges.entrySet()) {
            for (var change : player.getValue().entrySet()) {
                AssetRef asset = change.getKey();
                if (asset.kind() == AssetRef.Kind.ITEM && limits.isUnique(asset.name())) {
                    continue; // instance rows, no counter to overflow
                }
                try {
                    long delta = change.getValue().values().stream()
                            .mapToLong(Long::longValue)
                            .reduce(0L, Math::addExact);
                    Math.addExact(held(player.getKey(), asset), delta);
                } catch (ArithmeticException e) {
                    return Optional.of(new Refusal(
                            ErrorCode.BALANCE_OVERFLOW,
                            player.getKey() + "'s " + asset.name() + " balance would exceed " + Long.MAX_VALUE));
                }
            }
        }
        return Optional.empty();
    }

    private Map<PlayerId, Map<String, Long>> currencyOrStacks(AssetRef asset) {
        return asset.kind() == AssetRef.Kind.CURRENCY ? currencyHeld : stacksHeld;
    }

    private long held(PlayerId player, AssetRef asset) {
        Map<String, Long> held = currencyOrStacks(asset).computeIfAbsent(player, p -> new HashMap<>());
        Long known = held.get(asset.name());
        if (known == null) {
            Map<String, Long> read = asset.kind() == AssetRef.Kind.CURRENCY
                    ? tx.currencyBalances(player, Set.of(asset.name()))
                    : tx.itemStacks(player, Set.of(asset.name()));
            known = read.getOrDefault(asset.name(), 0L);
            held.put(asset.name(), known);
        }
        return known;
    }

    /**
     * Buffers every balance write, instance change and ledger row. Call only after the checks
     * passed. Rows of {@code primary} are keyed by {@code ref}; rows of another source of the same
     * operation by {@code ref/source}, so one operation's rows never share a key.
     */
    void write(String ref, LedgerEntry.Source primary) {
        netChanges.forEach((player, assets) -> assets.forEach((asset, sources) -> {
            long total = sources.values().stream().mapToLong(Long::longValue).sum();
            if (total != 0 && asset.kind() == AssetRef.Kind.CURRENCY) {
                tx.putCurrencyBalance(player, asset.name(), held(player, asset) + total);
            } else if (total != 0 && !limits.isUnique(asset.name())) {
                tx.putItemStack(player, asset.name(), held(player, asset) + total);
            }
            sources.forEach((source, delta) -> {
                if (delta != 0) {
                    String entryId =
                            source == primary ? ref : ref + "/" + source.name().toLowerCase(Locale.ROOT);
                    tx.appendLedger(new LedgerEntry(player, entryId, asset, source, delta));
                }
            });
        }));
        for (InstanceChange change : instanceChanges) {
            switch (change.op()) {
                case MOVE -> tx.moveItemInstance(change.from(), change.to(), change.sku(), change.instanceId());
                case INSERT -> tx.insertItemInstance(change.to(), change.sku(), change.instanceId());
                case DELETE -> tx.deleteItemInstance(change.from(), change.sku(), change.instanceId());
            }
        }
    }
}
