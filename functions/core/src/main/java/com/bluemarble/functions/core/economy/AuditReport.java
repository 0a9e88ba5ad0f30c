package com.bluemarble.functions.core.economy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The economy's invariants checked over one snapshot: for every asset held == minted, trades
 * net to zero, every ledger matches its balance, and no balance is negative.
 */
public record AuditReport(
        boolean ok,
        Instant readTimestamp,
        long players,
        SortedMap<String, Totals> currency,
        SortedMap<String, Totals> items,
        List<String> problems) {

    public record Totals(long minted, long held) {}

    public static AuditReport of(AuditSnapshot snapshot) {
        SortedMap<String, Totals> currency = new TreeMap<>();
        SortedMap<String, Totals> items = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        SortedSet<AssetRef> assets = new TreeSet<>(snapshot.held().keySet());
        assets.addAll(snapshot.minted().keySet());
        for (AssetRef asset : assets) {
            Totals totals = new Totals(
                    snapshot.minted().getOrDefault(asset, 0L), snapshot.held().getOrDefault(asset, 0L));
            (asset.kind() == AssetRef.Kind.CURRENCY ? currency : items).put(asset.name(), totals);
            if (totals.minted() != totals.held()) {
                problems.add(asset.key() + ": held " + totals.held() + " but minted " + totals.minted());
            }
        }
        snapshot.tradeNet().forEach((asset, net) -> {
            if (net != 0) {
                problems.add(asset.key() + ": trades net to " + net + " instead of 0");
            }
        });
        if (snapshot.negativeBalances() > 0) {
            problems.add(snapshot.negativeBalances() + " negative balances");
        }
        if (snapshot.ledgerMismatches() > 0) {
            problems.add(snapshot.ledgerMismatches() + " (player, asset) ledger sums differ from balances");
        }
        return new AuditReport(
                problems.isEmpty(),
                snapshot.readTimestamp(),
                snapshot.players(),
                currency,
                items,
                List.copyOf(problems));
    }
}
