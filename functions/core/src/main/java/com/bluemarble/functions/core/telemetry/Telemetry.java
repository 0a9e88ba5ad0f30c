package com.bluemarble.functions.core.telemetry;

/**
 * Where the core and the adapters find the metrics and tracing ports. One per process (like
 * stdout, where both end up in Lambda): the app installs its implementations at start-up; until
 * then, and in pure unit tests, both do nothing.
 */
public final class Telemetry {

    private static volatile Metrics metrics = Metrics.NONE;
    private static volatile StoreTracing tracing = StoreTracing.NONE;

    private Telemetry() {}

    public static Metrics metrics() {
        return metrics;
    }

    public static StoreTracing tracing() {
        return tracing;
    }

    public static void install(Metrics metrics, StoreTracing tracing) {
        Telemetry.metrics = metrics;
        Telemetry.tracing = tracing;
    }
}
