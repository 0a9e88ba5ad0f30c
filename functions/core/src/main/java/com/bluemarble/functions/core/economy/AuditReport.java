package com.bluemarble.functions.core.economy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The economy's invariants checked over one snapshot: for every asset minted - burned == held +
 * escrowed, trades and sales net to zero, the market's ledger rows match what open listings hold,
 * every ledger matches its balance, and no balance is negative.
 */
public record AuditReport(
        boolean ok,
        Instant readTimestamp,
        long players,
        SortedMap<String, Totals> currency,
        SortedMap<String, Totals> items,
        List<String> problems) {

    /**
     * One asset: {@code minted} by grants, purchases' grants and crafts' outputs; {@code burned} by
     * purchases' prices, consumption, crafts' inputs and market fees; {@code held} by players;
     * {@code escrowed} in open listings.
     */
    public record Totals(long minted, long burned, long held, long escrowed) {
        /** Before sinks and the market: only grants minted, everything held. */
        public Totals(long minted, long held) {
            this(minted, 0, held, 0);
        }
    }

    public static AuditReport of(AuditSnapshot snapshot) {
        SortedMap<String, Totals> currency = new TreeMap<>();
        SortedMap<String, Totals> items = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        SortedSet<AssetRef> assets = new TreeSet<>(snapshot.held().keySet());
        assets.addAll(snapshot.flows().keySet());
        assets.addAll(snapshot.escrowed().keySet());
        for (AssetRef asset : assets) {
            Map<LedgerEntry.Source, AuditSnapshot.Flow> flows = snapshot.flows().getOrDefault(asset, Map.of());
            long minted = 0;
            long burned = 0;
            long tradeNet = 0;
            long marketNet = 0;
            long saleNet = 0;
            for (var flow : flows.entrySet()) {
                LedgerEntry.Source source = flow.getKey();
                AuditSnapshot.Flow sums = flow.getValue();
                if (source.mints()) {
                    minted = Math.addExact(minted, sums.in());
                } else if (source.burns() && sums.in() != 0) {
                    problems.add(asset.key() + ": " + source + " entries add " + sums.in() + " (they only remove)");
                }
                if (source.burns()) {
                    burned = Math.subtractExact(burned, sums.out());
                } else if (source.mints() && sums.out() != 0) {
                    problems.add(asset.key() + ": " + source + " entries remove " + sums.out() + " (they only add)");
                }
                if (source == LedgerEntry.Source.TRADE) {
                    tradeNet = sums.net();
                }
                if (source.isMarket()) {
                    marketNet = Math.addExact(marketNet, sums.net());
                }
                if (source == LedgerEntry.Source.SALE) {
                    saleNet = sums.net();
                }
            }
            long held = snapshot.held().getOrDefault(asset, 0L);
            long escrowed = snapshot.escrowed().getOrDefault(asset, 0L);
            Totals totals = new Totals(minted, burned, held, escrowed);
            (asset.kind() == AssetRef.Kind.CURRENCY ? currency : items).put(asset.name(), totals);
            if (minted - burned != held + escrowed) {
                problems.add(asset.key() + ": minted " + minted + " - burned " + burned + " != held " + held
                        + " + escrowed " + escrowed);
            }
            if (tradeNet != 0) {
                problems.add(asset.key() + ": trades net to " + tradeNet + " instead of 0");
            }
            if (asset.kind() == AssetRef.Kind.CURRENCY && saleNet != 0) {
                problems.add(asset.key() + ": sales net to " + saleNet + " instead of 0");
            }
            if (-marketNet != escrowed) {
                problems.add(asset.key() + ": the ledger puts " + (-marketNet) + " in escrow but open listings hold "
                        + escrowed);
            }
        }
        if (snapshot.negativeBalances() > 0) {
            problems.add(snapshot.negativeBalances() + " negative balances");
        }
        if (snapshot.ledgerMismatches() > 0) {
            problems.add(snapshot.ledgerMismatches() + " (player, asset) ledger sums differ from balances");
        }
        if (snapshot.escrowMismatches() > 0) {
            problems.add(snapshot.escrowMismatches() + " open listings whose escrow does not match their items");
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
