package com.bluemarble.functions.bench.report;

import java.util.Arrays;

/**
 * Latency summary of recorded samples (nanoseconds), nearest-rank percentiles: the p-th
 * percentile is the smallest sample such that at least p% of the samples are at or below it.
 */
public record Percentiles(
        int count, double p50Millis, double p90Millis, double p99Millis, double maxMillis, double meanMillis) {

    public static Percentiles of(long[] nanos, int count) {
        if (count <= 0) {
            throw new IllegalArgumentException("no samples");
        }
        long[] sorted = Arrays.copyOf(nanos, count);
        Arrays.sort(sorted);
        double sum = 0;
        for (long n : sorted) {
            sum += n;
        }
        return new Percentiles(
                count,
                millis(nearestRank(sorted, 50)),
                millis(nearestRank(sorted, 90)),
                millis(nearestRank(sorted, 99)),
                millis(sorted[count - 1]),
                sum / count / 1e6);
    }

    public static Percentiles of(long[] nanos) {
        return of(nanos, nanos.length);
    }

    /** Nearest rank on ascending samples: index ceil(p/100 * n) - 1, clamped to [0, n-1]. */
    public static long nearestRank(long[] ascending, double percentile) {
        if (ascending.length == 0) {
            throw new IllegalArgumentException("no samples");
        }
        if (percentile <= 0 || percentile > 100) {
            throw new IllegalArgumentException("percentile must be in (0, 100]: " + percentile);
        }
        int rank = (int) Math.ceil(percentile / 100.0 * ascending.length);
        return ascending[Math.min(Math.max(rank, 1), ascending.length) - 1];
    }

    private static double millis(long nanos) {
        return nanos / 1e6;
    }
}
