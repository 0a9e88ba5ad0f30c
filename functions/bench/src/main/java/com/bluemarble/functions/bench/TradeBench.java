package com.bluemarble.functions.bench;

import com.bluemarble.functions.adapter.spanner.SpannerClients;
import com.bluemarble.functions.adapter.spanner.SpannerSettings;
import com.bluemarble.functions.bench.report.Goal;
import com.bluemarble.functions.bench.report.Percentiles;
import com.bluemarble.functions.bench.report.Ratios;
import com.bluemarble.functions.bench.report.Report;
import com.bluemarble.functions.bench.report.Row;
import com.bluemarble.functions.core.economy.Bundle;
import com.bluemarble.functions.core.economy.EconomyAnswer;
import com.bluemarble.functions.core.economy.EconomyService;
import com.bluemarble.functions.core.economy.TradeRequest;
import com.bluemarble.functions.core.economy.TradeSide;
import com.bluemarble.functions.core.player.PlayerId;
import com.bluemarble.functions.emulators.Emulators;
import com.bluemarble.functions.emulators.SpannerEmulator;
import com.google.cloud.spanner.DatabaseClient;
import com.google.cloud.spanner.Key;
import com.google.cloud.spanner.KeySet;
import com.google.cloud.spanner.Mutation;
import com.google.cloud.spanner.ResultSet;
import com.google.cloud.spanner.Spanner;
import com.google.cloud.spanner.Struct;
import com.google.cloud.spanner.Value;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.Function;
import org.springframework.messaging.Message;

/**
 * Trade through the function path (JSON in, EconomyService, Spanner adapter, JSON out) against a
 * bare Spanner client read-write transaction of the same shape: look the key up in the three
 * idempotency tables, read both
 * players, read both players' balances of the two currencies, buffer four balance updates, four
 * ledger rows and the trade row, commit. Same emulator, same database, one caller at a time (the
 * emulator runs one read-write transaction at a time), the two sides interleaved in blocks so
 * drift on the shared machine hits both alike.
 */
final class TradeBench {

    private static final int PLAYERS = 20;
    private static final int BLOCK = 25;

    static void run(BenchEnv env, Report report, int perSide) throws Exception {
        for (int i = 0; i < PLAYERS; i++) {
            for (String side : List.of("f", "s", "e")) {
                env.require(
                        "grant",
                        "{\"grantId\":\"" + UUID.randomUUID() + "\",\"playerId\":\"" + side + i
                                + "\",\"currency\":{\"gold\":1000000000,\"gems\":1000000000}}",
                        200);
            }
        }
        SpannerSettings settings = new SpannerSettings(
                SpannerEmulator.PROJECT_ID,
                SpannerEmulator.INSTANCE_ID,
                env.databaseId,
                Emulators.spanner().host(),
                Duration.ofSeconds(10),
                Duration.ofSeconds(5));
        Spanner spanner = SpannerClients.open(settings, null);
        try {
            DatabaseClient client = SpannerClients.database(spanner, settings);
            Function<Message<byte[]>, Message<byte[]>> trade = env.function("trade");
            EconomyService economy = env.context.getBean(EconomyService.class);
            Random random = new Random(7);
            Samples function = new Samples(perSide);
            Samples bare = new Samples(perSide);
            Samples service = new Samples(perSide);
            Samples discard = new Samples(64);
            for (int i = 0; i < 30; i++) { // warm-up of both paths (JIT, sessions, channels)
                functionTrade(trade, random, discard);
                bareTrade(client, random, discard);
                serviceTrade(economy, random, discard);
            }
            while (function.count() < perSide) {
                for (int i = 0; i < BLOCK && function.count() < perSide; i++) {
                    functionTrade(trade, random, function);
                }
                for (int i = 0; i < BLOCK && bare.count() < perSide; i++) {
                    bareTrade(client, random, bare);
                }
                for (int i = 0; i < BLOCK && service.count() < perSide; i++) {
                    serviceTrade(economy, random, service);
                }
            }
            Percentiles f = function.percentiles();
            Percentiles b = bare.percentiles();
            String how =
                    perSide + " committed trades per side, 1 caller, interleaved blocks of " + BLOCK + "; function p50 "
                            + Ratios.format(f.p50Millis()) + " ms vs bare " + Ratios.format(b.p50Millis()) + " ms";
            report.add(Row.of(
                    "trade: throughput, function path vs bare Spanner rw transaction",
                    function.sequentialThroughput(),
                    bare.sequentialThroughput(),
                    Goal.ratioAtLeast(0.9),
                    "trades/s",
                    how));
            Percentiles e = service.percentiles();
            report.add(Row.of(
                    "trade: throughput, EconomyService + Spanner adapter without the JSON layer vs bare",
                    service.sequentialThroughput(),
                    bare.sequentialThroughput(),
                    Goal.none(),
                    "trades/s",
                    "attribution of the function path's overhead: same trades called on the "
                            + "service bean with a built TradeRequest; p50 " + Ratios.format(e.p50Millis())
                            + " ms, p99 " + Ratios.format(e.p99Millis()) + " ms"));
            report.add(Row.of(
                    "trade: p50 latency, function path vs bare",
                    f.p50Millis(),
                    b.p50Millis(),
                    Goal.none(),
                    "ms",
                    "overhead p50 " + Ratios.format(f.p50Millis() - b.p50Millis()) + " ms"));
            report.add(Row.of(
                    "trade: p99 latency, function path vs bare (overhead)",
                    f.p99Millis(),
                    b.p99Millis(),
                    Goal.overheadAtMost(2, "ms"),
                    "ms",
                    "overhead p99 " + Ratios.format(f.p99Millis() - b.p99Millis()) + " ms"));
        } finally {
            spanner.close();
        }
    }

    private static void functionTrade(
            Function<Message<byte[]>, Message<byte[]>> trade, Random random, Samples samples) {
        int a = random.nextInt(PLAYERS);
        int b = (a + 1 + random.nextInt(PLAYERS - 1)) % PLAYERS;
        String json = "{\"tradeId\":\"" + UUID.randomUUID() + "\",\"a\":{\"playerId\":\"f" + a
                + "\",\"gives\":{\"currency\":{\"gold\":1}}}," + "\"b\":{\"playerId\":\"f" + b
                + "\",\"gives\":{\"currency\":{\"gems\":1}}}}";
        long start = System.nanoTime();
        BenchEnv.Response response = BenchEnv.call(trade, json);
        long elapsed = System.nanoTime() - start;
        if (response.status() != 200) {
            throw new IllegalStateException("trade answered " + response.status() + " " + response.body());
        }
        samples.add(elapsed);
    }

    private static void serviceTrade(EconomyService economy, Random random, Samples samples) {
        int a = random.nextInt(PLAYERS);
        int b = (a + 1 + random.nextInt(PLAYERS - 1)) % PLAYERS;
        long start = System.nanoTime();
        TradeRequest request = TradeRequest.of(
                UUID.randomUUID().toString(),
                new TradeSide(PlayerId.of("e" + a), Bundle.of(Map.of("gold", 1L), Map.of(), "a")),
                new TradeSide(PlayerId.of("e" + b), Bundle.of(Map.of("gems", 1L), Map.of(), "b")),
                economy.limits());
        EconomyAnswer answer = economy.trade(request);
        long elapsed = System.nanoTime() - start;
        if (answer.status() != com.bluemarble.functions.core.economy.OutcomeStatus.COMMITTED) {
            throw new IllegalStateException("EconomyService.trade answered " + answer.status());
        }
        samples.add(elapsed);
    }

    private static void bareTrade(DatabaseClient client, Random random, Samples samples) throws Exception {
        int ai = random.nextInt(PLAYERS);
        int bi = (ai + 1 + random.nextInt(PLAYERS - 1)) % PLAYERS;
        String a = "s" + ai;
        String b = "s" + bi;
        String tradeId = UUID.randomUUID().toString();
        long start = System.nanoTime();
        String request = "{\"tradeId\":\"" + tradeId + "\",\"a\":{\"playerId\":\"" + a
                + "\",\"gives\":{\"currency\":{\"gold\":1}}}," + "\"b\":{\"playerId\":\"" + b
                + "\",\"gives\":{\"currency\":{\"gems\":1}}}}";
        String fingerprint = HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(request.getBytes(StandardCharsets.UTF_8)));
        client.readWriteTransaction().run(tx -> {
            // Keys of every operation share one namespace (as in the adapter): one lookup over all three.
            try (ResultSet prior = tx.executeQuery(com.google.cloud.spanner.Statement.newBuilder(
                            "SELECT Fingerprint FROM Grants WHERE GrantId = @key UNION ALL SELECT Fingerprint FROM Trades "
                                    + "WHERE TradeId = @key UNION ALL SELECT Fingerprint FROM Operations WHERE OperationId = @key")
                    .bind("key")
                    .to(tradeId)
                    .build())) {
                if (prior.next()) {
                    throw new IllegalStateException("trade id reused");
                }
            }
            for (String player : List.of(a, b)) {
                if (tx.readRow("Players", Key.of(player), List.of("PlayerId")) == null) {
                    throw new IllegalStateException("unknown player " + player);
                }
            }
            Map<String, Map<String, Long>> held = new HashMap<>();
            for (String player : List.of(a, b)) {
                Map<String, Long> balances = new HashMap<>();
                try (ResultSet rows = tx.read(
                        "CurrencyBalances",
                        KeySet.newBuilder()
                                .addKey(Key.of(player, "gems"))
                                .addKey(Key.of(player, "gold"))
                                .build(),
                        List.of("Currency", "Amount"))) {
                    while (rows.next()) {
                        Struct row = rows.getCurrentRowAsStruct();
                        balances.put(row.getString("Currency"), row.getLong("Amount"));
                    }
                }
                held.put(player, balances);
            }
            post(tx, a, "gold", held.get(a).get("gold") - 1, -1, tradeId);
            post(tx, b, "gold", held.get(b).get("gold") + 1, 1, tradeId);
            post(tx, b, "gems", held.get(b).get("gems") - 1, -1, tradeId);
            post(tx, a, "gems", held.get(a).get("gems") + 1, 1, tradeId);
            tx.buffer(Mutation.newInsertBuilder("Trades")
                    .set("TradeId")
                    .to(tradeId)
                    .set("Fingerprint")
                    .to(fingerprint)
                    .set("Request")
                    .to(request)
                    .set("Status")
                    .to("COMMITTED")
                    .set("ErrorCode")
                    .to((String) null)
                    .set("Message")
                    .to((String) null)
                    .set("CommittedAt")
                    .to(Value.COMMIT_TIMESTAMP)
                    .set("PlayerA")
                    .to(a)
                    .set("PlayerB")
                    .to(b)
                    .build());
            return null;
        });
        samples.add(System.nanoTime() - start);
    }

    private static void post(
            com.google.cloud.spanner.TransactionContext tx,
            String player,
            String currency,
            long amount,
            long delta,
            String tradeId) {
        tx.buffer(Mutation.newInsertOrUpdateBuilder("CurrencyBalances")
                .set("PlayerId")
                .to(player)
                .set("Currency")
                .to(currency)
                .set("Amount")
                .to(amount)
                .build());
        tx.buffer(Mutation.newInsertBuilder("LedgerEntries")
                .set("PlayerId")
                .to(player)
                .set("TransactionId")
                .to(tradeId)
                .set("Asset")
                .to("currency:" + currency)
                .set("Source")
                .to("TRADE")
                .set("Delta")
                .to(delta)
                .set("CommittedAt")
                .to(Value.COMMIT_TIMESTAMP)
                .build());
    }

    private TradeBench() {}
}
