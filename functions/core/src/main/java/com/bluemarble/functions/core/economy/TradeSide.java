package com.bluemarble.functions.core.economy;

import com.bluemarble.functions.core.error.DomainException;
import com.bluemarble.functions.core.error.ErrorCode;
import com.bluemarble.functions.core.player.PlayerId;

/** One party of a trade and what it gives to the other. */
public record TradeSide(PlayerId playerId, Bundle gives) {
    public TradeSide {
        if (playerId == null) {
            throw new DomainException(ErrorCode.MISSING_FIELD, "playerId is required on both sides");
        }
        if (gives == null) {
            gives = Bundle.EMPTY;
        }
    }
}
