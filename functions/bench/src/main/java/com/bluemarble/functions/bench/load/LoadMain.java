package com.bluemarble.functions.bench.load;

import com.bluemarble.client.BlueMarbleClient;
import com.bluemarble.client.BlueMarbleException;
import com.bluemarble.functions.bench.report.Percentiles;
import com.bluemarble.functions.bench.report.Ratios;
import com.bluemarble.functions.core.error.ErrorCode;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./dev load}: drives a running {@code ./dev up} stack like a fleet of game services.
 * Players are granted currency and potions first; then workers send a weighted mix of trades, shop
 * purchases, market trades (listings created by one worker, bought by another), snapshot
 * ingests, leaderboard submits and terrain reads until the duration or the request cap is
 * reached (both bounded), printing a live progress line; at the end, latency percentiles per
 * function and an economy audit, which must still balance. Loopback targets only.
 */
@Command(
        name = "dev load",
        mixinStandardHelpOptions = true,
        description = "Drive a running ./dev up stack and check the economy still balances.")
public final class LoadMain implements Callable<Integer> {

    static final long MAX_DURATION_SECONDS = 1800;
    static final int MAX_REQUESTS_CAP = 5_000_000;

    @Option(
            names = "--url",
            defaultValue = "http://localhost:8080",
            description = "The stack (loopback only). Default: ${DEFAULT-VALUE}")
    URI url;

    @Option(names = "--players", defaultValue = "50", description = "Players (default: ${DEFAULT-VALUE}).")
    int players;

    @Option(
            names = "--duration",
            defaultValue = "30s",
            description = "How long to drive, e.g. 30s, 5m (at most 30m). Default: ${DEFAULT-VALUE}")
    String duration;

    @Option(
            names = "--max-requests",
            defaultValue = "200000",
            description = "Stop after this many requests (default: ${DEFAULT-VALUE}).")
    int maxRequests;

    @Option(
            names = "--concurrency",
            defaultValue = "8",
            description = "Concurrent callers, i.e. game-service threads (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(
            names = "--mix",
            defaultValue = "trades=40,purchases=10,market=10,snapshots=20,submits=15,terrain=5",
            description =
                    "Weights per kind: trades, purchases, market, snapshots, submits, terrain (default: ${DEFAULT-VALUE}).")
    String mix;

    @Option(names = "--seed", defaultValue = "1")
    long seed;

    @Option(
            names = "--report",
            defaultValue = "target/load/report.html",
            description = "Where the HTML report goes (default: ${DEFAULT-VALUE}).")
    String reportFile;

    public static void main(String[] args) {
        System.exit(new CommandLine(new LoadMain()).execute(args));
    }

    /** Kinds of calls and the function each one hits. */
    enum Kind {
        TRADES("trade"),
        SNAPSHOTS("snapshotIngest"),
        SUBMITS("leaderboardSubmit"),
        TERRAIN("terrainGet"),
        /** Shop purchases of the {@code ore-crate} offer of ./dev up's example game config. */
        PURCHASES("purchase"),
        /** Market trades: half the steps list a potion for gold, half buy a listing another worker created. */
        MARKET("listingBuy");

        final String function;

        Kind(String function) {
            this.function = function;
        }
    }

    static Map<Kind, Integer> parseMix(String mix) {
        Map<Kind, Integer> weights = new LinkedHashMap<>();
        for (String part : mix.split(",")) {
            String[] kv = part.trim().split("=");
            if (kv.length != 2) {
                throw new IllegalArgumentException("mix entries are kind=weight: " + part);
            }
            Kind kind = Kind.valueOf(kv[0].trim().toUpperCase());
            int weight = Integer.parseInt(kv[1].trim());
            if (weight < 0) {
                throw new IllegalArgumentException("negative weight: " + part);
            }
            weights.put(kind, weight);
        }
        if (weights.values().stream().mapToInt(Integer::intValue).sum() <= 0) {
            throw new IllegalArgumentException("the mix has no positive weight");
        }
        return weights;
    }

    static Duration parseDuration(String text) {
        String t = text.trim().toLowerCase();
        long seconds;
        if (t.endsWith("ms")) {
            seconds = Math.max(1, Long.parseLong(t.substring(0, t.length() - 2)) / 1000);
        } else if (t.endsWith("s")) {
            seconds = Long.parseLong(t.substring(0, t.length() - 1));
        } else if (t.endsWith("m")) {
            seconds = Long.parseLong(t.substring(0, t.length() - 1)) * 60;
        } else {
            seconds = Long.parseLong(t);
        }
        if (seconds <= 0 || seconds > MAX_DURATION_SECONDS) {
            throw new IllegalArgumentException(
                    "duration must be 1 s .. " + MAX_DURATION_SECONDS / 60 + " min: " + text);
        }
        return Duration.ofSeconds(seconds);
    }

    /** Per function: latencies (bounded by the request cap), status counts. */
    static final class Stats {
        final long[] nanos;
        /** When each recorded call started (System.nanoTime), for the HTML report's latency over time. */
        final long[] startedAt;

        final AtomicInteger count = new AtomicInteger();
        final Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();

        Stats(int capacity) {
            nanos = new long[capacity];
            startedAt = new long[capacity];
        }

        void add(long elapsed, int status) {
            long now = System.nanoTime();
            int i = count.getAndIncrement();
            if (i < nanos.length) {
                nanos[i] = elapsed;
                startedAt[i] = now - elapsed;
            }
            statuses.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
        }
    }

    private BlueMarbleClient client;
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final Map<String, Stats> stats = new ConcurrentHashMap<>();
    private final List<String> errorSamples = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        Duration runFor = parseDuration(duration);
        Map<Kind, Integer> weights = parseMix(mix);
        if (players < 2 || players > 100_000) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--players must be 2 .. 100000");
        }
        if (concurrency < 1 || concurrency > 256) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--concurrency must be 1 .. 256");
        }
        int cap = Math.min(Math.max(1, maxRequests), MAX_REQUESTS_CAP);
        InetAddress host = InetAddress.getByName(url.getHost());
        if (!host.isLoopbackAddress()) {
            out.println("Refusing " + url + ": ./dev load only drives a stack on this machine (loopback).");
            return 2;
        }
        client = BlueMarbleClient.builder(url)
                .connectTimeout(Duration.ofSeconds(2))
                .build();

        String run = UUID.randomUUID().toString().substring(0, 6);
        out.printf(
                "Load run %s against %s: %d players, %s, at most %,d requests, %d callers, mix %s%n",
                run, url, players, runFor, cap, concurrency, weights);
        // Kinds whose function the stack does not serve are dropped, said plainly.
        for (Kind kind : List.copyOf(weights.keySet())) {
            Answer probe = post(kind.function, "{}");
            if (probe.statusCode() == 404 && probe.body().contains(ErrorCode.UNKNOWN_FUNCTION.name())) {
                out.println("  the stack does not serve " + kind.function + ": "
                        + kind.name().toLowerCase() + " dropped from the mix");
                weights.remove(kind);
            }
        }
        if (weights.values().stream().mapToInt(Integer::intValue).sum() <= 0) {
            out.println("Nothing left to drive.");
            return 2;
        }

        // Setup: currency for every player, some terrain chunks to read.
        String[] ids = new String[players];
        String[] regions = {"us-east-1", "eu-west-1", "ap-southeast-1"};
        for (int i = 0; i < players; i++) {
            ids[i] = "load-" + run + "-" + i;
            expect(
                    post(
                            "grant",
                            "{\"grantId\":\"" + UUID.randomUUID() + "\",\"playerId\":\"" + ids[i]
                                    + "\",\"currency\":{\"gold\":100000,\"gems\":100000},\"items\":{\"potion\":1000}}"),
                    200,
                    "grant");
        }
        int chunks = 16;
        int baseX = new Random().nextInt(1 << 19);
        if (weights.containsKey(Kind.TERRAIN)) {
            byte[] data = new byte[4096];
            new Random(seed).nextBytes(data);
            String b64 = java.util.Base64.getEncoder().encodeToString(data);
            for (int i = 0; i < chunks; i++) {
                Answer put = post(
                        "terrainPut",
                        "{\"world\":\"earth\",\"lod\":0,\"x\":" + (baseX + i) + ",\"z\":0,\"data\":\"" + b64 + "\"}");
                if (put.statusCode() != 200 && put.statusCode() != 409) {
                    throw new IllegalStateException("terrainPut answered " + put.statusCode() + " " + put.body());
                }
            }
        }
        out.printf(
                "  setup: %d players granted 100,000 gold, 100,000 gems and 1,000 potions each%s%n",
                players, weights.containsKey(Kind.TERRAIN) ? ", " + chunks + " terrain chunks" : "");

        Kind[] table = weightedTable(weights);
        AtomicLongArray versions = new AtomicLongArray(players);
        long start = System.nanoTime();
        long deadline = start + runFor.toNanos();
        ScheduledExecutorService progress = Executors.newSingleThreadScheduledExecutor();
        progress.scheduleAtFixedRate(() -> progressLine(start, runFor, cap), 1, 1, TimeUnit.SECONDS);
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        List<Future<?>> workers = new ArrayList<>();
        for (int w = 0; w < concurrency; w++) {
            long workerSeed = seed * 1000 + w;
            workers.add(pool.submit(() -> {
                Random random = new Random(workerSeed);
                while (System.nanoTime() < deadline && requests.incrementAndGet() <= cap) {
                    Kind kind = table[random.nextInt(table.length)];
                    int a = random.nextInt(players);
                    if (kind == Kind.MARKET) {
                        marketStep(random, ids, a, cap);
                        continue;
                    }
                    String body = switch (kind) {
                        case TRADES -> {
                            int b = (a + 1 + random.nextInt(players - 1)) % players;
                            yield "{\"tradeId\":\"" + UUID.randomUUID() + "\",\"a\":{\"playerId\":\"" + ids[a]
                                    + "\",\"gives\":{\"currency\":{\"gold\":"
                                    + (1 + random.nextInt(50)) + "}}},\"b\":{\"playerId\":\"" + ids[b]
                                    + "\",\"gives\":{\"currency\":{\"gems\":"
                                    + (1 + random.nextInt(50)) + "}}}}";
                        }
                        case SNAPSHOTS ->
                            "{\"playerId\":\"" + ids[a] + "\",\"version\":" + versions.incrementAndGet(a)
                                    + ",\"state\":{\"x\":" + random.nextInt(100000) + ",\"y\":" + random.nextInt(100000)
                                    + ",\"hp\":" + random.nextInt(100) + "}}";
                        case SUBMITS ->
                            "{\"board\":\"global-score\",\"playerId\":\"" + ids[a] + "\",\"region\":\""
                                    + regions[a % regions.length] + "\",\"score\":" + random.nextInt(1_000_000) + "}";
                        case TERRAIN ->
                            "{\"world\":\"earth\",\"lod\":0,\"x\":" + (baseX + random.nextInt(chunks)) + ",\"z\":0}";
                        case PURCHASES ->
                            "{\"purchaseId\":\"" + UUID.randomUUID() + "\",\"playerId\":\"" + ids[a]
                                    + "\",\"offerId\":\"ore-crate\",\"quantity\":" + (1 + random.nextInt(3)) + "}";
                        case MARKET -> throw new IllegalStateException("market steps are sent by marketStep");
                    };
                    call(kind, body, cap);
                }
                return null;
            }));
        }
        for (Future<?> worker : workers) {
            worker.get();
        }
        pool.shutdown();
        progress.shutdownNow();
        double seconds = (System.nanoTime() - start) / 1e9;
        long done = stats.values().stream().mapToLong(s -> s.count.get()).sum();
        progressLine(start, runFor, cap);
        out.println();
        out.printf("%,d requests in %.1f s (%.1f req/s), %,d errors%n", done, seconds, done / seconds, errors.get());
        out.printf(
                "%-18s %8s %9s %9s %9s %9s  %s%n",
                "function", "calls", "p50 ms", "p90 ms", "p99 ms", "max ms", "statuses");
        for (var entry : new TreeMap<>(stats).entrySet()) {
            Stats s = entry.getValue();
            int n = Math.min(s.count.get(), s.nanos.length);
            if (n == 0) {
                continue;
            }
            Percentiles p = Percentiles.of(s.nanos, n);
            out.printf(
                    "%-18s %8d %9s %9s %9s %9s  %s%n",
                    entry.getKey(),
                    s.count.get(),
                    Ratios.format(p.p50Millis()),
                    Ratios.format(p.p90Millis()),
                    Ratios.format(p.p99Millis()),
                    Ratios.format(p.maxMillis()),
                    new TreeMap<>(s.statuses));
        }
        synchronized (errorSamples) {
            errorSamples.forEach(e -> out.println("  error: " + e));
        }
        out.println("HTML report (latency over time per function, status mix): " + htmlReport(start, seconds));
        Answer audit = post("economyAudit", "{}");
        boolean balanced = audit.statusCode() == 200 && audit.body().contains("\"ok\":true");
        out.println("Audit: " + (balanced ? "OK, the economy balances" : "FAILED") + " -> " + audit.statusCode() + " "
                + (audit.body().length() > 400 ? audit.body().substring(0, 400) + "..." : audit.body()));
        return balanced && errors.get() == 0 ? 0 : 1;
    }

    /** Writes target/load/report.html; returns its path. */
    private Path htmlReport(long runStartNanos, double seconds) throws java.io.IOException {
        List<LoadReport.Calls> calls = new ArrayList<>();
        for (var entry : new TreeMap<>(stats).entrySet()) {
            Stats s = entry.getValue();
            int n = Math.min(s.count.get(), s.nanos.length);
            long[] starts = new long[n];
            for (int i = 0; i < n; i++) {
                starts[i] = s.startedAt[i] - runStartNanos;
            }
            Map<Integer, Integer> statuses = new TreeMap<>();
            s.statuses.forEach((status, count) -> statuses.put(status, count.get()));
            calls.add(new LoadReport.Calls(entry.getKey(), starts, s.nanos, n, statuses));
        }
        return LoadReport.write(
                        Path.of(reportFile),
                        "./dev load: " + url + ", " + players + " players, mix " + mix,
                        seconds,
                        calls)
                .toAbsolutePath();
    }

    static Kind[] weightedTable(Map<Kind, Integer> weights) {
        List<Kind> table = new ArrayList<>();
        weights.forEach((kind, weight) -> {
            for (int i = 0; i < weight; i++) {
                table.add(kind);
            }
        });
        return table.toArray(Kind[]::new);
    }

    /** Listings created by one worker and bought by another: (listing id, seller index). */
    private final java.util.concurrent.ConcurrentLinkedQueue<String[]> openListings =
            new java.util.concurrent.ConcurrentLinkedQueue<>();

    private void marketStep(Random random, String[] ids, int a, int cap) {
        String[] listing = random.nextBoolean() ? openListings.poll() : null;
        if (listing == null) {
            String listingId = UUID.randomUUID().toString();
            int status = call(
                    Kind.MARKET,
                    "listingCreate",
                    "{\"listingId\":\"" + listingId + "\",\"sellerId\":\"" + ids[a]
                            + "\",\"items\":{\"potion\":1},\"price\":{\"currency\":\"gold\",\"amount\":"
                            + (1 + random.nextInt(100)) + "}}",
                    cap);
            if (status == 200) {
                openListings.add(new String[] {listingId, Integer.toString(a)});
            }
            return;
        }
        int seller = Integer.parseInt(listing[1]);
        int buyer = (seller + 1 + random.nextInt(ids.length - 1)) % ids.length;
        call(
                Kind.MARKET,
                "listingBuy",
                "{\"purchaseId\":\"" + UUID.randomUUID() + "\",\"listingId\":\"" + listing[0] + "\",\"buyerId\":\""
                        + ids[buyer] + "\"}",
                cap);
    }

    private void call(Kind kind, String body, int cap) {
        call(kind, kind.function, body, cap);
    }

    /** @return the answer's status (-1: no answer) */
    private int call(Kind kind, String function, String body, int cap) {
        long begin = System.nanoTime();
        int status;
        String reply;
        try {
            Answer response = post(function, body);
            status = response.statusCode();
            reply = response.body();
        } catch (Exception e) {
            status = -1;
            reply = e.toString();
        }
        long elapsed = System.nanoTime() - begin;
        stats.computeIfAbsent(function, f -> new Stats(cap)).add(elapsed, status);
        // 422 on a trade is the economy saying no (insufficient funds): an answer, not an error.
        boolean expected = switch (kind) {
            case TRADES -> status == 200 || status == 422;
            case SNAPSHOTS -> status == 202 || status == 200;
            // 422: the economy saying no (funds, a seller's listing cap); 409: a listing gone meanwhile.
            case PURCHASES -> status == 200 || status == 422;
            case MARKET -> status == 200 || status == 422 || status == 409;
            default -> status == 200;
        };
        if (!expected) {
            errors.incrementAndGet();
            synchronized (errorSamples) {
                if (errorSamples.size() < 5) {
                    errorSamples.add(function + " -> " + status + " "
                            + (reply.length() > 200 ? reply.substring(0, 200) : reply));
                }
            }
        }
        return status;
    }

    private void progressLine(long start, Duration runFor, int cap) {
        double elapsed = (System.nanoTime() - start) / 1e9;
        long done = stats.values().stream().mapToLong(s -> s.count.get()).sum();
        double fraction = Math.min(1, Math.max(elapsed / runFor.toSeconds(), (double) done / cap));
        int width = 30;
        int filled = (int) Math.round(fraction * width);
        char[] bar = new char[width];
        Arrays.fill(bar, 0, filled, '#');
        Arrays.fill(bar, filled, width, '-');
        System.out.printf(
                "\r[%s] %5.1fs/%ds %,9d req %8.1f req/s  errors %d   ",
                new String(bar), elapsed, runFor.toSeconds(), done, done / Math.max(elapsed, 1e-3), errors.get());
        System.out.flush();
    }

    /** What a call answered: the status (-1 when nothing answered) and the body. */
    record Answer(int status, String body) {
        int statusCode() {
            return status;
        }
    }

    /** Every call goes through the game services' client: its retries (503, timeouts), errors and, off loopback, SigV4. */
    private Answer post(String function, String json) {
        try {
            BlueMarbleClient.Response response = client.exchange(function, json.getBytes(StandardCharsets.UTF_8));
            return new Answer(response.status(), response.body().toString());
        } catch (BlueMarbleException e) {
            return new Answer(
                    e.status() == 0 ? -1 : e.status(),
                    e.body() != null ? e.body().toString() : e.getMessage());
        }
    }

    private static void expect(Answer response, int status, String what) {
        if (response.statusCode() != status) {
            throw new IllegalStateException(what + " answered " + response.statusCode() + " " + response.body());
        }
    }
}
