package com.bluemarble.functions.bench;

import com.bluemarble.client.BlueMarbleClient;
import com.bluemarble.client.Economy;
import com.bluemarble.functions.bench.report.Goal;
import com.bluemarble.functions.bench.report.Report;
import com.bluemarble.functions.bench.report.Row;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

/**
 * The client library's overhead: a trade through {@link BlueMarbleClient#trade} vs a raw
 * {@code java.net.http} POST of the same body to the same host, one caller, the two sides
 * interleaved in blocks so the shared machine's drift hits both alike.
 */
final class ClientOverheadBench {

    private static final int BLOCK = 25;

    static void run(BenchEnv env, BenchHttpHost host, Report report, PrintStream log, int tradesPerSide)
            throws Exception {
        BlueMarbleClient client = BlueMarbleClient.create(host.uri().toString());
        HttpClient raw =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        String run = UUID.randomUUID().toString().substring(0, 6);
        String a = "co-a-" + run, b = "co-b-" + run;
        client.grant(Economy.Grant.of(a, Economy.Assets.currency("gold", 1_000_000)));
        client.grant(Economy.Grant.of(b, Economy.Assets.currency("gems", 1_000_000)));
        for (int i = 0; i < 20; i++) { // warm-up of both paths
            client.trade(trade(a, b));
            rawTrade(raw, host.uri(), a, b);
        }
        long clientNanos = 0, rawNanos = 0;
        for (int done = 0; done < tradesPerSide; done += BLOCK) {
            long start = System.nanoTime();
            for (int i = 0; i < BLOCK; i++) {
                client.trade(trade(a, b));
            }
            clientNanos += System.nanoTime() - start;
            start = System.nanoTime();
            for (int i = 0; i < BLOCK; i++) {
                rawTrade(raw, host.uri(), a, b);
            }
            rawNanos += System.nanoTime() - start;
        }
        int n = ((tradesPerSide + BLOCK - 1) / BLOCK) * BLOCK;
        double clientRate = n / (clientNanos / 1e9);
        double rawRate = n / (rawNanos / 1e9);
        log.printf("  client %.1f trades/s, raw HTTP %.1f trades/s%n", clientRate, rawRate);
        report.add(
                Row.of(
                        "client: trade throughput through BlueMarbleClient vs a raw HTTP POST of the same body",
                        clientRate,
                        rawRate,
                        Goal.ratioAtLeast(0.95),
                        "trades/s",
                        n + " trades each, one caller, blocks of " + BLOCK
                                + " interleaved; same HTTP host (the function beans behind a JDK HttpServer), same Spanner emulator; "
                                + "the client adds request records to JSON, answer parsing, the retry loop (no retry happened)"));
    }

    private static Economy.Trade trade(String a, String b) {
        return Economy.Trade.of(a, Economy.Assets.currency("gold", 1), b, Economy.Assets.currency("gems", 1));
    }

    private static void rawTrade(HttpClient raw, URI host, String a, String b) throws Exception {
        String body = "{\"tradeId\":\"" + UUID.randomUUID() + "\",\"a\":{\"playerId\":\"" + a
                + "\",\"gives\":{\"currency\":{\"gold\":1}}},\"b\":{\"playerId\":\"" + b
                + "\",\"gives\":{\"currency\":{\"gems\":1}}}}";
        HttpResponse<byte[]> response = raw.send(
                HttpRequest.newBuilder(host.resolve("/trade"))
                        .timeout(Duration.ofSeconds(15))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("raw trade answered " + response.statusCode());
        }
        BenchJson.read(response.body()); // parse the answer too, as any caller would
    }

    private ClientOverheadBench() {}
}
