package com.bluemarble.functions.core.economy.audit;

import com.bluemarble.functions.core.economy.AssetRef;
import com.bluemarble.functions.core.economy.AuditSnapshot;
import com.bluemarble.functions.core.economy.LedgerEntry;
import com.bluemarble.functions.core.player.PlayerId;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Builds one partition's {@link AuditPartial} from its raw rows (a store that cannot aggregate,
 * such as the in-memory one of the core's tests). Feed it every row of the partition's players and
 * its sellers' open listings, then {@link #build}.
 */
public final class AuditPartialBuilder {

    private record PlayerAsset(String player, AssetRef asset) {}

    private long players;
    private final SortedMap<AssetRef, Long> held = new TreeMap<>();
    private final SortedMap<AssetRef, SortedMap<LedgerEntry.Source, AuditSnapshot.Flow>> flows = new TreeMap<>();
    private final SortedMap<AssetRef, Long> escrowed = new TreeMap<>();
    private final Map<PlayerAsset, Long> balances = new HashMap<>();
    private final Map<PlayerAsset, Long> ledgerSums = new HashMap<>();
    private final Set<PlayerAsset> negative = new HashSet<>();
    private long escrowMismatches;
    private final TreeSet<String> findings = new TreeSet<>();

    public AuditPartialBuilder player(PlayerId player) {
        players++;
        return this;
    }

    /** A currency balance or an item stack (a count row: it may be negative, which is a fault). */
    public AuditPartialBuilder balance(PlayerId player, AssetRef asset, long amount) {
        held.merge(asset, amount, Math::addExact);
        balances.merge(new PlayerAsset(player.value(), asset), amount, Math::addExact);
        if (amount < 0) {
            negative.add(new PlayerAsset(player.value(), asset));
        }
        return this;
    }

    /** One unique item instance held by a player. */
    public AuditPartialBuilder instance(PlayerId player, String sku) {
        return balanceWithoutSign(player, AssetRef.item(sku));
    }

    private AuditPartialBuilder balanceWithoutSign(PlayerId player, AssetRef asset) {
        held.merge(asset, 1L, Math::addExact);
        balances.merge(new PlayerAsset(player.value(), asset), 1L, Math::addExact);
        return this;
    }

    public AuditPartialBuilder ledger(PlayerId player, AssetRef asset, LedgerEntry.Source source, long delta) {
        flows.computeIfAbsent(asset, a -> new TreeMap<>())
                .merge(source, new AuditSnapshot.Flow(0, 0).plus(delta), AuditPartial::add);
        ledgerSums.merge(new PlayerAsset(player.value(), asset), delta, Math::addExact);
        return this;
    }

    /**
     * An open listing of one of the partition's sellers, and which of its escrowed instances some
     * player also holds (whatever partition that player is in: the check looks the ids up).
     */
    public AuditPartialBuilder openListing(
            UUID listingId, String sku, long quantity, List<String> instanceIds, List<String> alsoHeld) {
        escrowed.merge(AssetRef.item(sku), quantity, Math::addExact);
        if (quantity <= 0 || (!instanceIds.isEmpty() && instanceIds.size() != quantity)) {
            escrowMismatches++;
            findings.add("escrow-mismatch " + listingId);
        }
        for (String instance : alsoHeld) {
            escrowMismatches++;
            findings.add("escrowed-instance-held " + listingId + " " + instance);
        }
        return this;
    }

    public AuditPartial build() {
        Set<PlayerAsset> keys = new HashSet<>(balances.keySet());
        keys.addAll(ledgerSums.keySet());
        long mismatches = 0;
        for (PlayerAsset key : keys) {
            if (!balances.getOrDefault(key, 0L).equals(ledgerSums.getOrDefault(key, 0L))) {
                mismatches++;
                findings.add(
                        "ledger-mismatch " + key.player() + " " + key.asset().key());
            }
        }
        negative.forEach(key -> findings.add(
                "negative-balance " + key.player() + " " + key.asset().key()));
        return new AuditPartial(
                players, held, flows, escrowed, negative.size(), mismatches, escrowMismatches, findings);
    }
}
