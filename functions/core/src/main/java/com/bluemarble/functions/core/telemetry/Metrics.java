package com.bluemarble.functions.core.telemetry;

/**
 * The metrics port: the core and the adapters count and time what they do through it, the app
 * turns it into CloudWatch Embedded Metric Format. The function name is never passed: the
 * implementation takes it from the invocation in progress ({@link CallContext}), so dimensions stay
 * {@code [Function]} or {@code [Function, <dimension>]} (see {@link MetricNames}).
 */
public interface Metrics {

    /** CloudWatch units used by this project (a subset of CloudWatch's). */
    enum Unit {
        COUNT,
        MILLISECONDS,
        BYTES
    }

    /** Does nothing: the default of every class that can report metrics. */
    Metrics NONE = new Metrics() {
        @Override
        public void put(String metric, double value, Unit unit) {}

        @Override
        public void put(String metric, double value, Unit unit, String dimension, String dimensionValue) {}
    };

    /** A value under the dimension set {@code [Function]}. */
    void put(String metric, double value, Unit unit);

    /** A value under the dimension set {@code [Function, dimension]}, e.g. {@code [Function, Shard]}. */
    void put(String metric, double value, Unit unit, String dimension, String dimensionValue);

    default void count(String metric, long count) {
        put(metric, count, Unit.COUNT);
    }

    default void count(String metric, long count, String dimension, String dimensionValue) {
        put(metric, count, Unit.COUNT, dimension, dimensionValue);
    }
}
