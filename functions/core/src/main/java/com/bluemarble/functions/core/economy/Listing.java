package com.bluemarble.functions.core.economy;

import com.bluemarble.functions.core.player.PlayerId;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A sell order on the trading post: {@code quantity} of one SKU held in escrow by the listing (not
 * by any player) until it is sold, cancelled or expired. Unique SKUs escrow their instance ids.
 */
public record Listing(
        UUID listingId,
        PlayerId sellerId,
        String sku,
        long quantity,
        List<String> instanceIds,
        String currency,
        long price,
        Status status,
        Instant expiresAt,
        PlayerId buyerId,
        UUID purchaseId) {

    public enum Status {
        OPEN,
        SOLD,
        CANCELLED,
        EXPIRED
    }

    public Listing {
        instanceIds = List.copyOf(instanceIds);
    }

    public boolean isOpenAt(Instant now) {
        return status == Status.OPEN && now.isBefore(expiresAt);
    }

    public Listing closed(Status status, PlayerId buyerId, UUID purchaseId) {
        return new Listing(
                listingId,
                sellerId,
                sku,
                quantity,
                instanceIds,
                currency,
                price,
                status,
                expiresAt,
                buyerId,
                purchaseId);
    }
}
