package com.bluemarble.functions.core.economy;

import static org.assertj.core.api.Assertions.assertThat;

import com.bluemarble.functions.core.player.PlayerId;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Trades follow the rules in force when they run (the supplier is the hot-reloaded game config in production). */
class TradeRulesTest {

    private final InMemoryEconomyStore store = new InMemoryEconomyStore();
    private final AtomicReference<EconomyLimits> rules =
            new AtomicReference<>(new EconomyLimits(32, 100, Set.of("excalibur"), Set.of("soulbound-ring")));
    private final EconomyService economy = new EconomyService(store, rules::get);

    private TradeRequest trade(String id, String sku) {
        return TradeRequest.of(
                id,
                new TradeSide(PlayerId.of("ann"), Bundle.of(null, Map.of(sku, 1L), "a")),
                new TradeSide(PlayerId.of("bo"), Bundle.of(Map.of("gold", 5L), null, "b")),
                economy.limits());
    }

    @Test
    void anUntradableSkuIsARecordedRejectionThatStaysStableAfterTheRuleChanges() {
        economy.grant(GrantRequest.of(
                UUID.randomUUID().toString(),
                "ann",
                Bundle.of(null, Map.of("soulbound-ring", 1L, "potion", 2L), "g"),
                rules.get()));
        economy.grant(GrantRequest.of(
                UUID.randomUUID().toString(), "bo", Bundle.of(Map.of("gold", 50L), null, "g"), rules.get()));

        String id = UUID.randomUUID().toString();
        EconomyAnswer refused = economy.trade(trade(id, "soulbound-ring"));
        assertThat(refused.status()).isEqualTo(OutcomeStatus.REJECTED);
        assertThat(refused.errorCode()).isEqualTo("ITEM_NOT_TRADABLE");
        assertThat(economy.trade(trade(UUID.randomUUID().toString(), "potion")).status())
                .isEqualTo(OutcomeStatus.COMMITTED);

        rules.set(new EconomyLimits(32, 100, Set.of("excalibur"), Set.of()));
        // The same tradeId replays its recorded answer; a new trade follows the new rule.
        assertThat(economy.trade(trade(id, "soulbound-ring")).errorCode()).isEqualTo("ITEM_NOT_TRADABLE");
        assertThat(economy.trade(trade(UUID.randomUUID().toString(), "soulbound-ring"))
                        .status())
                .isEqualTo(OutcomeStatus.COMMITTED);
        assertThat(economy.audit().ok()).isTrue();
    }
}
