package com.bluemarble.functions.app.telemetry;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * One span per AWS SDK call (DynamoDB, SQS, S3, Secrets Manager), annotated like the other store
 * calls ({@link Traces#storeSpan}). Registered for every SDK client through the SDK's global
 * interceptor list ({@code software/amazon/awssdk/global/handlers/execution.interceptors}), so no
 * adapter changes; a no-op unless traces are exported.
 */
public final class AwsSdkTracingInterceptor implements ExecutionInterceptor {

    private static final ExecutionAttribute<Span> SPAN = new ExecutionAttribute<>("bluemarble.span");

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        String service = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME);
        String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        Span span = Traces.storeSpan(service + " " + operation, String.valueOf(service))
                .startSpan();
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
