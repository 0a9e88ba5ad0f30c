package com.bluemarble.functions.core.telemetry;

import java.util.Optional;

/**
 * The invocation running on this thread: which function, and its idempotency key if the request
 * has one. Set by the app's entry wrapper; read by adapters to tag store calls (Spanner request
 * tags, trace annotations) and by the metrics implementation for the {@code Function} dimension.
 */
public final class CallContext {

    /** @param idempotencyKey null when the request has none */
    public record Call(String function, String idempotencyKey) {}

    private static final ThreadLocal<Call> CURRENT = new ThreadLocal<>();

    private CallContext() {}

    public static Optional<Call> current() {
        return Optional.ofNullable(CURRENT.get());
    }

    /** The function running on this thread, or {@code fallback} outside an invocation. */
    public static String function(String fallback) {
        Call call = CURRENT.get();
        return call == null ? fallback : call.function();
    }

    /** Binds {@code call} to this thread until the returned scope is closed (then restores the previous one). */
    public static Scope enter(Call call) {
        Call previous = CURRENT.get();
        CURRENT.set(call);
        return () -> {
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
        };
    }

    /** {@code task} run with this thread's call bound, on whichever thread runs it (executors, timeouts). */
    public static <T> java.util.concurrent.Callable<T> propagate(java.util.concurrent.Callable<T> task) {
        Call call = CURRENT.get();
        if (call == null) {
            return task;
        }
        return () -> {
            try (Scope scope = enter(call)) {
                return task.call();
            }
        };
    }

    /** Ends a call's binding; closing never throws. */
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }
}
