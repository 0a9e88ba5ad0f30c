package com.bluemarble.functions.adapter.spanner;

import com.bluemarble.functions.core.economy.Listing;
import com.bluemarble.functions.core.player.PlayerId;
import com.google.cloud.Timestamp;
import com.google.cloud.spanner.Mutation;
import com.google.cloud.spanner.Struct;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/** A {@link Listing} as a row of the Listings table. */
final class ListingRows {

    static final List<String> COLUMNS = List.of(
            "ListingId",
            "SellerId",
            "Sku",
            "Quantity",
            "InstanceIds",
            "Currency",
            "Price",
            "Status",
            "ExpiresAt",
            "BuyerId",
            "PurchaseId");

    /** Shards of the expiry index (see V2__economy_v2.sql). */
    static final int EXPIRY_SHARDS = 16;

    private ListingRows() {}

    static Listing listing(Struct row) {
        String ids = row.getString("InstanceIds");
        return new Listing(
                UUID.fromString(row.getString("ListingId")),
                PlayerId.of(row.getString("SellerId")),
                row.getString("Sku"),
                row.getLong("Quantity"),
                ids.isEmpty() ? List.of() : Arrays.asList(ids.split(",")),
                row.getString("Currency"),
                row.getLong("Price"),
                Listing.Status.valueOf(row.getString("Status")),
                Timestamps.toInstant(row.getTimestamp("ExpiresAt")),
                row.isNull("BuyerId") ? null : PlayerId.of(row.getString("BuyerId")),
                row.isNull("PurchaseId") ? null : UUID.fromString(row.getString("PurchaseId")));
    }

    static Mutation.WriteBuilder write(Mutation.WriteBuilder row, Listing listing) {
        boolean open = listing.status() == Listing.Status.OPEN;
        return row.set("ListingId")
                .to(listing.listingId().toString())
                .set("SellerId")
                .to(listing.sellerId().value())
                .set("Sku")
                .to(listing.sku())
                .set("Quantity")
                .to(listing.quantity())
                .set("InstanceIds")
                .to(String.join(",", listing.instanceIds()))
                .set("Currency")
                .to(listing.currency())
                .set("Price")
                .to(listing.price())
                .set("Status")
                .to(listing.status().name())
                .set("ExpiresAt")
                .to(timestamp(listing.expiresAt()))
                .set("BuyerId")
                .to(listing.buyerId() == null ? null : listing.buyerId().value())
                .set("PurchaseId")
                .to(listing.purchaseId() == null ? null : listing.purchaseId().toString())
                .set("OpenSku")
                .to(open ? listing.sku() : null)
                .set("OpenSeller")
                .to(open ? listing.sellerId().value() : null)
                .set("OpenUntil")
                .to(open ? timestamp(listing.expiresAt()) : null)
                .set("ExpiryShard")
                .to(shard(listing.listingId()));
    }

    static long shard(UUID listingId) {
        return Math.floorMod(listingId.hashCode(), EXPIRY_SHARDS);
    }

    static Timestamp timestamp(Instant instant) {
        return Timestamp.ofTimeSecondsAndNanos(instant.getEpochSecond(), instant.getNano());
    }
}
