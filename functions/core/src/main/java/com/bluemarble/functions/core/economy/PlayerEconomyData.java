package com.bluemarble.functions.core.economy;

import java.time.Instant;
import java.util.List;
import java.util.SortedMap;

/**
 * What the economy keeps about one player, read at one timestamp: what they hold, every ledger row
 * of theirs (oldest first), every listing they created (open or closed; the buyer of a sold one
 * is another player's data and is left out by the export), and the units of each shop offer they
 * bought.
 */
public record PlayerEconomyData(
        Instant readTimestamp,
        Holdings holdings,
        List<MarketPages.HistoryEntry> ledger,
        List<Listing> listings,
        SortedMap<String, Long> offerPurchases) {
    public PlayerEconomyData {
        ledger = List.copyOf(ledger);
        listings = List.copyOf(listings);
    }
}
