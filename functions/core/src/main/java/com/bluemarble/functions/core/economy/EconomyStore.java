package com.bluemarble.functions.core.economy;

import com.bluemarble.functions.core.player.PlayerId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/** The store that keeps currencies, items, listings and the ledger (Cloud Spanner in production). */
public interface EconomyStore {

    /**
     * Runs {@code body} in one serializable read-write transaction and commits it.
     * The store may run the body more than once (aborts are retried), so the body must do
     * nothing but read and buffer writes through the transaction it is given.
     */
    <T> Committed<T> readWrite(Function<EconomyTransaction, T> body);

    Optional<Holdings> holdings(PlayerId playerId, ReadFreshness freshness);

    /** Every total the audit needs, all read at one timestamp. */
    AuditSnapshot auditSnapshot();

    /** Open, unexpired listings of a SKU, cheapest first (an index on SKU and price, not a scan). */
    MarketPages.ListingPage searchListings(MarketPages.ListingQuery query, ReadFreshness freshness);

    /** A player's ledger, newest first (an index on player and time, not a scan). */
    MarketPages.HistoryPage history(PlayerId playerId, int limit, MarketPages.HistoryCursor after);

    /** Up to {@code limit} open listings whose expiry is at or before {@code now}, oldest expiry first. */
    List<UUID> expiredListings(Instant now, int limit);

    /**
     * Everything the economy keeps about one player, read at one timestamp (a data export,
     * docs/data-rights.md): empty if the player was never granted anything.
     */
    Optional<PlayerEconomyData> playerData(PlayerId playerId);

    record Committed<T>(T value, Instant commitTimestamp) {}
}
