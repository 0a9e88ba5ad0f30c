package com.bluemarble.functions.core.economy;

import java.time.Instant;
import java.util.Map;

/**
 * Totals read at one timestamp.
 *
 * @param held per asset, the sum of every player's balance
 * @param minted per asset, the sum of GRANT ledger entries
 * @param tradeNet per asset, the sum of TRADE ledger entries (zero when trades conserve)
 * @param negativeBalances balances below zero (the schema forbids them; counted anyway)
 * @param ledgerMismatches (player, asset) pairs whose ledger sum differs from the balance
 */
public record AuditSnapshot(
        Instant readTimestamp,
        long players,
        Map<AssetRef, Long> held,
        Map<AssetRef, Long> minted,
        Map<AssetRef, Long> tradeNet,
        long negativeBalances,
        long ledgerMismatches) {}
