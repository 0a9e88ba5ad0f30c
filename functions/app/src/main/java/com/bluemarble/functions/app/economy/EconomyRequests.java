package com.bluemarble.functions.app.economy;

import com.bluemarble.functions.core.economy.Bundle;
import com.bluemarble.functions.core.economy.EconomyLimits;
import com.bluemarble.functions.core.economy.GrantRequest;
import com.bluemarble.functions.core.economy.TradeRequest;
import com.bluemarble.functions.core.economy.TradeSide;
import com.bluemarble.functions.core.error.DomainException;
import com.bluemarble.functions.core.error.ErrorCode;
import com.bluemarble.functions.core.player.PlayerId;
import java.util.Map;

/** The economy functions' JSON requests, exactly as the contract spells them. */
final class EconomyRequests {
    private EconomyRequests() {}

    record Grant(String grantId, String playerId, Map<String, Long> currency, Map<String, Long> items) {
        GrantRequest toDomain(EconomyLimits limits) {
            return GrantRequest.of(grantId, playerId, Bundle.of(currency, items, "grant"), limits);
        }
    }

    record Gives(Map<String, Long> currency, Map<String, Long> items) {}

    record Side(String playerId, Gives gives) {
        TradeSide toDomain(String name) {
            Bundle bundle = gives == null ? Bundle.EMPTY : Bundle.of(gives.currency(), gives.items(), name + ".gives");
            return new TradeSide(playerId == null ? null : PlayerId.of(playerId), bundle);
        }
    }

    record Trade(String tradeId, Side a, Side b) {
        TradeRequest toDomain(EconomyLimits limits) {
            if (a == null || b == null) {
                throw new DomainException(ErrorCode.MISSING_FIELD, "a trade needs both sides, a and b");
            }
            return TradeRequest.of(tradeId, a.toDomain("a"), b.toDomain("b"), limits);
        }
    }

    record PlayerEconomy(String playerId, Integer maxStalenessSeconds) {}

    record Audit() {}
}
