package com.bluemarble.functions.core.economy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.bluemarble.functions.core.error.DomainException;
import com.bluemarble.functions.core.error.ErrorKind;
import com.bluemarble.functions.core.player.PlayerId;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EconomyServiceTest {

    private final InMemoryEconomyStore store = new InMemoryEconomyStore();
    private final EconomyLimits limits = EconomyLimits.defaults(Set.of("excalibur"));
    private final EconomyService economy = new EconomyService(store, limits);

    private EconomyAnswer grant(String player, Map<String, Long> currency, Map<String, Long> items) {
        return economy.grant(
                GrantRequest.of(UUID.randomUUID().toString(), player, Bundle.of(currency, items, "grant"), limits));
    }

    private TradeRequest trade(
            String id,
            String a,
            Map<String, Long> aGivesCurrency,
            Map<String, Long> aGivesItems,
            String b,
            Map<String, Long> bGivesCurrency,
            Map<String, Long> bGivesItems) {
        return TradeRequest.of(
                id,
                new TradeSide(PlayerId.of(a), Bundle.of(aGivesCurrency, aGivesItems, "a.gives")),
                new TradeSide(PlayerId.of(b), Bundle.of(bGivesCurrency, bGivesItems, "b.gives")),
                limits);
    }

    @Test
    void tradeSwapsBothSidesAndKeepsTheAuditBalanced() {
        grant("alice", Map.of("gold", 100L), Map.of("sword", 2L));
        grant("bob", Map.of("gold", 50L), Map.of());
        EconomyAnswer answer = economy.trade(trade(
                UUID.randomUUID().toString(), "alice", null, Map.of("sword", 1L), "bob", Map.of("gold", 30L), null));

        assertThat(answer.status()).isEqualTo(OutcomeStatus.COMMITTED);
        assertThat(economy.holdings(PlayerId.of("alice"), ReadFreshness.STRONG).currency())
                .containsEntry("gold", 130L);
        assertThat(economy.holdings(PlayerId.of("alice"), ReadFreshness.STRONG).items())
                .containsEntry("sword", 1L);
        assertThat(economy.holdings(PlayerId.of("bob"), ReadFreshness.STRONG).currency())
                .containsEntry("gold", 20L);
        assertThat(economy.holdings(PlayerId.of("bob"), ReadFreshness.STRONG).items())
                .containsEntry("sword", 1L);
        AuditReport audit = economy.audit();
        assertThat(audit.ok()).as(audit.problems().toString()).isTrue();
        assertThat(audit.currency().get("gold")).isEqualTo(new AuditReport.Totals(150, 150));
    }

    @Test
    void insufficientFundsIsARecordedRejectionThatReplaysIdentically() {
        grant("alice", Map.of("gold", 10L), Map.of());
        grant("bob", Map.of("gold", 10L), Map.of());
        String id = UUID.randomUUID().toString();
        EconomyAnswer first = economy.trade(trade(id, "alice", Map.of("gold", 11L), null, "bob", null, null));
        // bob now could pay, but the recorded answer stands
        grant("alice", Map.of("gold", 100L), Map.of());
        EconomyAnswer replay = economy.trade(trade(id, "alice", Map.of("gold", 11L), null, "bob", null, null));

        assertThat(first.status()).isEqualTo(OutcomeStatus.REJECTED);
        assertThat(first.errorCode()).isEqualTo("INSUFFICIENT_FUNDS");
        assertThat(replay).isEqualTo(first);
        assertThat(economy.holdings(PlayerId.of("alice"), ReadFreshness.STRONG).currency())
                .containsEntry("gold", 110L);
    }

    @Test
    void replayAppliesNothingAndAnotherBodyUnderTheSameKeyConflicts() {
        grant("alice", Map.of("gold", 100L), Map.of());
        grant("bob", Map.of(), Map.of("shield", 1L));
        String id = UUID.randomUUID().toString();
        EconomyAnswer first =
                economy.trade(trade(id, "alice", Map.of("gold", 5L), null, "bob", null, Map.of("shield", 1L)));
        EconomyAnswer replay =
                economy.trade(trade(id, "alice", Map.of("gold", 5L), null, "bob", null, Map.of("shield", 1L)));

        assertThat(replay).isEqualTo(first);
        assertThat(economy.holdings(PlayerId.of("alice"), ReadFreshness.STRONG).currency())
                .containsEntry("gold", 95L);
        assertThatThrownBy(() ->
                        economy.trade(trade(id, "alice", Map.of("gold", 6L), null, "bob", null, Map.of("shield", 1L))))
                .isInstanceOfSatisfying(DomainException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.CONFLICT);
                    assertThat(e.code()).isEqualTo("IDEMPOTENCY_KEY_REUSED");
                });
    }

    @Test
    void uniqueItemsMoveAsInstancesAndCannotBeDuplicated() {
        grant("alice", Map.of(), Map.of("excalibur", 2L));
        grant("bob", Map.of("gold", 1L), Map.of());
        var before = economy.holdings(PlayerId.of("alice"), ReadFreshness.STRONG)
                .instances()
                .get("excalibur");
        economy.trade(trade(
                UUID.randomUUID().toString(), "alice", null, Map.of("excalibur", 1L), "bob", Map.of("gold", 1L), null));

        var alice = economy.holdings(PlayerId.of("alice"), ReadFreshness.STRONG);
        var bob = economy.holdings(PlayerId.of("bob"), ReadFreshness.STRONG);
        assertThat(alice.instances().get("excalibur")).containsExactly(before.get(1));
        assertThat(bob.instances().get("excalibur")).containsExactly(before.get(0));
        EconomyAnswer tooMany = economy.trade(
                trade(UUID.randomUUID().toString(), "alice", null, Map.of("excalibur", 2L), "bob", null, null));
        assertThat(tooMany.errorCode()).isEqualTo("INSUFFICIENT_ITEMS");
        assertThat(economy.audit().ok()).isTrue();
    }

    @Test
    void unknownPlayerIsNotFoundAndChangesNothing() {
        grant("alice", Map.of("gold", 10L), Map.of());
        assertThatThrownBy(() -> economy.trade(
                        trade(UUID.randomUUID().toString(), "alice", Map.of("gold", 1L), null, "nobody", null, null)))
                .isInstanceOfSatisfying(
                        DomainException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.NOT_FOUND));
        assertThat(economy.holdings(PlayerId.of("alice"), ReadFreshness.STRONG).currency())
                .containsEntry("gold", 10L);
    }

    @Test
    void aGrantThatWouldOverflowIsRejected() {
        grant("alice", Map.of("gold", Long.MAX_VALUE), Map.of());
        EconomyAnswer answer = grant("alice", Map.of("gold", 1L), Map.of());
        assertThat(answer.status()).isEqualTo(OutcomeStatus.REJECTED);
        assertThat(answer.errorCode()).isEqualTo("BALANCE_OVERFLOW");
        assertThat(economy.audit().ok()).isTrue();
    }

    @Test
    void requestsAreValidatedBeforeAnyTransaction() {
        assertThatThrownBy(() ->
                        trade(UUID.randomUUID().toString(), "alice", Map.of("gold", 1L), null, "alice", null, null))
                .hasMessageContaining("itself");
        assertThatThrownBy(() -> trade(UUID.randomUUID().toString(), "alice", null, null, "bob", null, null))
                .isInstanceOfSatisfying(
                        DomainException.class, e -> assertThat(e.code()).isEqualTo("EMPTY_TRADE"));
        assertThatThrownBy(
                        () -> trade(UUID.randomUUID().toString(), "alice", Map.of("gold", 0L), null, "bob", null, null))
                .isInstanceOfSatisfying(
                        DomainException.class, e -> assertThat(e.code()).isEqualTo("AMOUNT_NOT_POSITIVE"));
        assertThatThrownBy(() -> trade("not-a-uuid", "alice", Map.of("gold", 1L), null, "bob", null, null))
                .isInstanceOfSatisfying(
                        DomainException.class, e -> assertThat(e.code()).isEqualTo("INVALID_ID"));
        Map<String, Long> tooMany = new java.util.HashMap<>();
        for (int i = 0; i <= EconomyLimits.DEFAULT_MAX_ASSETS_PER_SIDE; i++) {
            tooMany.put("coin" + i, 1L);
        }
        assertThatThrownBy(() -> trade(UUID.randomUUID().toString(), "alice", tooMany, null, "bob", null, null))
                .isInstanceOfSatisfying(
                        DomainException.class, e -> assertThat(e.code()).isEqualTo("TOO_MANY_ASSETS"));
        assertThat(store.bodyRuns()).isZero();
    }
}
