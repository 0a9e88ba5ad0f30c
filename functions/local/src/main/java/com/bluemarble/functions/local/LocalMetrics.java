package com.bluemarble.functions.local;

import com.bluemarble.functions.app.JsonFunctions;
import com.bluemarble.functions.app.telemetry.EmfMetrics;
import com.bluemarble.functions.core.telemetry.MetricNames;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.annotation.Lazy;
import tools.jackson.databind.JsonNode;

/**
 * The in-process metrics sink behind {@code /_status}: it receives every EMF document the
 * functions emit (the very documents Lambda writes to CloudWatch) and keeps the last
 * {@link #WINDOW_SECONDS} seconds of them in {@link #BUCKET_SECONDS}-second buckets, per function.
 * Nothing is counted twice or elsewhere: a figure on the page is a sum of EMF values.
 */
@Lazy(false) // the app is lazy: without this nothing would listen until the page's first view
class LocalMetrics implements DisposableBean {

    static final int BUCKET_SECONDS = 10;
    static final int WINDOW_SECONDS = 600;
    static final int BUCKETS = WINDOW_SECONDS / BUCKET_SECONDS;
    /** Latency samples kept per bucket and function (enough for p99 at local rates). */
    static final int MAX_SAMPLES = 2000;

    /** One bucket of one function. */
    static final class Bucket {
        final long start;
        final Map<String, Double> sums = new TreeMap<>();
        final Map<String, Long> errorCodes = new TreeMap<>();
        final List<Double> latencies = new ArrayList<>();

        Bucket(long start) {
            this.start = start;
        }
    }

    private final Clock clock;
    private final Map<String, Bucket[]> byFunction = new ConcurrentHashMap<>();
    private final Runnable unsubscribe;

    LocalMetrics() {
        this(Clock.systemUTC(), true);
    }

    LocalMetrics(Clock clock, boolean subscribe) {
        this.clock = clock;
        this.unsubscribe = subscribe ? EmfMetrics.instance().listen(this::accept) : () -> {};
    }

    /** One EMF document. */
    void accept(String document) {
        JsonNode root = JsonFunctions.JSON.readTree(document);
        JsonNode directive = root.path("_aws").path("CloudWatchMetrics").path(0);
        String function = root.path(MetricNames.FUNCTION).asString("unattributed");
        long at = root.path("_aws").path("Timestamp").asLong(clock.millis());
        String errorCode = root.path(MetricNames.ERROR_CODE).asString(null);
        synchronized (this) {
            Bucket bucket = bucket(function, at);
            for (JsonNode metric : directive.path("Metrics")) {
                String name = metric.path("Name").asString();
                List<Double> values = values(root.path(name));
                double sum = values.stream().mapToDouble(Double::doubleValue).sum();
                bucket.sums.merge(name, sum, Double::sum);
                if (name.equals(MetricNames.LATENCY) && bucket.latencies.size() < MAX_SAMPLES) {
                    bucket.latencies.addAll(values);
                }
                if (name.equals(MetricNames.ERRORS) && errorCode != null) {
                    bucket.errorCodes.merge(errorCode, (long) sum, Long::sum);
                }
            }
        }
    }

    private static List<Double> values(JsonNode value) {
        if (value.isArray()) {
            List<Double> values = new ArrayList<>();
            value.forEach(v -> values.add(v.asDouble()));
            return values;
        }
        return value.isNumber() ? List.of(value.asDouble()) : List.of();
    }

    private Bucket bucket(String function, long at) {
        long start = at - Math.floorMod(at, BUCKET_SECONDS * 1000L);
        Bucket[] ring = byFunction.computeIfAbsent(function, f -> new Bucket[BUCKETS]);
        int slot = (int) Math.floorMod(start / (BUCKET_SECONDS * 1000L), (long) BUCKETS);
        if (ring[slot] == null || ring[slot].start != start) {
            ring[slot] = new Bucket(start);
        }
        return ring[slot];
    }

    /** A function's figures over the window, oldest bucket first. */
    record Series(
            String function,
            long[] bucketStarts,
            double[] invocations,
            double[] p99,
            double ratePerSecond,
            double p50,
            double p99Last,
            Map<String, Long> errorCodes,
            Map<String, Double> totals,
            Map<String, Double> recentTotals) {}

    /** Every function seen in the window; the rate and percentiles cover the last {@code recentSeconds}. */
    synchronized List<Series> series(int recentSeconds) {
        long now = clock.millis();
        long newest = now - Math.floorMod(now, BUCKET_SECONDS * 1000L);
        List<Series> all = new ArrayList<>();
        for (var entry : new TreeMap<>(byFunction).entrySet()) {
            long[] starts = new long[BUCKETS];
            double[] invocations = new double[BUCKETS];
            double[] p99 = new double[BUCKETS];
            Arrays.fill(p99, Double.NaN); // no line where there were no calls
            List<Double> recent = new ArrayList<>();
            double recentCount = 0;
            Map<String, Long> errorCodes = new TreeMap<>();
            Map<String, Double> totals = new TreeMap<>();
            Map<String, Double> recentTotals = new TreeMap<>();
            boolean any = false;
            for (int i = 0; i < BUCKETS; i++) {
                long start = newest - (long) (BUCKETS - 1 - i) * BUCKET_SECONDS * 1000L;
                starts[i] = start;
                int slot = (int) Math.floorMod(start / (BUCKET_SECONDS * 1000L), (long) BUCKETS);
                Bucket bucket = entry.getValue()[slot];
                if (bucket == null || bucket.start != start) {
                    continue;
                }
                any = true;
                invocations[i] = bucket.sums.getOrDefault(MetricNames.INVOCATIONS, 0.0);
                p99[i] = percentile(bucket.latencies, 0.99);
                bucket.errorCodes.forEach((code, n) -> errorCodes.merge(code, n, Long::sum));
                bucket.sums.forEach((name, sum) -> totals.merge(name, sum, Double::sum));
                if (now - start < recentSeconds * 1000L) {
                    recent.addAll(bucket.latencies);
                    recentCount += invocations[i];
                    bucket.sums.forEach((name, sum) -> recentTotals.merge(name, sum, Double::sum));
                }
            }
            if (any) {
                all.add(new Series(
                        entry.getKey(),
                        starts,
                        invocations,
                        p99,
                        recentCount / recentSeconds,
                        percentile(recent, 0.50),
                        percentile(recent, 0.99),
                        errorCodes,
                        totals,
                        recentTotals));
            }
        }
        return all;
    }

    static double percentile(List<Double> samples, double quantile) {
        if (samples.isEmpty()) {
            return Double.NaN;
        }
        double[] sorted = samples.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(sorted);
        int index = (int) Math.ceil(quantile * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    /** Unmodifiable view for tests. */
    Map<String, Bucket[]> raw() {
        return Collections.unmodifiableMap(byFunction);
    }

    @Override
    public void destroy() {
        unsubscribe.run();
    }
}
