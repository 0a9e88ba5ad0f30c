package com.bluemarble.functions.core.economy;

import com.bluemarble.functions.core.player.PlayerId;
import java.util.UUID;

/**
 * One row of the append-only ledger: a player's net change of one asset in one operation, from one
 * source. The sum of a player's entries for an asset equals the player's balance of it.
 *
 * @param entryId the operation's idempotency key ({@link #ref()}), suffixed {@code /fee},
 *                {@code /cancel} or {@code /expiry} for an operation's secondary source, so the
 *                rows of one operation never share a key
 */
public record LedgerEntry(PlayerId playerId, String entryId, AssetRef asset, Source source, long delta) {

    public LedgerEntry(PlayerId playerId, UUID transactionId, AssetRef asset, Source source, long delta) {
        this(playerId, transactionId.toString(), asset, source, delta);
    }

    /**
     * Where a movement comes from. Mints and burns change what exists; the others move what exists
     * between players (TRADE, SALE currency) or between a seller and a listing's escrow.
     */
    public enum Source {
        /** Minted by an operator. */
        GRANT,
        /** Swapped between two players: sums to zero. */
        TRADE,
        /** A shop purchase: the price burned, the grants minted. */
        PURCHASE,
        /** Used up by a player: burned. */
        CONSUME,
        /** A recipe: inputs burned, outputs minted. */
        CRAFT,
        /** Items moved from the seller into a listing's escrow. */
        LISTING,
        /** A listing bought: the price from buyer to seller, the escrowed items to the buyer. */
        SALE,
        /** The market fee, taken from the seller's proceeds: burned. */
        FEE,
        /** A cancelled listing's items back to its seller. */
        CANCEL,
        /** An expired listing's items back to its seller. */
        EXPIRY,
        /**
         * An erased player's holdings (and the escrow of their listings) destroyed by the erasure
         * (docs/data-rights.md): burned. Appended last: the enum's order is not stored anywhere.
         */
        ERASURE;

        /** Positive deltas of these sources create value. */
        public boolean mints() {
            return this == GRANT || this == PURCHASE || this == CRAFT;
        }

        /** Negative deltas of these sources destroy value. */
        public boolean burns() {
            return this == PURCHASE || this == CONSUME || this == CRAFT || this == FEE || this == ERASURE;
        }

        /** Movements between sellers, listings' escrow and buyers. */
        public boolean isMarket() {
            return this == LISTING || this == SALE || this == CANCEL || this == EXPIRY;
        }
    }

    /** The idempotency key (or listing id) of the operation that wrote this row. */
    public String ref() {
        int slash = entryId.indexOf('/');
        return slash < 0 ? entryId : entryId.substring(0, slash);
    }
}
