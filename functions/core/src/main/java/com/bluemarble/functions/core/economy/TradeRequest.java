package com.bluemarble.functions.core.economy;

import com.bluemarble.functions.core.error.DomainException;
import com.bluemarble.functions.core.error.ErrorCode;
import java.util.UUID;

/** Two players swap what each side gives, atomically. Idempotent on {@code tradeId}. */
public record TradeRequest(UUID tradeId, TradeSide a, TradeSide b) {

    public TradeRequest {
        if (a == null || b == null) {
            throw new DomainException(ErrorCode.MISSING_FIELD, "a trade needs both sides, a and b");
        }
        if (a.playerId().equals(b.playerId())) {
            throw new DomainException(ErrorCode.SELF_TRADE, "a player cannot trade with itself (" + a.playerId() + ")");
        }
        if (a.gives().isEmpty() && b.gives().isEmpty()) {
            throw new DomainException(ErrorCode.EMPTY_TRADE, "neither side gives anything");
        }
    }

    public static TradeRequest of(String tradeId, TradeSide a, TradeSide b, EconomyLimits limits) {
        UUID id = Requests.idempotencyKey("tradeId", tradeId);
        TradeRequest request = new TradeRequest(id, a, b);
        Requests.checkSize(a.gives(), "side a", limits);
        Requests.checkSize(b.gives(), "side b", limits);
        Requests.checkUniqueInstances(
                Requests.saturatedAdd(
                        Requests.uniqueInstances(a.gives(), limits), Requests.uniqueInstances(b.gives(), limits)),
                limits);
        return request;
    }

    public String canonical() {
        return "trade:v1|" + tradeId + "|" + a.playerId() + "|" + a.gives().canonical() + "|" + b.playerId() + "|"
                + b.gives().canonical();
    }
}
