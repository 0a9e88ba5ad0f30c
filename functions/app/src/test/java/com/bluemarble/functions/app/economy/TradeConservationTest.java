package com.bluemarble.functions.app.economy;

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
 * Conservation under load: 2,000 random trades among 50 players from 8 concurrent clients on the
 * Spanner emulator with fault injection (some commits abort and are retried by the client), about
 * 10% of them replays of earlier trade ids. Afterwards nothing was created or destroyed, no balance
 * is negative, and every replay returned exactly the first answer.
 */
class TradeConservationTest {

    private static final int PLAYERS = 50;
    private static final int CLIENTS = 8;
    private static final int TRADES = 2_000;
    private static final long GOLD_EACH = 1_000;
    private static final long GEMS_EACH = 50;
    private static final long POTIONS_EACH = 10;

    private static FunctionsTestContext functions;

    @BeforeAll
    static void start() {
        functions = FunctionsTestContext.start();
    }

    @AfterAll
    static void stop() {
        functions.close();
    }

    private static String player(int i) {
        return String.format("player-%02d", i);
    }

    @Test
    void randomConcurrentTradesWithReplaysConserveEverything() throws Exception {
        for (int i = 0; i < PLAYERS; i++) {
            String items = i % 5 == 0
                    ? "{\"potion\": " + POTIONS_EACH + ", \"excalibur\": 1}"
                    : "{\"potion\": " + POTIONS_EACH + "}";
            Response granted = functions.call(
                    "grant",
                    "{\"grantId\":\"" + UUID.randomUUID() + "\",\"playerId\":\"" + player(i)
                            + "\",\"currency\":{\"gold\":" + GOLD_EACH + ",\"gems\":" + GEMS_EACH + "},\"items\":"
                            + items + "}");
            assertThat(granted.status()).as(granted.body()).isEqualTo(200);
        }

        Map<String, Response> firstAnswers = new ConcurrentHashMap<>();
        List<String> sent = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger replays = new AtomicInteger();
        AtomicInteger remaining = new AtomicInteger(TRADES);
        List<String> replayMismatches = Collections.synchronizedList(new ArrayList<>());
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        List<Future<?>> done = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            long seed = 42 + c;
            done.add(clients.submit(() -> {
                Random random = new Random(seed);
                while (remaining.getAndDecrement() > 0) {
                    String request;
                    boolean replay = random.nextInt(10) == 0 && !sent.isEmpty();
                    if (replay) {
                        synchronized (sent) {
                            request = sent.get(random.nextInt(sent.size()));
                        }
                    } else {
                        request = randomTrade(random);
                    }
                    Response answer = functions.call("trade", request);
                    assertThat(answer.status()).as(answer.body()).isIn(200, 422);
                    String tradeId = answer.json().get("tradeId").asString();
                    Response first = firstAnswers.putIfAbsent(tradeId, answer);
                    if (replay) {
                        replays.incrementAndGet();
                        if (!answer.equals(first)) {
                            replayMismatches.add(first + " then " + answer);
                        }
                    } else {
                        sent.add(request);
                    }
                }
                return null;
            }));
        }
        for (Future<?> client : done) {
            client.get();
        }
        clients.shutdown();

        assertThat(replayMismatches).isEmpty();
        assertThat(replays.get()).isGreaterThan(TRADES / 20);
        long committed =
                firstAnswers.values().stream().filter(a -> a.status() == 200).count();
        long rejected =
                firstAnswers.values().stream().filter(a -> a.status() == 422).count();
        assertThat(committed).isGreaterThan(TRADES / 2);
        assertThat(rejected).isPositive();

        JsonNode audit = functions.call("economyAudit", "{}").json();
        assertThat(audit.get("ok").asBoolean()).as(audit.toString()).isTrue();
        assertThat(audit.get("players").asLong()).isEqualTo(PLAYERS);
        assertThat(audit.at("/currency/gold/held").asLong()).isEqualTo(PLAYERS * GOLD_EACH);
        assertThat(audit.at("/currency/gems/held").asLong()).isEqualTo(PLAYERS * GEMS_EACH);
        assertThat(audit.at("/items/potion/held").asLong()).isEqualTo(PLAYERS * POTIONS_EACH);
        assertThat(audit.at("/items/excalibur/held").asLong()).isEqualTo(PLAYERS / 5);

        // Independently of the audit: add up every player's balances.
        long gold = 0;
        long potions = 0;
        long excaliburs = 0;
        for (int i = 0; i < PLAYERS; i++) {
            JsonNode holdings = functions
                    .call("playerEconomy", "{\"playerId\":\"" + player(i) + "\"}")
                    .json();
            long playerGold = holdings.at("/currency/gold").asLong();
            long playerPotions = holdings.at("/items/potion").asLong();
            assertThat(playerGold).isNotNegative();
            assertThat(playerPotions).isNotNegative();
            gold += playerGold;
            potions += playerPotions;
            excaliburs += holdings.at("/items/excalibur").asLong(0);
        }
        assertThat(gold).isEqualTo(PLAYERS * GOLD_EACH);
        assertThat(potions).isEqualTo(PLAYERS * POTIONS_EACH);
        assertThat(excaliburs).isEqualTo(PLAYERS / 5);
    }

    /** Side a pays gold or gems (sometimes more than it has), side b hands over potions or an excalibur. */
    private static String randomTrade(Random random) {
        int a = random.nextInt(PLAYERS);
        int b = (a + 1 + random.nextInt(PLAYERS - 1)) % PLAYERS;
        String currency = random.nextBoolean() ? "gold" : "gems";
        long amount = 1 + random.nextInt(currency.equals("gold") ? 300 : 20);
        String item = random.nextInt(8) == 0 ? "excalibur" : "potion";
        long count = item.equals("excalibur") ? 1 : 1 + random.nextInt(3);
        return "{\"tradeId\":\"" + UUID.randomUUID() + "\","
                + "\"a\":{\"playerId\":\"" + player(a) + "\",\"gives\":{\"currency\":{\"" + currency + "\":" + amount
                + "}}},"
                + "\"b\":{\"playerId\":\"" + player(b) + "\",\"gives\":{\"items\":{\"" + item + "\":" + count + "}}}}";
    }
}
