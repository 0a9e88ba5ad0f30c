package com.bluemarble.client;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Requests and answers of the economy functions (Cloud Spanner): grant, trade, playerEconomy, economyAudit. */
public final class Economy {
    private Economy() {}

    /** Currency and items by name; either may be empty. */
    public record Assets(Map<String, Long> currency, Map<String, Long> items) {
        public static Assets none() {
            return new Assets(null, null);
        }

        public static Assets currency(String name, long amount) {
            return new Assets(Map.of(name, amount), null);
        }

        public static Assets items(String sku, long count) {
            return new Assets(null, Map.of(sku, count));
        }
    }

    /** A grant: {@code grantId} is its idempotency key (the client makes one when it is null). */
    public record Grant(String grantId, String playerId, Map<String, Long> currency, Map<String, Long> items) {
        public static Grant of(String playerId, Assets assets) {
            return new Grant(null, playerId, assets.currency(), assets.items());
        }

        Grant withKey() {
            return grantId != null ? this : new Grant(UUID.randomUUID().toString(), playerId, currency, items);
        }
    }

    public record Side(String playerId, Assets gives) {}

    /** A trade: {@code tradeId} is its idempotency key (the client makes one when it is null). */
    public record Trade(String tradeId, Side a, Side b) {
        public static Trade of(String playerA, Assets aGives, String playerB, Assets bGives) {
            return new Trade(null, new Side(playerA, aGives), new Side(playerB, bGives));
        }

        Trade withKey() {
            return tradeId != null ? this : new Trade(UUID.randomUUID().toString(), a, b);
        }
    }

    public record GrantAnswer(String grantId, String playerId, String status, String commitTimestamp) {}

    public record TradeAnswer(String tradeId, String status, String commitTimestamp) {}

    public record PlayerEconomyRequest(String playerId, Integer maxStalenessSeconds) {}

    public record PlayerEconomy(
            String playerId,
            Map<String, Long> currency,
            Map<String, Long> items,
            Map<String, List<String>> instances) {}

    public record Totals(long minted, long held) {}

    public record Audit(
            boolean ok,
            long players,
            Map<String, Totals> currency,
            Map<String, Totals> items,
            String readTimestamp,
            List<String> problems) {}
}
