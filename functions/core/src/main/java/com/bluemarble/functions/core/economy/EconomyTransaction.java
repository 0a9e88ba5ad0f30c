package com.bluemarble.functions.core.economy;

import com.bluemarble.functions.core.player.PlayerId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Reads and buffered writes inside one read-write transaction. Writes take effect at commit,
 * all or nothing; nothing here may have effects outside the store.
 */
public interface EconomyTransaction {

    Optional<RecordedOutcome> findTrade(UUID tradeId);

    Optional<RecordedOutcome> findGrant(UUID grantId);

    boolean playerExists(PlayerId playerId);

    /** Balances of the named currencies the player holds (absent = never held). */
    Map<String, Long> currencyBalances(PlayerId playerId, Set<String> currencies);

    /** Quantities of the named stackable SKUs the player holds (absent = never held). */
    Map<String, Long> itemStacks(PlayerId playerId, Set<String> skus);

    /** Instance ids of a unique SKU the player holds, in ascending order. */
    List<String> itemInstances(PlayerId playerId, String sku);

    void insertPlayer(PlayerId playerId);

    void putCurrencyBalance(PlayerId playerId, String currency, long amount);

    void putItemStack(PlayerId playerId, String sku, long quantity);

    void insertItemInstance(PlayerId owner, String sku, String instanceId);

    void moveItemInstance(PlayerId from, PlayerId to, String sku, String instanceId);

    void appendLedger(LedgerEntry entry);

    void recordTrade(TradeRequest request, String fingerprint, OutcomeStatus status, String errorCode, String message);

    void recordGrant(GrantRequest request, String fingerprint, OutcomeStatus status, String errorCode, String message);
}
