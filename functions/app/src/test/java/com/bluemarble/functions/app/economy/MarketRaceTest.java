package com.bluemarble.functions.app.economy;

import static com.bluemarble.functions.app.economy.EconomyV2Context.grant;
import static com.bluemarble.functions.app.economy.EconomyV2Context.id;
import static org.assertj.core.api.Assertions.assertThat;

import com.bluemarble.functions.adapter.spanner.SpannerEconomyStore;
import com.bluemarble.functions.adapter.spanner.SpannerSettings;
import com.bluemarble.functions.app.FunctionsTestContext;
import com.bluemarble.functions.app.FunctionsTestContext.Response;
import com.bluemarble.functions.core.economy.Bundle;
import com.bluemarble.functions.core.economy.EconomyLimits;
import com.bluemarble.functions.core.economy.EconomyRules;
import com.bluemarble.functions.core.economy.EconomyService;
import com.bluemarble.functions.core.economy.ListingBuyRequest;
import com.bluemarble.functions.core.economy.ListingCreateRequest;
import com.bluemarble.functions.core.economy.Market;
import com.bluemarble.functions.core.economy.OutcomeStatus;
import com.bluemarble.functions.emulators.Emulators;
import com.bluemarble.functions.emulators.SpannerEmulator;
import com.google.cloud.spanner.DatabaseId;
import com.google.cloud.spanner.Spanner;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Races on the trading post, on the Spanner emulator with fault injection (some commits abort and are retried). */
class MarketRaceTest {

    private static FunctionsTestContext app;
    private static Spanner spanner;

    @BeforeAll
    static void start() {
        app = EconomyV2Context.start();
        spanner = FunctionsTestContext.emulatorClient();
    }

    @AfterAll
    static void stop() {
        app.close();
        spanner.close();
    }

    private static void auditOk() {
        JsonNode audit = app.call("economyAudit", "{}").json();
        assertThat(audit.get("ok").asBoolean()).as(audit.toString()).isTrue();
    }

    @Test
    void twentyBuyersRaceForOneListingAndExactlyOneWins() throws Exception {
        String seller = "race-seller";
        grant(app, seller, "", "\"excalibur\":1");
        List<String> buyers = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            buyers.add("race-buyer-" + i);
            grant(app, buyers.get(i), "\"gold\":1000", "");
        }
        String listingId = id();
        assertThat(app.call(
                                "listingCreate",
                                "{\"listingId\":\"" + listingId + "\",\"sellerId\":\"" + seller
                                        + "\",\"items\":{\"excalibur\":1},\"price\":{\"currency\":\"gold\",\"amount\":500}}")
                        .status())
                .isEqualTo(200);
        ExecutorService pool = Executors.newFixedThreadPool(20);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<String[]>> attempts = new ArrayList<>();
        for (String buyer : buyers) {
            attempts.add(pool.submit(() -> {
                String request = "{\"purchaseId\":\"" + id() + "\",\"listingId\":\"" + listingId + "\",\"buyerId\":\""
                        + buyer + "\"}";
                go.await();
                Response answer = app.call("listingBuy", request);
                // a 503 (the emulator's gate waited too long) is retried with the same purchaseId
                for (int retry = 0; retry < 5 && answer.status() == 503; retry++) {
                    answer = app.call("listingBuy", request);
                }
                return new String[] {request, Integer.toString(answer.status()), answer.body()};
            }));
        }
        go.countDown();
        List<String[]> answers = new ArrayList<>();
        for (Future<String[]> attempt : attempts) {
            answers.add(attempt.get());
        }
        pool.shutdown();
        assertThat(answers.stream().filter(a -> a[1].equals("200"))).hasSize(1);
        assertThat(answers.stream().filter(a -> a[1].equals("409"))).hasSize(19);
        for (String[] answer : answers) {
            Response replay = app.call("listingBuy", answer[0]);
            assertThat(replay.body()).as("a replay answers the same").isEqualTo(answer[2]);
            if (answer[1].equals("409")) {
                assertThat(replay.json().get("error").asString()).isEqualTo("LISTING_NOT_AVAILABLE");
            }
        }
        long owners = buyers.stream()
                .filter(b -> app.call("playerEconomy", "{\"playerId\":\"" + b + "\"}")
                                .json()
                                .at("/items/excalibur")
                                .asLong(0)
                        > 0)
                .count();
        assertThat(owners).isEqualTo(1);
        auditOk();
    }

    /** A clock the test sets: the buyer's and the expirer's views of "now" straddle the expiry. */
    private static Clock at(Instant instant) {
        return Clock.fixed(instant, ZoneOffset.UTC);
    }

    private static EconomyService service(Clock clock) {
        SpannerSettings settings = new SpannerSettings(
                SpannerEmulator.PROJECT_ID,
                SpannerEmulator.INSTANCE_ID,
                app.databaseId(),
                Emulators.spanner().host(),
                Duration.ofSeconds(10),
                Duration.ofSeconds(5));
        var client = spanner.getDatabaseClient(
                DatabaseId.of(SpannerEmulator.PROJECT_ID, SpannerEmulator.INSTANCE_ID, app.databaseId()));
        EconomyRules rules = new EconomyRules(
                EconomyLimits.defaults(Set.of("excalibur")), Map.of(), Map.of(), new Market(500, Set.of("gold"), 50));
        return new EconomyService(new SpannerEconomyStore(client, settings), () -> rules, clock);
    }

    @Test
    void aListingExpiredWhileABuyerBuysItIsSoldOrReturnedNeverBoth() throws Exception {
        Instant t0 = Instant.now();
        EconomyService seller = service(at(t0));
        EconomyService buyerBeforeExpiry = service(at(t0.plusSeconds(59)));
        EconomyService expirerAfterExpiry = service(at(t0.plusSeconds(61)));
        grant(app, "exp-seller", "", "\"potion\":20");
        grant(app, "exp-buyer", "\"gold\":10000", "");
        var limits = seller.limits();
        List<String> listings = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String listingId = id();
            listings.add(listingId);
            assertThat(seller.createListing(ListingCreateRequest.of(
                                    listingId,
                                    "exp-seller",
                                    Bundle.of(null, Map.of("potion", 2L), "items"),
                                    null,
                                    "gold",
                                    10L,
                                    60L,
                                    limits))
                            .status())
                    .isEqualTo(OutcomeStatus.COMMITTED);
        }
        ExecutorService pool = Executors.newFixedThreadPool(3);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Integer>> sold = new ArrayList<>();
        for (String listingId : listings) {
            sold.add(pool.submit(() -> {
                go.await();
                var answer = buyerBeforeExpiry.buyListing(ListingBuyRequest.of(id(), listingId, "exp-buyer"));
                return answer.status() == OutcomeStatus.COMMITTED ? 1 : 0;
            }));
        }
        Future<Integer> expired = pool.submit(() -> {
            go.await();
            return expirerAfterExpiry.expireListings().expired();
        });
        go.countDown();
        int soldCount = 0;
        for (Future<Integer> s : sold) {
            soldCount += s.get();
        }
        int expiredCount = expired.get() + expirerAfterExpiry.expireListings().expired(); // a second run is safe
        pool.shutdown();
        assertThat(soldCount + expiredCount)
                .as("each listing sold or returned, never both")
                .isEqualTo(8);
        long buyerPotions = app.call("playerEconomy", "{\"playerId\":\"exp-buyer\"}")
                .json()
                .at("/items/potion")
                .asLong(0);
        long sellerPotions = app.call("playerEconomy", "{\"playerId\":\"exp-seller\"}")
                .json()
                .at("/items/potion")
                .asLong(0);
        assertThat(buyerPotions).isEqualTo(2L * soldCount);
        assertThat(sellerPotions).isEqualTo(4 + 2L * expiredCount);
        assertThat(expirerAfterExpiry.expireListings().expired()).isZero();
        auditOk();
    }
}
