package com.bluemarble.functions.app.telemetry;

import com.bluemarble.functions.core.telemetry.StoreTracing;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import java.util.function.Supplier;

/**
 * One OpenTelemetry span per Spanner or Redis call ({@link Traces#storeSpan}: annotated with the function and
 * the idempotency key). No-ops unless traces are exported (docs/operations.md, "Traces").
 */
final class OtelStoreTracing implements StoreTracing {

    @Override
    public <T> T call(String store, String operation, Supplier<T> call) {
        Span span = Traces.storeSpan(store + " " + operation, store).startSpan();
        try (Scope scope = span.makeCurrent()) {
            return call.get();
        } catch (RuntimeException e) {
            span.setStatus(StatusCode.ERROR, e.getClass().getSimpleName());
            throw e;
        } finally {
            span.end();
        }
    }
}
