package com.bluemarble.functions.bench;

import com.bluemarble.functions.bench.report.Percentiles;
import java.util.Arrays;

/** Latencies of one side of a comparison (nanoseconds) and the wall time spent in them. */
final class Samples {
    private long[] nanos;
    private int count;
    private long busyNanos;

    Samples(int capacity) {
        nanos = new long[Math.max(16, capacity)];
    }

    synchronized void add(long elapsedNanos) {
        if (count == nanos.length) {
            nanos = Arrays.copyOf(nanos, nanos.length * 2);
        }
        nanos[count++] = elapsedNanos;
        busyNanos += elapsedNanos;
    }

    synchronized int count() {
        return count;
    }

    /** Operations per second of sequential calls: count / summed call time. */
    synchronized double sequentialThroughput() {
        return count == 0 ? Double.NaN : count / (busyNanos / 1e9);
    }

    synchronized Percentiles percentiles() {
        return Percentiles.of(nanos, count);
    }
}
