package com.bluemarble.functions.app.telemetry;

import com.bluemarble.functions.core.telemetry.CallContext;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * One span per AWS SDK call (DynamoDB, SQS, S3, Secrets Manager), annotated like the other store
 * calls ({@link OtelStoreTracing}). Registered for every SDK client through the SDK's global
 * interceptor list ({@code software/amazon/awssdk/global/handlers/execution.interceptors}), so no
 * adapter changes; a no-op unless an OpenTelemetry SDK is registered (the ADOT Lambda layer).
 */
public final class AwsSdkTracingInterceptor implements ExecutionInterceptor {

    private static final ExecutionAttribute<Span> SPAN = new ExecutionAttribute<>("bluemarble.span");

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        String service = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME);
        String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        Span span = GlobalOpenTelemetry.getTracer("com.bluemarble.functions")
                .spanBuilder(service + " " + operation)
                .setSpanKind(SpanKind.CLIENT)
                .setAttribute(OtelStoreTracing.STORE, String.valueOf(service))
                .setAttribute(OtelStoreTracing.XRAY_ANNOTATIONS, OtelStoreTracing.ANNOTATED)
                .startSpan();
        CallContext.current().ifPresent(call -> {
            span.setAttribute(OtelStoreTracing.FUNCTION, call.function());
            if (call.idempotencyKey() != null) {
                span.setAttribute(OtelStoreTracing.IDEMPOTENCY_KEY, call.idempotencyKey());
            }
        });
        attributes.putAttribute(SPAN, span);
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        Span span = attributes.getAttribute(SPAN);
        if (span != null) {
            span.end();
        }
    }

    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        Span span = attributes.getAttribute(SPAN);
        if (span != null) {
            span.setStatus(StatusCode.ERROR, context.exception().getClass().getSimpleName());
            span.end();
        }
    }
}
