package com.bluemarble.functions.core.economy;

import com.bluemarble.functions.core.player.PlayerId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.UUID;

/**
 * Reads and buffered writes inside one read-write transaction. Writes take effect at commit,
 * all or nothing; nothing here may have effects outside the store.
 */
public interface EconomyTransaction {

    /**
     * The answer recorded under an idempotency key by any operation (grant, trade, purchase,
     * consume, craft, listing, listing purchase): keys share one namespace, so a key reused by
     * another kind of operation is found here and refused as reused.
     */
    Optional<RecordedOutcome> findOutcome(UUID key);

    boolean playerExists(PlayerId playerId);

    /**
     * Whether the player's erasure has been recorded (docs/data-rights.md). Read inside the write's
     * own transaction, so a write either commits before the erasure record or sees it and is refused.
     */
    boolean isErased(PlayerId playerId);

    /** Balances of the named currencies the player holds (absent = never held). */
    Map<String, Long> currencyBalances(PlayerId playerId, Set<String> currencies);

    /** Quantities of the named stackable SKUs the player holds (absent = never held). */
    Map<String, Long> itemStacks(PlayerId playerId, Set<String> skus);

    /** Instance ids of a unique SKU the player holds, in ascending order. */
    List<String> itemInstances(PlayerId playerId, String sku);

    /** Who holds an instance and of which SKU (empty = no player holds it). */
    Optional<InstanceOwner> instanceOwner(String instanceId);

    record InstanceOwner(PlayerId owner, String sku) {}

    void insertPlayer(PlayerId playerId);

    void putCurrencyBalance(PlayerId playerId, String currency, long amount);

    void putItemStack(PlayerId playerId, String sku, long quantity);

    void insertItemInstance(PlayerId owner, String sku, String instanceId);

    void moveItemInstance(PlayerId from, PlayerId to, String sku, String instanceId);

    /** Removes an instance from its holder (burned, or moved into a listing's escrow). */
    void deleteItemInstance(PlayerId owner, String sku, String instanceId);

    /** Removes a currency balance row (an erased player's, after its ledger row burned it). */
    void deleteCurrencyBalance(PlayerId playerId, String currency);

    /** Removes an item stack row (an erased player's, after its ledger row burned it). */
    void deleteItemStack(PlayerId playerId, String sku);

    void appendLedger(LedgerEntry entry);

    void recordTrade(TradeRequest request, String fingerprint, OutcomeStatus status, String errorCode, String message);

    void recordGrant(GrantRequest request, String fingerprint, OutcomeStatus status, String errorCode, String message);

    /** The idempotency record of a purchase, consume, craft, listing or listing purchase. */
    void recordOperation(OperationRecord record);

    record OperationRecord(
            UUID key,
            String kind,
            PlayerId playerId,
            String canonicalRequest,
            String fingerprint,
            OutcomeStatus status,
            String errorCode,
            String message,
            SortedMap<String, String> details) {}

    /** Units of an offer the player has bought so far. */
    long offerPurchases(PlayerId playerId, String offerId);

    void putOfferPurchases(PlayerId playerId, String offerId, long count);

    Optional<Listing> findListing(UUID listingId);

    /** Open listings of a seller (expired ones not yet returned included). */
    long openListings(PlayerId sellerId);

    /** Ids of up to {@code limit} open listings of a seller (expired ones not yet returned included), in id order. */
    List<UUID> openListingIds(PlayerId sellerId, int limit);

    void insertListing(Listing listing);

    /** Writes a listing's new status (sold, cancelled, expired) and buyer. */
    void updateListing(Listing listing);
}
