package com.bluemarble.functions.core.economy;

import static org.assertj.core.api.Assertions.assertThat;

import com.bluemarble.functions.core.error.DomainException;
import com.bluemarble.functions.core.player.PlayerId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * Whatever the sequence of grants, trades, purchases, consumes, crafts, listings, buys, cancels,
 * expiries, replays and erasures, the audit stays ok (minted - burned == held + escrowed, ledgers match
 * balances, trades and sales net to zero, escrow matches open listings) and no balance is negative.
 * An erased player holds nothing from their erasure on, whatever is tried on them afterwards.
 * The in-memory store runs every transaction body twice.
 */
class MarketConservationProperties {

    private static final List<String> PLAYERS = List.of("p0", "p1", "p2", "p3");
    private static final Set<String> UNIQUE = Set.of("relic");

    enum Kind {
        GRANT,
        TRADE,
        PURCHASE,
        CONSUME,
        CRAFT,
        LIST,
        BUY,
        CANCEL,
        EXPIRE,
        REPLAY,
        /** The player's erasure recorded (the freeze mark) and their economy erased. */
        ERASE
    }

    record Step(Kind kind, int a, int b, long amount, int choice) {}

    @Provide
    Arbitrary<Step> steps() {
        return Combinators.combine(
                        Arbitraries.of(Kind.class),
                        Arbitraries.integers().between(0, 3),
                        Arbitraries.integers().between(0, 3),
                        Arbitraries.longs().between(1, 60),
                        Arbitraries.integers().between(0, 1000))
                .as(Step::new);
    }

    /** A clock the property moves forward so listings expire. */
    private static final class SteppingClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneId getZone() {
            return ZoneId.of("UTC");
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private static EconomyRules rules() {
        EconomyLimits limits = EconomyLimits.defaults(UNIQUE);
        Map<String, Offer> offers = Map.of(
                "pack",
                new Offer(
                        "pack",
                        Bundle.of(Map.of("gold", 30L), null, "price"),
                        Bundle.of(null, Map.of("potion", 3L), "grants"),
                        4,
                        null,
                        null),
                "relic-box",
                new Offer(
                        "relic-box",
                        Bundle.of(Map.of("gems", 5L), Map.of("potion", 1L), "price"),
                        Bundle.of(Map.of("gold", 1L), Map.of("relic", 1L), "grants"),
                        0,
                        null,
                        null));
        Map<String, Recipe> recipes = Map.of(
                "sword",
                new Recipe(
                        "sword",
                        Bundle.of(Map.of("gold", 5L), Map.of("ore", 3L), "inputs"),
                        Bundle.of(null, Map.of("sword", 1L), "outputs")),
                "reforge",
                new Recipe(
                        "reforge",
                        Bundle.of(null, Map.of("relic", 1L), "inputs"),
                        Bundle.of(null, Map.of("relic", 2L, "ore", 1L), "outputs")));
        return new EconomyRules(limits, offers, recipes, new Market(700, Set.of("gold", "gems"), 3));
    }

    @Property(tries = 80)
    void everyOperationKeepsTheAuditOk(@ForAll @Size(min = 1, max = 60) List<@From("steps") Step> steps) {
        SteppingClock clock = new SteppingClock();
        EconomyRules rules = rules();
        InMemoryEconomyStore store = new InMemoryEconomyStore();
        EconomyService economy = new EconomyService(store, () -> rules, clock);
        Set<PlayerId> erased = new java.util.HashSet<>();
        EconomyLimits limits = rules.limits();
        for (String player : PLAYERS) {
            economy.grant(GrantRequest.of(
                    UUID.randomUUID().toString(),
                    player,
                    Bundle.of(Map.of("gold", 300L, "gems", 20L), Map.of("potion", 5L, "ore", 6L, "relic", 2L), "g"),
                    limits));
        }
        List<Supplier<Object>> done = new ArrayList<>(); // re-sendable requests, for replays
        List<UUID> listings = new ArrayList<>();
        Map<Integer, Object> firstAnswers = new HashMap<>();
        for (Step step : steps) {
            String a = PLAYERS.get(step.a());
            String b = PLAYERS.get(step.b());
            String key = UUID.randomUUID().toString();
            Supplier<Object> call = switch (step.kind()) {
                case GRANT -> {
                    GrantRequest request = GrantRequest.of(
                            key, a, Bundle.of(Map.of("gold", step.amount()), Map.of("relic", 1L), "g"), limits);
                    yield () -> economy.grant(request);
                }
                case TRADE -> {
                    if (step.a() == step.b()) {
                        yield null;
                    }
                    TradeRequest request = TradeRequest.of(
                            key,
                            new TradeSide(PlayerId.of(a), Bundle.of(Map.of("gold", step.amount()), null, "a")),
                            new TradeSide(
                                    PlayerId.of(b),
                                    Bundle.of(null, Map.of(step.choice() % 2 == 0 ? "potion" : "relic", 1L), "b")),
                            limits);
                    yield () -> economy.trade(request);
                }
                case PURCHASE -> {
                    PurchaseRequest request = PurchaseRequest.of(
                            key, a, step.choice() % 2 == 0 ? "pack" : "relic-box", 1 + step.choice() % 3);
                    yield () -> economy.purchase(request);
                }
                case CONSUME -> {
                    ConsumeRequest request = ConsumeRequest.of(
                            key,
                            a,
                            Bundle.of(
                                    Map.of("gold", step.amount()),
                                    Map.of(step.choice() % 2 == 0 ? "potion" : "relic", 1L),
                                    "c"),
                            List.of(),
                            "repair",
                            limits);
                    yield () -> economy.consume(request);
                }
                case CRAFT -> {
                    CraftRequest request = CraftRequest.of(
                            key, a, step.choice() % 2 == 0 ? "sword" : "reforge", 1 + step.choice() % 2);
                    yield () -> economy.craft(request);
                }
                case LIST -> {
                    String sku = List.of("potion", "ore", "relic").get(step.choice() % 3);
                    ListingCreateRequest request = ListingCreateRequest.of(
                            key,
                            a,
                            Bundle.of(null, Map.of(sku, 1 + step.amount() % 3), "items"),
                            null,
                            step.choice() % 5 == 0 ? "gems" : "gold",
                            step.amount(),
                            60L + step.choice(),
                            limits);
                    yield () -> {
                        EconomyAnswer answer = economy.createListing(request);
                        if (answer.status() == OutcomeStatus.COMMITTED && !listings.contains(request.listingId())) {
                            listings.add(request.listingId());
                        }
                        return answer;
                    };
                }
                case BUY -> {
                    if (listings.isEmpty()) {
                        yield null;
                    }
                    ListingBuyRequest request = ListingBuyRequest.of(
                            key, listings.get(step.choice() % listings.size()).toString(), b);
                    yield () -> economy.buyListing(request);
                }
                case CANCEL -> {
                    if (listings.isEmpty()) {
                        yield null;
                    }
                    UUID listing = listings.get(step.choice() % listings.size());
                    try {
                        economy.cancelListing(listing, PlayerId.of(a));
                    } catch (DomainException expected) {
                        // not the seller, or not open: nothing changes
                    }
                    yield null;
                }
                case EXPIRE -> {
                    clock.advance(Duration.ofSeconds(step.choice() * 3L));
                    economy.expireListings();
                    economy.expireListings(); // twice: the second finds nothing more to do
                    yield null;
                }
                case REPLAY -> done.isEmpty() ? null : done.get(step.choice() % done.size());
                case ERASE -> {
                    store.markErased(PlayerId.of(a));
                    erased.add(PlayerId.of(a));
                    economy.erasePlayer(PlayerId.of(a));
                    assertThat(economy.erasePlayer(PlayerId.of(a)))
                            .as("a second erasure finds nothing")
                            .isEqualTo(new EconomyService.ErasureRun(0, 0));
                    yield null;
                }
            };
            if (call == null) {
                continue;
            }
            Object answer = answerOf(call);
            int index = step.kind() == Kind.REPLAY ? done.indexOf(call) : done.size();
            Object first = firstAnswers.putIfAbsent(index, answer);
            if (first != null) {
                assertThat(answer).as("a replay answers identically").isEqualTo(first);
            }
            if (step.kind() != Kind.REPLAY) {
                done.add(call);
            }
            AuditReport audit = economy.audit();
            assertThat(audit.ok()).as(step + ": " + audit.problems()).isTrue();
            for (PlayerId player : erased) {
                Holdings holdings = economy.holdings(player, ReadFreshness.STRONG);
                assertThat(holdings.currency()).as(step + ": " + player).isEmpty();
                assertThat(holdings.items()).as(step + ": " + player).isEmpty();
            }
        }
        AuditReport audit = economy.audit();
        assertThat(audit.ok()).as(audit.problems().toString()).isTrue();
        for (String player : PLAYERS) {
            Holdings holdings = economy.holdings(PlayerId.of(player), ReadFreshness.STRONG);
            assertThat(holdings.currency().values()).allMatch(v -> v >= 0);
            assertThat(holdings.items().values()).allMatch(v -> v >= 0);
        }
    }

    /** An answer, or the code of the error it threw (an unknown player, a reused key, ...). */
    private static Object answerOf(Supplier<Object> call) {
        try {
            return call.get();
        } catch (DomainException e) {
            return e.code();
        }
    }
}
