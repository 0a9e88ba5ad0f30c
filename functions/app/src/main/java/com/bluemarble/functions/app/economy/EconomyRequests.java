package com.bluemarble.functions.app.economy;

import com.bluemarble.functions.core.economy.Bundle;
import com.bluemarble.functions.core.economy.ConsumeRequest;
import com.bluemarble.functions.core.economy.CraftRequest;
import com.bluemarble.functions.core.economy.EconomyLimits;
import com.bluemarble.functions.core.economy.GrantRequest;
import com.bluemarble.functions.core.economy.ListingBuyRequest;
import com.bluemarble.functions.core.economy.ListingCreateRequest;
import com.bluemarble.functions.core.economy.PurchaseRequest;
import com.bluemarble.functions.core.economy.TradeRequest;
import com.bluemarble.functions.core.economy.TradeSide;
import com.bluemarble.functions.core.error.DomainException;
import com.bluemarble.functions.core.error.ErrorCode;
import com.bluemarble.functions.core.player.PlayerId;
import java.util.List;
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

    record Purchase(String purchaseId, String playerId, String offerId, Integer quantity) {
        PurchaseRequest toDomain() {
            return PurchaseRequest.of(purchaseId, playerId, offerId, quantity);
        }
    }

    record Consume(
            String consumeId,
            String playerId,
            Map<String, Long> currency,
            Map<String, Long> items,
            List<String> instances,
            String reason) {
        ConsumeRequest toDomain(EconomyLimits limits) {
            return ConsumeRequest.of(
                    consumeId, playerId, Bundle.of(currency, items, "consume"), instances, reason, limits);
        }
    }

    record Craft(String craftId, String playerId, String recipeId, Integer times) {
        CraftRequest toDomain() {
            return CraftRequest.of(craftId, playerId, recipeId, times);
        }
    }

    record Price(String currency, Long amount) {}

    record ListingCreate(
            String listingId,
            String sellerId,
            Map<String, Long> items,
            List<String> instances,
            Price price,
            Long expiresInSeconds) {
        ListingCreateRequest toDomain(EconomyLimits limits) {
            if (price == null) {
                throw new DomainException(
                        ErrorCode.MISSING_FIELD, "price is required: {\"currency\": \"gold\", \"amount\": n}");
            }
            return ListingCreateRequest.of(
                    listingId,
                    sellerId,
                    items == null ? null : Bundle.of(null, items, "items"),
                    instances,
                    price.currency(),
                    price.amount(),
                    expiresInSeconds,
                    limits);
        }
    }

    record ListingBuy(String purchaseId, String listingId, String buyerId) {
        ListingBuyRequest toDomain() {
            return ListingBuyRequest.of(purchaseId, listingId, buyerId);
        }
    }

    record ListingCancel(String listingId, String sellerId) {}

    record ListingsSearch(String sku, Long maxPrice, Integer limit, String pageToken, Integer maxStalenessSeconds) {}

    record ListingsExpire() {}

    record PlayerHistory(String playerId, Integer limit, String pageToken) {}
}
