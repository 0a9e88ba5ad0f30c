package com.bluemarble.functions.core.economy;

import com.bluemarble.functions.core.error.ErrorCode;
import com.bluemarble.functions.core.player.PlayerId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

/**
 * The working set of one grant or trade inside its transaction: balances read once, net changes
 * per (player, asset), instance moves; then either a refusal or the buffered writes. Pure: it
 * touches nothing but the transaction, so it is safe when the store re-runs the body.
 */
final class Settlement {

    record Refusal(ErrorCode code, String message) {}

    private record InstanceMove(PlayerId from, PlayerId to, String sku, String instanceId) {}

    private final EconomyTransaction tx;
    private final EconomyLimits limits;
    private final Map<PlayerId, Map<String, Long>> currencyHeld = new HashMap<>();
    private final Map<PlayerId, Map<String, Long>> stacksHeld = new HashMap<>();
    private final SortedMap<PlayerId, SortedMap<AssetRef, Long>> netChanges = new TreeMap<>();
    private final List<InstanceMove> moves = new ArrayList<>();
    private final List<InstanceMove> mints = new ArrayList<>();

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
            currencyHeld.put(player, currencies.isEmpty() ? Map.of() : tx.currencyBalances(player, currencies));
            stackHeld(player, stackSkus);
        }
    }

    private void stackHeld(PlayerId player, Set<String> skus) {
        stacksHeld.put(player, skus.isEmpty() ? Map.of() : tx.itemStacks(player, skus));
    }

    /** Moves what {@code giver} gives to {@code receiver}, or says why the giver cannot. */
    Optional<Refusal> transfer(PlayerId giver, PlayerId receiver, Bundle gives) {
        for (var entry : gives.currency().entrySet()) {
            long held = currencyHeld.get(giver).getOrDefault(entry.getKey(), 0L);
            if (held < entry.getValue()) {
                return Optional.of(new Refusal(
                        ErrorCode.INSUFFICIENT_FUNDS,
                        giver + " holds " + held + " " + entry.getKey() + " but gives " + entry.getValue()));
            }
            post(giver, AssetRef.currency(entry.getKey()), -entry.getValue());
            post(receiver, AssetRef.currency(entry.getKey()), entry.getValue());
        }
        for (var entry : gives.items().entrySet()) {
            String sku = entry.getKey();
            long count = entry.getValue();
            if (limits.isUnique(sku)) {
                List<String> instances = tx.itemInstances(giver, sku);
                if (instances.size() < count) {
                    return Optional.of(insufficientItems(giver, sku, instances.size(), count));
                }
                // The lowest instance ids move: deterministic, so a re-run body makes the same choice.
                instances.subList(0, (int) count).forEach(id -> moves.add(new InstanceMove(giver, receiver, sku, id)));
            } else {
                long held = stacksHeld.get(giver).getOrDefault(sku, 0L);
                if (held < count) {
                    return Optional.of(insufficientItems(giver, sku, held, count));
                }
            }
            post(giver, AssetRef.item(sku), -count);
            post(receiver, AssetRef.item(sku), count);
        }
        return Optional.empty();
    }

    private static Refusal insufficientItems(PlayerId giver, String sku, long held, long gives) {
        return new Refusal(ErrorCode.INSUFFICIENT_ITEMS, giver + " holds " + held + " " + sku + " but gives " + gives);
    }

    /** Mints a bundle into a player; unique instances get ids derived from the grant id. */
    void mint(PlayerId player, Bundle bundle, UUID grantId) {
        bundle.currency().forEach((name, amount) -> post(player, AssetRef.currency(name), amount));
        bundle.items().forEach((sku, count) -> {
            if (limits.isUnique(sku)) {
                for (long n = 0; n < count; n++) {
                    String id = UUID.nameUUIDFromBytes(
                                    (grantId + "/" + sku + "/" + n).getBytes(java.nio.charset.StandardCharsets.UTF_8))
                            .toString();
                    mints.add(new InstanceMove(null, player, sku, id));
                }
            }
            post(player, AssetRef.item(sku), count);
        });
    }

    private void post(PlayerId player, AssetRef asset, long delta) {
        netChanges.computeIfAbsent(player, p -> new TreeMap<>()).merge(asset, delta, Math::addExact);
    }

    /** New balances after the net changes, or a refusal when one would overflow a 64-bit balance. */
    Optional<Refusal> checkOverflow() {
        for (var player : netChanges.entrySet()) {
            for (var change : player.getValue().entrySet()) {
                AssetRef asset = change.getKey();
                if (asset.kind() == AssetRef.Kind.ITEM && limits.isUnique(asset.name())) {
                    continue; // instance rows, no counter to overflow
                }
                try {
                    Math.addExact(held(player.getKey(), asset), change.getValue());
                } catch (ArithmeticException e) {
                    return Optional.of(new Refusal(
                            ErrorCode.BALANCE_OVERFLOW,
                            player.getKey() + "'s " + asset.name() + " balance would exceed " + Long.MAX_VALUE));
                }
            }
        }
        return Optional.empty();
    }

    private long held(PlayerId player, AssetRef asset) {
        Map<String, Long> held =
                asset.kind() == AssetRef.Kind.CURRENCY ? currencyHeld.get(player) : stacksHeld.get(player);
        return held.getOrDefault(asset.name(), 0L);
    }

    /** Buffers every balance write, instance move and ledger row. Call only after the checks passed. */
    void write(UUID transactionId, LedgerEntry.Source source) {
        netChanges.forEach((player, changes) -> changes.forEach((asset, delta) -> {
            if (delta == 0) {
                return;
            }
            if (asset.kind() == AssetRef.Kind.CURRENCY) {
                tx.putCurrencyBalance(player, asset.name(), held(player, asset) + delta);
            } else if (!limits.isUnique(asset.name())) {
                tx.putItemStack(player, asset.name(), held(player, asset) + delta);
            }
            tx.appendLedger(new LedgerEntry(player, transactionId, asset, source, delta));
        }));
        moves.forEach(m -> tx.moveItemInstance(m.from(), m.to(), m.sku(), m.instanceId()));
        mints.forEach(m -> tx.insertItemInstance(m.to(), m.sku(), m.instanceId()));
    }
}
