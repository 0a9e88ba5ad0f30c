package com.bluemarble.functions.bench;

import com.bluemarble.functions.bench.report.Goal;
import com.bluemarble.functions.bench.report.Percentiles;
import com.bluemarble.functions.bench.report.Ratios;
import com.bluemarble.functions.bench.report.Report;
import com.bluemarble.functions.bench.report.Row;
import com.bluemarble.functions.core.leaderboard.LeaderboardService;
import com.bluemarble.functions.core.leaderboard.SubmitRequest;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.springframework.messaging.Message;

/**
 * Leaderboards: submit through the adapter vs redis-benchmark ZADD -P 16 on the same server;
 * global top-100 and exact global rank through the functions over 3 shards x N members vs the
 * bare Redis commands; the same rank query in PostgreSQL (see {@link PostgresRank}).
 */
final class LeaderboardBench {

    private static final String BOARD = "global-score";
    private static final long BASE = (1L << 48) - 1;

    static double run(BenchEnv env, Report report, PrintStream log, int membersPerShard, int queries, int submitSeconds)
            throws Exception {
        List<RedisClient> clients = new ArrayList<>();
        List<StatefulRedisConnection<String, String>> connections = new ArrayList<>();
        try {
            for (URI uri : env.redis.uris()) {
                RedisClient client = RedisClient.create(uri.toString());
                clients.add(client);
                connections.add(client.connect());
            }
            long loadStart = System.nanoTime();
            List<CompletableFuture<Void>> loads = new ArrayList<>();
            for (int shard = 0; shard < connections.size(); shard++) {
                int s = shard;
                loads.add(CompletableFuture.runAsync(
                        () -> load(connections.get(s), BenchEnv.REGIONS.get(s), s, membersPerShard)));
            }
            CompletableFuture.allOf(loads.toArray(CompletableFuture[]::new)).join();
            double loadSeconds = (System.nanoTime() - loadStart) / 1e9;
            for (int shard = 0; shard < connections.size(); shard++) {
                long size = connections.get(shard).sync().zcard(scoresKey(BenchEnv.REGIONS.get(shard)));
                if (size != membersPerShard) {
                    throw new IllegalStateException(
                            "shard " + shard + " holds " + size + " members, not " + membersPerShard);
                }
            }
            String loaded = String.format(
                    "%d shards x %,d members loaded in %.1f s (ZADD/HSET 1,000 per command, pipelined)",
                    connections.size(), membersPerShard, loadSeconds);
            log.println("  " + loaded);
            report.note("Leaderboard data: " + loaded);

            submit(env, report, log, submitSeconds);
            top(env, report, connections, queries);
            return rank(env, report, connections, queries, membersPerShard);
        } finally {
            connections.forEach(StatefulRedisConnection::close);
            clients.forEach(RedisClient::shutdown);
        }
    }

    static String scoresKey(String region) {
        return "lb:{" + BOARD + ":all:" + region + "}:scores";
    }

    static String membersKey(String region) {
        return "lb:{" + BOARD + ":all:" + region + "}:members";
    }

    static String playerId(int shard, int index) {
        return "p" + shard + "-" + index;
    }

    /** The adapter's member encoding (12 hex digits of 2^48-1-millis, then the player id). */
    static String member(String playerId, long millis) {
        return String.format("%012x", BASE - millis) + playerId;
    }

    private static void load(
            StatefulRedisConnection<String, String> connection, String region, int shard, int members) {
        RedisAsyncCommands<String, String> redis = connection.async();
        SplittableRandom random = new SplittableRandom(shard);
        long millis = 1_700_000_000_000L;
        List<RedisFuture<?>> window = new ArrayList<>();
        int batch = 1000;
        for (int from = 0; from < members; from += batch) {
            int to = Math.min(members, from + batch);
            @SuppressWarnings("unchecked")
            ScoredValue<String>[] values = new ScoredValue[to - from];
            Map<String, String> index = new HashMap<>();
            for (int i = from; i < to; i++) {
                String player = playerId(shard, i);
                String member = member(player, millis + i);
                values[i - from] = ScoredValue.just(random.nextLong(1_000_000_000L), member);
                index.put(player, member);
            }
            window.add(redis.zadd(scoresKey(region), values));
            window.add(redis.hset(membersKey(region), index));
            if (window.size() >= 64) {
                window.forEach(f -> f.toCompletableFuture().join());
                window.clear();
            }
        }
        window.forEach(f -> f.toCompletableFuture().join());
    }

    /**
     * Batch submits: the leaderboardSubmit function bean (JSON in and out, validation, the adapter's
     * per-shard pipeline) with 1,000 entries per call from a few callers, against the same
     * redis-benchmark baseline. Entries spread over the three regions, as a match's results would.
     */
    private static void batchSubmit(BenchEnv env, Report report, PrintStream log, int seconds, double baseline)
            throws Exception {
        Function<Message<byte[]>, Message<byte[]>> bean = env.function("leaderboardSubmit");
        int entries = 1000;
        int threads = 4;
        for (int i = 0; i < 5; i++) { // warm-up
            BenchEnv.call(bean, batchBody("bw" + i, entries, new Random(i)));
        }
        AtomicInteger calls = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        long start = System.nanoTime();
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            workers.add(pool.submit(() -> {
                Random random = new Random(100 + thread);
                while (System.nanoTime() < deadline) {
                    String body = batchBody("b" + thread + "-" + calls.get(), entries, random);
                    BenchEnv.Response response = BenchEnv.call(bean, body);
                    calls.incrementAndGet();
                    if (response.status() != 200) {
                        failed.incrementAndGet();
                    }
                }
            }));
        }
        for (Future<?> worker : workers) {
            worker.get();
        }
        double wall = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        double value = (double) (calls.get() - failed.get()) * entries / wall;
        log.printf("  batch submits: %.0f entries/s (%d calls of %d)%n", value, calls.get(), entries);
        report.add(Row.of(
                "leaderboard batch submit (1,000 entries per call) vs redis-benchmark ZADD -P 16",
                value,
                baseline,
                Goal.ratioAtLeast(0.5),
                "ops/s",
                String.format(
                        "%,d leaderboardSubmit calls of %,d entries (function bean: JSON, validation of the whole batch, "
                                + "Lua best-score script pipelined per shard over 3 regions) from %d threads in %.1f s, %d failed; "
                                + "baseline redis-benchmark -t zadd -P 16 -n 400000 -r 1000000 (50 clients) on one of the servers",
                        calls.get(), entries, threads, wall, failed.get())));
    }

    private static String batchBody(String prefix, int entries, Random random) {
        StringBuilder body = new StringBuilder(entries * 100).append("{\"entries\":[");
        for (int i = 0; i < entries; i++) {
            body.append(i == 0 ? "" : ",")
                    .append("{\"board\":\"")
                    .append(BOARD)
                    .append("\",\"playerId\":\"")
                    .append(prefix)
                    .append('-')
                    .append(i)
                    .append("\",\"region\":\"")
                    .append(BenchEnv.REGIONS.get(i % BenchEnv.REGIONS.size()))
                    .append("\",\"score\":")
                    .append(random.nextInt(1_000_000_000))
                    .append('}');
        }
        return body.append("]}").toString();
    }

    private static void submit(BenchEnv env, Report report, PrintStream log, int seconds) throws Exception {
        URI shard = env.redis.uris().get(0);
        // Baseline: redis-benchmark's ZADD, 16 commands pipelined per client, default 50 clients.
        Process bench = new ProcessBuilder(
                        "redis-benchmark",
                        "-h",
                        shard.getHost(),
                        "-p",
                        Integer.toString(shard.getPort()),
                        "-t",
                        "zadd",
                        "-P",
                        "16",
                        "-n",
                        "400000",
                        "-r",
                        "1000000",
                        "-q",
                        "--csv")
                .redirectErrorStream(true)
                .start();
        String output = new String(bench.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!bench.waitFor(120, TimeUnit.SECONDS) || bench.exitValue() != 0) {
            bench.destroyForcibly();
            throw new IllegalStateException("redis-benchmark failed: " + output);
        }
        double baseline = Double.NaN;
        for (String line : output.split("\n")) {
            String[] cells = line.replace("\"", "").split(",");
            if (cells.length >= 2 && cells[0].startsWith("ZADD")) {
                baseline = Double.parseDouble(cells[1]);
            }
        }
        if (Double.isNaN(baseline)) {
            throw new IllegalStateException("no ZADD line in redis-benchmark output: " + output);
        }
        log.printf("  redis-benchmark -t zadd -P 16: %.0f ops/s%n", baseline);

        batchSubmit(env, report, log, seconds, baseline);

        LeaderboardService service = env.context.getBean(LeaderboardService.class);
        int threads = 16;
        int maxSubmits = 300_000;
        AtomicInteger issued = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        for (int i = 0; i < 2000; i++) { // warm-up
            service.submit(SubmitRequest.of(BOARD, "warm-" + i, BenchEnv.REGIONS.get(0), (long) i));
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        long start = System.nanoTime();
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            workers.add(pool.submit(() -> {
                Random random = new Random(thread);
                while (System.nanoTime() < deadline) {
                    int n = issued.incrementAndGet();
                    if (n > maxSubmits) {
                        issued.decrementAndGet();
                        return;
                    }
                    try {
                        service.submit(SubmitRequest.of(BOARD, "s" + thread + "-" + n, BenchEnv.REGIONS.get(0), (long)
                                random.nextInt(1_000_000_000)));
                    } catch (RuntimeException e) {
                        failed.incrementAndGet();
                    }
                }
            }));
        }
        for (Future<?> worker : workers) {
            worker.get();
        }
        double wall = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        double value = (issued.get() - failed.get()) / wall;
        report.add(Row.of(
                "leaderboard submit (one per call): adapter vs redis-benchmark ZADD -P 16",
                value,
                baseline,
                Goal.none(),
                "ops/s",
                String.format(
                        "%,d submits (LeaderboardService + Redis adapter, Lua best-score script) from %d threads in %.1f s, %d failed; "
                                + "baseline redis-benchmark -t zadd -P 16 -n 400000 -r 1000000 (50 clients) on the same redis-server",
                        issued.get(), threads, wall, failed.get())));
    }

    private static void top(
            BenchEnv env, Report report, List<StatefulRedisConnection<String, String>> connections, int queries) {
        Function<Message<byte[]>, Message<byte[]>> top = env.function("leaderboardTop");
        String json = "{\"board\":\"" + BOARD + "\",\"limit\":100}";
        Samples function = new Samples(queries);
        Samples bare = new Samples(queries);
        Samples discard = new Samples(16);
        for (int i = 0; i < 200; i++) {
            timedTop(top, json, discard);
            bareTop(connections, discard);
        }
        for (int i = 0; i < queries; i++) {
            timedTop(top, json, function);
            bareTop(connections, bare);
        }
        Percentiles f = function.percentiles();
        Percentiles b = bare.percentiles();
        report.add(Row.of(
                "leaderboard global top-100 p99 (3 shards): function vs bare ZREVRANGE x3",
                f.p99Millis(),
                b.p99Millis(),
                Goal.valueAtMost(5, "ms"),
                "ms",
                queries + " sequential queries each; function p50 " + Ratios.format(f.p50Millis()) + " ms, bare p50 "
                        + Ratios.format(b.p50Millis()) + " ms"));
    }

    private static void timedTop(Function<Message<byte[]>, Message<byte[]>> top, String json, Samples samples) {
        long start = System.nanoTime();
        BenchEnv.Response response = BenchEnv.call(top, json);
        long elapsed = System.nanoTime() - start;
        if (response.status() != 200 || !response.body().contains("\"rank\":100,")) {
            throw new IllegalStateException("leaderboardTop answered " + response.status() + " "
                    + response.body().substring(0, Math.min(300, response.body().length())));
        }
        samples.add(elapsed);
    }

    private static void bareTop(List<StatefulRedisConnection<String, String>> connections, Samples samples) {
        long start = System.nanoTime();
        List<CompletableFuture<List<ScoredValue<String>>>> replies = new ArrayList<>();
        for (int shard = 0; shard < connections.size(); shard++) {
            replies.add(connections
                    .get(shard)
                    .async()
                    .zrevrangeWithScores(scoresKey(BenchEnv.REGIONS.get(shard)), 0, 99)
                    .toCompletableFuture());
        }
        replies.forEach(CompletableFuture::join);
        samples.add(System.nanoTime() - start);
    }

    /** @return the function's rank p99 in ms (the PostgreSQL comparison's baseline) */
    private static double rank(
            BenchEnv env,
            Report report,
            List<StatefulRedisConnection<String, String>> connections,
            int queries,
            int members) {
        Function<Message<byte[]>, Message<byte[]>> rank = env.function("leaderboardRank");
        Samples function = new Samples(queries);
        Samples bare = new Samples(queries);
        Samples discard = new Samples(16);
        Random random = new Random(11);
        for (int i = 0; i < 200 + queries; i++) {
            int shard = random.nextInt(connections.size());
            String player = playerId(shard, random.nextInt(members));
            boolean warm = i < 200;
            long start = System.nanoTime();
            BenchEnv.Response response =
                    BenchEnv.call(rank, "{\"board\":\"" + BOARD + "\",\"playerId\":\"" + player + "\"}");
            long elapsed = System.nanoTime() - start;
            if (response.status() != 200 || !response.body().contains("\"globalRank\"")) {
                throw new IllegalStateException(
                        "leaderboardRank answered " + response.status() + " " + response.body());
            }
            (warm ? discard : function).add(elapsed);
            bareRank(connections, shard, player, warm ? discard : bare);
        }
        Percentiles f = function.percentiles();
        Percentiles b = bare.percentiles();
        report.add(Row.of(
                "leaderboard exact global rank p99 (3 shards): function vs bare HGET+ZSCORE+ZCOUNT x3",
                f.p99Millis(),
                b.p99Millis(),
                Goal.valueAtMost(2, "ms"),
                "ms",
                queries + " sequential queries each, random loaded players; function p50 "
                        + Ratios.format(f.p50Millis()) + " ms, bare p50 " + Ratios.format(b.p50Millis()) + " ms"));
        return f.p99Millis();
    }

    private static void bareRank(
            List<StatefulRedisConnection<String, String>> connections, int home, String player, Samples samples) {
        long start = System.nanoTime();
        var sync = connections.get(home).sync();
        String region = BenchEnv.REGIONS.get(home);
        String member = sync.hget(membersKey(region), player);
        Double score = sync.zscore(scoresKey(region), member);
        List<CompletableFuture<Long>> above = new ArrayList<>();
        for (int shard = 0; shard < connections.size(); shard++) {
            above.add(connections
                    .get(shard)
                    .async()
                    .zcount(
                            scoresKey(BenchEnv.REGIONS.get(shard)),
                            Range.from(Range.Boundary.excluding(score), Range.Boundary.<Double>unbounded()))
                    .toCompletableFuture());
        }
        above.forEach(CompletableFuture::join);
        samples.add(System.nanoTime() - start);
    }

    private LeaderboardBench() {}
}
