package com.bluemarble.functions.emulators;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * One emulator of each kind per JVM, started on first use and stopped when the JVM exits.
 * Test classes of a module share them (each test makes its own database or namespace);
 * {@code ./dev up} uses the same entry points.
 */
public final class Emulators {

    private static final Lazy<SpannerEmulator> SPANNER = new Lazy<>(
            () -> SpannerEmulator.start(!"false".equals(System.getenv("BLUEMARBLE_SPANNER_FAULT_INJECTION"))));
    private static final Lazy<AwsEmulator> AWS = new Lazy<>(AwsEmulator::start);
    private static final Lazy<RedisServers> REDIS = new Lazy<>(() -> RedisServers.start(2));

    private Emulators() {}

    /** The shared Spanner emulator; fault injection is on unless BLUEMARBLE_SPANNER_FAULT_INJECTION=false. */
    public static SpannerEmulator spanner() {
        return SPANNER.get();
    }

    public static AwsEmulator aws() {
        return AWS.get();
    }

    /** Two independent Redis servers, so sharded code meets more than one endpoint. */
    public static RedisServers redis() {
        return REDIS.get();
    }

    private static final class Lazy<T extends AutoCloseable> {
        private final Supplier<T> factory;
        private final AtomicReference<T> value = new AtomicReference<>();

        Lazy(Supplier<T> factory) {
            this.factory = factory;
        }

        synchronized T get() {
            T current = value.get();
            if (current == null) {
                current = factory.get();
                value.set(current);
                T started = current;
                Runtime.getRuntime()
                        .addShutdownHook(new Thread(
                                () -> {
                                    try {
                                        started.close();
                                    } catch (Exception e) {
                                        // the JVM is exiting; the watchdog kills what is left
                                    }
                                },
                                "stop-emulator"));
            }
            return current;
        }
    }
}
