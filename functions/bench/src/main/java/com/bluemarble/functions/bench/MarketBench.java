package com.bluemarble.functions.bench;

import com.bluemarble.functions.bench.report.Goal;
import com.bluemarble.functions.bench.report.Percentiles;
import com.bluemarble.functions.bench.report.Ratios;
import com.bluemarble.functions.bench.report.Report;
import com.bluemarble.functions.bench.report.Row;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.function.Function;
import org.springframework.messaging.Message;

/**
 * The trading post's purchase against a trade, both through the function path (JSON in,
 * EconomyService, Spanner adapter, JSON out) in the same run: {@code listingBuy} of distinct
 * listings (no two buyers race, so every buy commits) vs {@code trade} of two currencies between
 * two players. One caller at a time (the emulator runs one read-write transaction at a time), the
 * two interleaved in blocks so drift on the shared machine hits both alike. A buy does a little
 * more than a trade (the listing row, a fee row, the items from escrow), so the goal is parity
 * within 10%.
 */
final class MarketBench {

    private static final int PLAYERS = 20;
    private static final int BLOCK = 25;
    private static final int LISTINGS_PER_SELLER = 40; // under the market's per-seller cap

    static void run(BenchEnv env, Report report, int perSide) {
        Function<Message<byte[]>, Message<byte[]>> buy = env.function("listingBuy");
        Function<Message<byte[]>, Message<byte[]>> trade = env.function("trade");
        int warmUp = 30;
        int listingsNeeded = perSide + warmUp;
        int sellers = (listingsNeeded + LISTINGS_PER_SELLER - 1) / LISTINGS_PER_SELLER;
        for (int i = 0; i < PLAYERS; i++) {
            for (String side : List.of("mb", "mt")) {
                env.require(
                        "grant",
                        "{\"grantId\":\"" + UUID.randomUUID() + "\",\"playerId\":\"" + side + i
                                + "\",\"currency\":{\"gold\":1000000000,\"gems\":1000000000}}",
                        200);
            }
        }
        List<String> listings = new ArrayList<>();
        for (int s = 0; s < sellers; s++) {
            env.require(
                    "grant",
                    "{\"grantId\":\"" + UUID.randomUUID() + "\",\"playerId\":\"ms" + s + "\",\"items\":{\"potion\":"
                            + LISTINGS_PER_SELLER + "}}",
                    200);
            for (int l = 0; l < LISTINGS_PER_SELLER && listings.size() < listingsNeeded; l++) {
                String listingId = UUID.randomUUID().toString();
                env.require(
                        "listingCreate",
                        "{\"listingId\":\"" + listingId + "\",\"sellerId\":\"ms" + s
                                + "\",\"items\":{\"potion\":1},\"price\":{\"currency\":\"gold\",\"amount\":" + (10 + l)
                                + "}}",
                        200);
                listings.add(listingId);
            }
        }
        Random random = new Random(11);
        Samples buys = new Samples(perSide);
        Samples trades = new Samples(perSide);
        Samples discard = new Samples(64);
        int next = 0;
        for (int i = 0; i < warmUp; i++) {
            timedBuy(buy, listings.get(next++), random, discard);
            timedTrade(trade, random, discard);
        }
        while (buys.count() < perSide) {
            for (int i = 0; i < BLOCK && buys.count() < perSide; i++) {
                timedBuy(buy, listings.get(next++), random, buys);
            }
            for (int i = 0; i < BLOCK && trades.count() < perSide; i++) {
                timedTrade(trade, random, trades);
            }
        }
        Percentiles b = buys.percentiles();
        Percentiles t = trades.percentiles();
        report.add(Row.of(
                "market: listingBuy throughput on distinct listings vs trade",
                buys.sequentialThroughput(),
                trades.sequentialThroughput(),
                Goal.ratioAtLeast(0.9),
                "ops/s",
                perSide + " committed buys and trades, 1 caller, interleaved blocks of " + BLOCK + "; listingBuy p50 "
                        + Ratios.format(b.p50Millis()) + " ms, p99 " + Ratios.format(b.p99Millis()) + " ms; trade p50 "
                        + Ratios.format(t.p50Millis()) + " ms, p99 " + Ratios.format(t.p99Millis()) + " ms"));
    }

    private static void timedBuy(
            Function<Message<byte[]>, Message<byte[]>> buy, String listingId, Random random, Samples samples) {
        String json = "{\"purchaseId\":\"" + UUID.randomUUID() + "\",\"listingId\":\"" + listingId
                + "\",\"buyerId\":\"mb" + random.nextInt(PLAYERS) + "\"}";
        long start = System.nanoTime();
        BenchEnv.Response response = BenchEnv.call(buy, json);
        long elapsed = System.nanoTime() - start;
        if (response.status() != 200) {
            throw new IllegalStateException("listingBuy answered " + response.status() + " " + response.body());
        }
        samples.add(elapsed);
    }

    private static void timedTrade(Function<Message<byte[]>, Message<byte[]>> trade, Random random, Samples samples) {
        int a = random.nextInt(PLAYERS);
        int b = (a + 1 + random.nextInt(PLAYERS - 1)) % PLAYERS;
        String json = "{\"tradeId\":\"" + UUID.randomUUID() + "\",\"a\":{\"playerId\":\"mt" + a
                + "\",\"gives\":{\"currency\":{\"gold\":1}}},\"b\":{\"playerId\":\"mt" + b
                + "\",\"gives\":{\"currency\":{\"gems\":1}}}}";
        long start = System.nanoTime();
        BenchEnv.Response response = BenchEnv.call(trade, json);
        long elapsed = System.nanoTime() - start;
        if (response.status() != 200) {
            throw new IllegalStateException("trade answered " + response.status() + " " + response.body());
        }
        samples.add(elapsed);
    }

    private MarketBench() {}
}
