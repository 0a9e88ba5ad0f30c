package com.bluemarble.functions.core.economy;

import java.time.Instant;

/**
 * A shop offer of the game config: pay {@code price} (burned), receive {@code grants} (minted).
 *
 * @param maxPerPlayer purchases (in units of quantity) one player may make; 0 = unlimited
 * @param availableFrom first instant the offer sells, or null for always
 * @param availableUntil the instant it stops selling (exclusive), or null for never
 */
public record Offer(
        String id, Bundle price, Bundle grants, long maxPerPlayer, Instant availableFrom, Instant availableUntil) {

    public boolean isAvailableAt(Instant now) {
        return (availableFrom == null || !now.isBefore(availableFrom))
                && (availableUntil == null || now.isBefore(availableUntil));
    }
}
