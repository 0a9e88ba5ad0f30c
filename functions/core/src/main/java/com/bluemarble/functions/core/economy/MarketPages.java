package com.bluemarble.functions.core.economy;

import com.bluemarble.functions.core.player.PlayerId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Pages of listings and of a player's ledger, with the cursor where the next page starts. */
public final class MarketPages {
    private MarketPages() {}

    /** Open listings of one SKU, cheapest first; {@code after} continues a previous page. */
    public record ListingQuery(String sku, Long maxPrice, int limit, ListingCursor after, Instant now) {}

    /** The last listing of a page: the next page starts after (price, listingId). */
    public record ListingCursor(long price, UUID listingId) {}

    public record ListingPage(List<Listing> listings, Optional<ListingCursor> next) {}

    /** One ledger row as a player's history shows it. */
    public record HistoryEntry(
            Instant at, LedgerEntry.Source source, String ref, AssetRef asset, long delta, String entryId) {}

    /** The last entry of a page: newest first, then entry id and asset ascending. */
    public record HistoryCursor(Instant at, String entryId, String asset) {}

    public record HistoryPage(PlayerId playerId, List<HistoryEntry> entries, Optional<HistoryCursor> next) {}
}
