package com.bluemarble.functions.core.economy;

import java.time.Instant;
import java.util.Map;

/**
 * Totals read at one timestamp.
 *
 * @param held per asset, the sum of every player's balance
 * @param flows per asset and ledger source, the sums of the positive and of the negative deltas
 * @param escrowed per asset, what open listings hold
 * @param negativeBalances balances below zero (the schema forbids them; counted anyway)
 * @param ledgerMismatches (player, asset) pairs whose ledger sum differs from the balance
 * @param escrowMismatches open listings whose escrow does not match their items (a count of
 *                         instance ids other than the quantity, or an escrowed instance a player also holds)
 */
public record AuditSnapshot(
        Instant readTimestamp,
        long players,
        Map<AssetRef, Long> held,
        Map<AssetRef, Map<LedgerEntry.Source, Flow>> flows,
        Map<AssetRef, Long> escrowed,
        long negativeBalances,
        long ledgerMismatches,
        long escrowMismatches) {

    /** What one ledger source added ({@code in}, >= 0) and removed ({@code out}, <= 0) of an asset. */
    public record Flow(long in, long out) {
        public Flow plus(long delta) {
            return delta >= 0 ? new Flow(Math.addExact(in, delta), out) : new Flow(in, Math.addExact(out, delta));
        }

        public long net() {
            return in + out;
        }
    }
}
