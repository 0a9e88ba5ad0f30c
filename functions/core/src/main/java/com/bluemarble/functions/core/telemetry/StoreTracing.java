package com.bluemarble.functions.core.telemetry;

import java.util.function.Supplier;

/**
 * The tracing port: each adapter runs its store calls through it, so a trace shows one segment
 * per call (annotated with the function and the idempotency key of {@link CallContext}). The app
 * provides the implementation; the default does nothing but run the call.
 */
public interface StoreTracing {

    StoreTracing NONE = new StoreTracing() {
        @Override
        public <T> T call(String store, String operation, Supplier<T> call) {
            return call.get();
        }
    };

    /**
     * @param store e.g. {@code Spanner}, {@code DynamoDB}, {@code Redis}
     * @param operation what the call does, e.g. {@code readWrite}
     */
    <T> T call(String store, String operation, Supplier<T> call);
}
