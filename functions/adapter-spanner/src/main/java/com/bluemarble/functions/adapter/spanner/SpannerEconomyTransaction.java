package com.bluemarble.functions.adapter.spanner;

import com.bluemarble.functions.core.economy.EconomyTransaction;
import com.bluemarble.functions.core.economy.GrantRequest;
import com.bluemarble.functions.core.economy.LedgerEntry;
import com.bluemarble.functions.core.economy.Listing;
import com.bluemarble.functions.core.economy.OutcomeStatus;
import com.bluemarble.functions.core.economy.RecordedOutcome;
import com.bluemarble.functions.core.economy.TradeRequest;
import com.bluemarble.functions.core.player.PlayerId;
import com.google.cloud.spanner.Key;
import com.google.cloud.spanner.KeySet;
import com.google.cloud.spanner.Mutation;
import com.google.cloud.spanner.ResultSet;
import com.google.cloud.spanner.Statement;
import com.google.cloud.spanner.Struct;
import com.google.cloud.spanner.TransactionContext;
import com.google.cloud.spanner.Value;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/** The core's transaction port on a Spanner read-write transaction: key reads and buffered mutations. */
final class SpannerEconomyTransaction implements EconomyTransaction {

    private final TransactionContext tx;

    SpannerEconomyTransaction(TransactionContext tx) {
        this.tx = tx;
    }

    /**
     * One query over the three idempotency tables: keys of every operation share one namespace, so a
     * grant id reused as a trade id is found (and refused as reused) instead of colliding in the ledger.
     */
    @Override
    public Optional<RecordedOutcome> findOutcome(UUID key) {
        Statement query =
                Statement.newBuilder("""
                        SELECT Fingerprint, Status, ErrorCode, Message, CommittedAt, CAST(NULL AS STRING) AS Details
                          FROM Grants WHERE GrantId = @key
                        UNION ALL SELECT Fingerprint, Status, ErrorCode, Message, CommittedAt, NULL
                          FROM Trades WHERE TradeId = @key
                        UNION ALL SELECT Fingerprint, Status, ErrorCode, Message, CommittedAt, Details
                          FROM Operations WHERE OperationId = @key""").bind("key").to(key.toString()).build();
        try (ResultSet rows = tx.executeQuery(query, SpannerTags.request("findOutcome"))) {
            return rows.next() ? Optional.of(outcome(rows.getCurrentRowAsStruct())) : Optional.empty();
        }
    }

    private static RecordedOutcome outcome(Struct row) {
        return new RecordedOutcome(
                row.getString("Fingerprint"),
                OutcomeStatus.valueOf(row.getString("Status")),
                row.isNull("ErrorCode") ? null : row.getString("ErrorCode"),
                row.isNull("Message") ? null : row.getString("Message"),
                Timestamps.toInstant(row.getTimestamp("CommittedAt")),
                row.isNull("Details") ? new TreeMap<>() : Details.parse(row.getString("Details")));
    }

    @Override
    public boolean playerExists(PlayerId playerId) {
        return tx.readRow("Players", Key.of(playerId.value()), List.of("PlayerId")) != null;
    }

    /** The freeze mark (V4 ErasedPlayers), read in this transaction: a write either commits before it or sees it. */
    @Override
    public boolean isErased(PlayerId playerId) {
        return tx.readRow("ErasedPlayers", Key.of(playerId.value()), List.of("PlayerId")) != null;
    }

    @Override
    public void deleteCurrencyBalance(PlayerId playerId, String currency) {
        tx.buffer(Mutation.delete("CurrencyBalances", Key.of(playerId.value(), currency)));
    }

    @Override
    public void deleteItemStack(PlayerId playerId, String sku) {
        tx.buffer(Mutation.delete("ItemStacks", Key.of(playerId.value(), sku)));
    }

    @Override
    public Map<String, Long> currencyBalances(PlayerId playerId, Set<String> currencies) {
        return amounts("CurrencyBalances", "Currency", "Amount", playerId, currencies);
    }

    @Override
    public Map<String, Long> itemStacks(PlayerId playerId, Set<String> skus) {
        return amounts("ItemStacks", "Sku", "Quantity", playerId, skus);
    }

    private Map<String, Long> amounts(
            String table, String nameColumn, String amountColumn, PlayerId playerId, Set<String> names) {
        KeySet.Builder keys = KeySet.newBuilder();
        names.forEach(name -> keys.addKey(Key.of(playerId.value(), name)));
        Map<String, Long> amounts = new HashMap<>();
        try (ResultSet rows =
                tx.read(table, keys.build(), List.of(nameColumn, amountColumn), SpannerTags.request("read." + table))) {
            while (rows.next()) {
                amounts.put(rows.getString(nameColumn), rows.getLong(amountColumn));
            }
        }
        return amounts;
    }

    @Override
    public List<String> itemInstances(PlayerId playerId, String sku) {
        List<String> ids = new ArrayList<>();
        try (ResultSet rows = tx.read(
                "ItemInstances",
                KeySet.prefixRange(Key.of(playerId.value(), sku)),
                List.of("InstanceId"),
                SpannerTags.request("read.ItemInstances"))) {
            while (rows.next()) {
                ids.add(rows.getString(0)); // key order: ascending instance id
            }
        }
        return ids;
    }

    @Override
    public void insertPlayer(PlayerId playerId) {
        tx.buffer(Mutation.newInsertBuilder("Players")
                .set("PlayerId")
                .to(playerId.value())
                .set("CreatedAt")
                .to(Value.COMMIT_TIMESTAMP)
                .build());
    }

    @Override
    public void putCurrencyBalance(PlayerId playerId, String currency, long amount) {
        upsertPlayerCount("CurrencyBalances", "Currency", "Amount", playerId, currency, amount);
    }

    @Override
    public void putItemStack(PlayerId playerId, String sku, long quantity) {
        upsertPlayerCount("ItemStacks", "Sku", "Quantity", playerId, sku, quantity);
    }

    @Override
    public void insertItemInstance(PlayerId owner, String sku, String instanceId) {
        tx.buffer(Mutation.newInsertBuilder("ItemInstances")
                .set("PlayerId")
                .to(owner.value())
                .set("Sku")
                .to(sku)
                .set("InstanceId")
                .to(instanceId)
                .build());
    }

    @Override
    public void moveItemInstance(PlayerId from, PlayerId to, String sku, String instanceId) {
        tx.buffer(Mutation.delete("ItemInstances", Key.of(from.value(), sku, instanceId)));
        insertItemInstance(to, sku, instanceId);
    }

    @Override
    public void appendLedger(LedgerEntry entry) {
        tx.buffer(Mutation.newInsertBuilder("LedgerEntries")
                .set("PlayerId")
                .to(entry.playerId().value())
                .set("TransactionId")
                .to(entry.entryId())
                .set("Asset")
                .to(entry.asset().key())
                .set("Source")
                .to(entry.source().name())
                .set("Delta")
                .to(entry.delta())
                .set("CommittedAt")
                .to(Value.COMMIT_TIMESTAMP)
                .build());
    }

    @Override
    public Optional<InstanceOwner> instanceOwner(String instanceId) {
        Struct row = tx.readRowUsingIndex(
                "ItemInstances", "ItemInstancesByInstanceId", Key.of(instanceId), List.of("PlayerId", "Sku"));
        return row == null
                ? Optional.empty()
                : Optional.of(new InstanceOwner(PlayerId.of(row.getString("PlayerId")), row.getString("Sku")));
    }

    @Override
    public void deleteItemInstance(PlayerId owner, String sku, String instanceId) {
        tx.buffer(Mutation.delete("ItemInstances", Key.of(owner.value(), sku, instanceId)));
    }

    @Override
    public void recordOperation(OperationRecord record) {
        tx.buffer(outcomeRow(
                        "Operations",
                        "OperationId",
                        record.key(),
                        record.canonicalRequest(),
                        record.fingerprint(),
                        record.status(),
                        record.errorCode(),
                        record.message())
                .set("Kind")
                .to(record.kind())
                .set("PlayerId")
                .to(record.playerId().value())
                .set("Details")
                .to(Details.format(record.details()))
                .build());
    }

    @Override
    public long offerPurchases(PlayerId playerId, String offerId) {
        Struct row = tx.readRow("OfferPurchases", Key.of(playerId.value(), offerId), List.of("Quantity"));
        return row == null ? 0 : row.getLong(0);
    }

    @Override
    public void putOfferPurchases(PlayerId playerId, String offerId, long count) {
        upsertPlayerCount("OfferPurchases", "OfferId", "Quantity", playerId, offerId, count);
    }

    @Override
    public Optional<Listing> findListing(UUID listingId) {
        Struct row = tx.readRow("Listings", Key.of(listingId.toString()), ListingRows.COLUMNS);
        return row == null ? Optional.empty() : Optional.of(ListingRows.listing(row));
    }

    @Override
    public long openListings(PlayerId sellerId) {
        try (ResultSet rows = tx.executeQuery(Statement.newBuilder(
                        "SELECT COUNT(*) FROM Listings@{FORCE_INDEX=OpenListingsBySeller, spanner_emulator.disable_query_null_filtered_index_check=true} WHERE OpenSeller = @seller")
                .bind("seller")
                .to(sellerId.value())
                .build())) {
            rows.next();
            return rows.getLong(0);
        }
    }

    @Override
    public List<UUID> openListingIds(PlayerId sellerId, int limit) {
        List<UUID> ids = new ArrayList<>();
        try (ResultSet rows = tx.executeQuery(
                Statement.newBuilder(
                                "SELECT ListingId FROM Listings@{FORCE_INDEX=OpenListingsBySeller, spanner_emulator.disable_query_null_filtered_index_check=true} WHERE OpenSeller = @seller ORDER BY ListingId LIMIT @limit")
                        .bind("seller")
                        .to(sellerId.value())
                        .bind("limit")
                        .to((long) limit)
                        .build(),
                SpannerTags.request("openListingIds"))) {
            while (rows.next()) {
                ids.add(UUID.fromString(rows.getString(0)));
            }
        }
        return ids;
    }

    @Override
    public void insertListing(Listing listing) {
        tx.buffer(ListingRows.write(Mutation.newInsertBuilder("Listings"), listing)
                .set("CreatedAt")
                .to(Value.COMMIT_TIMESTAMP)
                .build());
    }

    @Override
    public void updateListing(Listing listing) {
        tx.buffer(ListingRows.write(Mutation.newUpdateBuilder("Listings"), listing)
                .set("ClosedAt")
                .to(listing.status() == Listing.Status.OPEN ? null : Value.COMMIT_TIMESTAMP)
                .build());
    }

    @Override
    public void recordTrade(
            TradeRequest request, String fingerprint, OutcomeStatus status, String errorCode, String message) {
        tx.buffer(outcomeRow(
                        "Trades",
                        "TradeId",
                        request.tradeId(),
                        request.canonical(),
                        fingerprint,
                        status,
                        errorCode,
                        message)
                .set("PlayerA")
                .to(request.a().playerId().value())
                .set("PlayerB")
                .to(request.b().playerId().value())
                .build());
    }

    @Override
    public void recordGrant(
            GrantRequest request, String fingerprint, OutcomeStatus status, String errorCode, String message) {
        tx.buffer(outcomeRow(
                        "Grants",
                        "GrantId",
                        request.grantId(),
                        request.canonical(),
                        fingerprint,
                        status,
                        errorCode,
                        message)
                .set("PlayerId")
                .to(request.playerId().value())
                .build());
    }

    /** The columns every idempotency record has: key, request, fingerprint, answer, commit time. */
    private static Mutation.WriteBuilder outcomeRow(
            String table,
            String keyColumn,
            UUID id,
            String canonicalRequest,
            String fingerprint,
            OutcomeStatus status,
            String errorCode,
            String message) {
        return Mutation.newInsertBuilder(table)
                .set(keyColumn)
                .to(id.toString())
                .set("Fingerprint")
                .to(fingerprint)
                .set("Request")
                .to(canonicalRequest)
                .set("Status")
                .to(status.name())
                .set("ErrorCode")
                .to(errorCode)
                .set("Message")
                .to(message)
                .set("CommittedAt")
                .to(Value.COMMIT_TIMESTAMP);
    }

    /** Upserts one row keyed by (PlayerId, name) holding a count: a balance, a stack, an offer's purchases. */
    private void upsertPlayerCount(
            String table, String nameColumn, String countColumn, PlayerId playerId, String name, long count) {
        tx.buffer(Mutation.newInsertOrUpdateBuilder(table)
                .set("PlayerId")
                .to(playerId.value())
                .set(nameColumn)
                .to(name)
                .set(countColumn)
                .to(count)
                .build());
    }
}
