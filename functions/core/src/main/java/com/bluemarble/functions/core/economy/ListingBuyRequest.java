package com.bluemarble.functions.core.economy;

import com.bluemarble.functions.core.player.PlayerId;
import java.util.UUID;

/** Buys a listing: the price from the buyer, the fee burned, the rest to the seller, the escrow to the buyer. */
public record ListingBuyRequest(UUID purchaseId, UUID listingId, PlayerId buyerId) {

    public static ListingBuyRequest of(String purchaseId, String listingId, String buyerId) {
        UUID id = Requests.idempotencyKey("purchaseId", purchaseId);
        UUID listing = Requests.idempotencyKey("listingId", listingId);
        return new ListingBuyRequest(id, listing, Requests.playerId("buyerId", buyerId));
    }

    public String canonical() {
        return "listingBuy:v1|" + purchaseId + "|" + listingId + "|" + buyerId;
    }
}
