package com.bluemarble.functions.core.economy;

import com.bluemarble.functions.core.player.PlayerId;
import java.util.UUID;

/**
 * One row of the append-only ledger: a player's net change of one asset in one grant or trade.
 * The sum of a player's entries for an asset equals the player's balance of it; the sum of all
 * GRANT entries is what was minted; TRADE entries of every asset sum to zero.
 */
public record LedgerEntry(PlayerId playerId, UUID transactionId, AssetRef asset, Source source, long delta) {
    public enum Source {
        GRANT,
        TRADE
    }
}
