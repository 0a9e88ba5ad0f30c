package com.bluemarble.functions.core.economy;

import static org.assertj.core.api.Assertions.assertThat;

import com.bluemarble.functions.core.player.PlayerId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/** Whatever the sequence of trades and replays, nothing is created or destroyed. */
class ConservationProperties {

    private static final List<String> PLAYERS = List.of("p0", "p1", "p2", "p3");
    private static final List<String> CURRENCIES = List.of("gold", "gems");
    private static final List<String> SKUS = List.of("potion", "relic"); // relic is unique

    record Move(int a, int b, String currency, long amount, String sku, long count, boolean replay) {}

    @Provide
    Arbitrary<Move> moves() {
        return Combinators.combine(
                        Arbitraries.integers().between(0, 3),
                        Arbitraries.integers().between(0, 3),
                        Arbitraries.of(CURRENCIES),
                        Arbitraries.longs().between(1, 400),
                        Arbitraries.of(SKUS),
                        Arbitraries.longs().between(1, 3),
                        Arbitraries.of(true, false, false, false))
                .as(Move::new)
                .filter(m -> m.a() != m.b());
    }

    @Property(tries = 60)
    void tradesConserveEveryAssetAndReplaysAreStable(@ForAll @Size(min = 1, max = 40) List<@From("moves") Move> moves) {
        EconomyLimits limits = EconomyLimits.defaults(Set.of("relic"));
        EconomyService economy = new EconomyService(new InMemoryEconomyStore(), limits);
        for (String player : PLAYERS) {
            economy.grant(GrantRequest.of(
                    UUID.randomUUID().toString(),
                    player,
                    Bundle.of(Map.of("gold", 500L, "gems", 50L), Map.of("potion", 5L, "relic", 2L), "grant"),
                    limits));
        }
        List<TradeRequest> done = new ArrayList<>();
        Map<UUID, EconomyAnswer> answers = new HashMap<>();
        for (Move move : moves) {
            TradeRequest request = move.replay() && !done.isEmpty()
                    ? done.get((int) (move.amount() % done.size()))
                    : TradeRequest.of(
                            UUID.randomUUID().toString(),
                            new TradeSide(
                                    PlayerId.of(PLAYERS.get(move.a())),
                                    Bundle.of(Map.of(move.currency(), move.amount()), null, "a")),
                            new TradeSide(
                                    PlayerId.of(PLAYERS.get(move.b())),
                                    Bundle.of(null, Map.of(move.sku(), move.count()), "b")),
                            limits);
            EconomyAnswer answer = economy.trade(request);
            EconomyAnswer first = answers.putIfAbsent(request.tradeId(), answer);
            if (first != null) {
                assertThat(answer).isEqualTo(first);
            }
            done.add(request);
        }
        AuditReport audit = economy.audit();
        assertThat(audit.ok()).as(audit.problems().toString()).isTrue();
        assertThat(audit.currency().get("gold").held()).isEqualTo(4 * 500L);
        assertThat(audit.items().get("relic").held()).isEqualTo(4 * 2L);
    }
}
