package com.bluemarble.functions.app.telemetry;

import com.bluemarble.functions.core.telemetry.CallContext;
import com.bluemarble.functions.core.telemetry.StoreTracing;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import java.util.List;
import java.util.function.Supplier;

/**
 * One OpenTelemetry span per store call, with the function and the idempotency key as X-Ray
 * annotations ({@code aws.xray.annotations} names the attributes the X-Ray exporter indexes).
 * The API is already in the jar (the Spanner client depends on it); the SDK and exporter come
 * from the AWS Distro for OpenTelemetry Lambda layer, which registers the global instance before
 * the handler loads. Without the layer the spans are no-ops (see docs/operations.md, "Traces").
 */
final class OtelStoreTracing implements StoreTracing {

    static final AttributeKey<String> FUNCTION = AttributeKey.stringKey("function");
    static final AttributeKey<String> IDEMPOTENCY_KEY = AttributeKey.stringKey("idempotency_key");
    static final AttributeKey<String> STORE = AttributeKey.stringKey("store");
    static final AttributeKey<List<String>> XRAY_ANNOTATIONS = AttributeKey.stringArrayKey("aws.xray.annotations");
    static final List<String> ANNOTATED = List.of("function", "idempotency_key", "store");

    private volatile Tracer tracer;

    private Tracer tracer() {
        Tracer current = tracer;
        if (current == null) { // looked up at first use: the layer registers the global SDK before that
            current = GlobalOpenTelemetry.getTracer("com.bluemarble.functions");
            tracer = current;
        }
        return current;
    }

    @Override
    public <T> T call(String store, String operation, Supplier<T> call) {
        Span span = tracer().spanBuilder(store + " " + operation)
                .setSpanKind(SpanKind.CLIENT)
                .setAttribute(STORE, store)
                .setAttribute(XRAY_ANNOTATIONS, ANNOTATED)
                .startSpan();
        CallContext.current().ifPresent(c -> {
            span.setAttribute(FUNCTION, c.function());
            if (c.idempotencyKey() != null) {
                span.setAttribute(IDEMPOTENCY_KEY, c.idempotencyKey());
            }
        });
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
