package com.bluemarble.functions.core.economy;

import com.bluemarble.functions.core.player.PlayerId;
import java.util.UUID;

/** Takes an open listing off the market; its escrow goes back to the seller. */
public record ListingCancelRequest(UUID listingId, PlayerId sellerId) {

    public static ListingCancelRequest of(String listingId, String sellerId) {
        UUID id = Requests.idempotencyKey("listingId", listingId);
        return new ListingCancelRequest(id, Requests.playerId("sellerId", sellerId));
    }
}
