package com.bluemarble.functions.app.economy;

import static com.bluemarble.functions.app.economy.EconomyV2Context.grant;
import static org.assertj.core.api.Assertions.assertThat;

import com.bluemarble.functions.app.FunctionsTestContext;
import com.bluemarble.functions.app.FunctionsTestContext.Response;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * 2,000 mixed operations (trades of currencies, potions and unique excaliburs, purchases,
 * consumes, crafts, listings, buys, cancels) among 30
 * players from 8 concurrent clients on the Spanner emulator with fault injection, about 10% of them
 * replays of earlier requests. Afterwards the audit is ok (minted - burned == held + escrowed for
 * every asset, ledgers match balances, trades and sales net to zero) and every replay returned
 * exactly the first answer. (It replaces the trade-only conservation test: trades are a third of it.)
 */
class MixedOperationsConservationTest {

    private static final int PLAYERS = 30;
    private static final int CLIENTS = 8;
    private static final int OPERATIONS = 2_000;

    private static FunctionsTestContext app;

    @BeforeAll
    static void start() {
        app = EconomyV2Context.start();
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    private static String player(int i) {
        return String.format("mix-%02d", i);
    }

    private record Sent(String function, String request, String key) {}

    @Test
    void mixedConcurrentOperationsWithReplaysKeepTheAuditOk() throws Exception {
        for (int i = 0; i < PLAYERS; i++) {
            grant(
                    app,
                    player(i),
                    "\"gold\":2000,\"gems\":40",
                    "\"potion\":10,\"ore\":12" + (i % 5 == 0 ? ",\"excalibur\":1" : ""));
        }
        List<String> listings = Collections.synchronizedList(new ArrayList<>());
        Map<String, Response> firstAnswers = new ConcurrentHashMap<>();
        List<Sent> sent = Collections.synchronizedList(new ArrayList<>());
        List<String> problems = Collections.synchronizedList(new ArrayList<>());
        Map<String, AtomicInteger> byStatus = new ConcurrentHashMap<>();
        AtomicInteger replays = new AtomicInteger();
        AtomicInteger remaining = new AtomicInteger(OPERATIONS);
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        List<Future<?>> done = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            long seed = 7 + c;
            done.add(clients.submit(() -> {
                Random random = new Random(seed);
                while (remaining.getAndDecrement() > 0) {
                    boolean replay = random.nextInt(10) == 0 && !sent.isEmpty();
                    Sent op;
                    if (replay) {
                        synchronized (sent) {
                            op = sent.get(random.nextInt(sent.size()));
                        }
                    } else {
                        op = next(random, listings);
                    }
                    Response answer = app.call(op.function(), op.request());
                    byStatus.computeIfAbsent(op.function() + " " + answer.status(), k -> new AtomicInteger())
                            .incrementAndGet();
                    if (answer.status() >= 500) {
                        problems.add(op.function() + " answered " + answer.status() + " " + answer.body());
                        continue;
                    }
                    if (op.key() == null) {
                        continue; // a cancel: no idempotency key
                    }
                    Response first = firstAnswers.putIfAbsent(op.key(), answer);
                    if (replay) {
                        replays.incrementAndGet();
                        if (first != null && !answer.equals(first)) {
                            problems.add("replay differs: " + first + " then " + answer);
                        }
                    } else {
                        sent.add(op);
                        if (op.function().equals("listingCreate") && answer.status() == 200) {
                            listings.add(op.key());
                        }
                    }
                }
                return null;
            }));
        }
        for (Future<?> client : done) {
            client.get();
        }
        clients.shutdown();
        System.out.println("mixed operations by status: " + new java.util.TreeMap<>(byStatus));

        assertThat(problems).isEmpty();
        assertThat(replays.get()).isGreaterThan(OPERATIONS / 20);
        for (String function : List.of("trade", "purchase", "consume", "craft", "listingCreate", "listingBuy")) {
            assertThat(byStatus.get(function + " 200"))
                    .as(function + " committed some")
                    .isNotNull();
        }
        JsonNode audit = app.call("economyAudit", "{}").json();
        assertThat(audit.get("ok").asBoolean()).as(audit.toString()).isTrue();
        assertThat(audit.at("/currency/gold/burned").asLong()).isPositive();
        assertThat(audit.at("/items/iron-sword/minted").asLong()).isPositive();
        assertThat(audit.get("players").asLong()).isEqualTo(PLAYERS);
        // Gems and the unique excaliburs are only traded: exactly what was granted is held.
        assertThat(audit.at("/currency/gems/held").asLong()).isEqualTo(PLAYERS * 40L);
        assertThat(audit.at("/items/excalibur/held").asLong()).isEqualTo(PLAYERS / 5);
        // Independently of the audit's own sums: add up every player's balances.
        long gold = 0;
        long gems = 0;
        long excaliburs = 0;
        for (int i = 0; i < PLAYERS; i++) {
            JsonNode holdings = app.call("playerEconomy", "{\"playerId\":\"" + player(i) + "\"}")
                    .json();
            assertThat(holdings.at("/currency/gold").asLong()).isNotNegative();
            assertThat(holdings.at("/items/potion").asLong(0)).isNotNegative();
            gold += holdings.at("/currency/gold").asLong();
            gems += holdings.at("/currency/gems").asLong();
            excaliburs += holdings.at("/items/excalibur").asLong(0);
        }
        assertThat(gold + audit.at("/currency/gold/burned").asLong())
                .isEqualTo(audit.at("/currency/gold/minted").asLong());
        assertThat(gems).isEqualTo(PLAYERS * 40L);
        assertThat(excaliburs).isEqualTo(PLAYERS / 5);
    }

    private static Sent next(Random random, List<String> listings) {
        int a = random.nextInt(PLAYERS);
        int b = (a + 1 + random.nextInt(PLAYERS - 1)) % PLAYERS;
        String key = UUID.randomUUID().toString();
        int kind = random.nextInt(100);
        if (kind < 30) {
            // a pays gold or gems (sometimes more than it has), b hands over potions or its excalibur (unique)
            String currency = random.nextBoolean() ? "gold" : "gems";
            String item = random.nextInt(8) == 0 ? "\"excalibur\":1" : "\"potion\":" + (1 + random.nextInt(3));
            return new Sent(
                    "trade",
                    "{\"tradeId\":\"" + key + "\",\"a\":{\"playerId\":\"" + player(a)
                            + "\",\"gives\":{\"currency\":{\"" + currency + "\":"
                            + (1 + random.nextInt(currency.equals("gold") ? 200 : 20))
                            + "}}},\"b\":{\"playerId\":\"" + player(b) + "\",\"gives\":{\"items\":{" + item + "}}}}",
                    key);
        }
        if (kind < 45) {
            String offer = random.nextBoolean() ? "potion-pack" : "ore-crate";
            return new Sent(
                    "purchase",
                    "{\"purchaseId\":\"" + key + "\",\"playerId\":\"" + player(a) + "\",\"offerId\":\"" + offer
                            + "\",\"quantity\":" + (1 + random.nextInt(2)) + "}",
                    key);
        }
        if (kind < 55) {
            return new Sent(
                    "consume",
                    "{\"consumeId\":\"" + key + "\",\"playerId\":\"" + player(a) + "\",\"items\":{\"potion\":1},"
                            + "\"currency\":{\"gold\":" + (1 + random.nextInt(20)) + "},\"reason\":\"repair\"}",
                    key);
        }
        if (kind < 65) {
            return new Sent(
                    "craft",
                    "{\"craftId\":\"" + key + "\",\"playerId\":\"" + player(a) + "\",\"recipeId\":\"iron-sword\"}",
                    key);
        }
        if (kind < 80 || listings.isEmpty()) {
            String sku = random.nextBoolean() ? "potion" : "ore";
            return new Sent(
                    "listingCreate",
                    "{\"listingId\":\"" + key + "\",\"sellerId\":\"" + player(a) + "\",\"items\":{\"" + sku + "\":"
                            + (1 + random.nextInt(3)) + "},\"price\":{\"currency\":\"gold\",\"amount\":"
                            + (1 + random.nextInt(150)) + "}}",
                    key);
        }
        String listingId;
        synchronized (listings) {
            listingId = listings.get(random.nextInt(listings.size()));
        }
        if (kind < 95) {
            return new Sent(
                    "listingBuy",
                    "{\"purchaseId\":\"" + key + "\",\"listingId\":\"" + listingId + "\",\"buyerId\":\"" + player(b)
                            + "\"}",
                    key);
        }
        // Cancels name a random seller: most are refused (not the seller), some cancel.
        return new Sent(
                "listingCancel", "{\"listingId\":\"" + listingId + "\",\"sellerId\":\"" + player(a) + "\"}", null);
    }
}
