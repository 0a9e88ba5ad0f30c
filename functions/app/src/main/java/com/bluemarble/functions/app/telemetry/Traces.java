package com.bluemarble.functions.app.telemetry;

import com.bluemarble.functions.core.telemetry.CallContext;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.TracerProvider;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.contrib.awsxray.propagator.AwsXrayLambdaPropagator;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.time.Duration;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The functions' traces: an OpenTelemetry SDK in the process when an OTLP endpoint is configured, no-op spans
 * otherwise. In AWS the CDK app sets {@code OTEL_EXPORTER_OTLP_TRACES_ENDPOINT} to the ADOT collector layer
 * (an extension beside the function), which forwards the spans to X-Ray; each invocation's span is a child of
 * Lambda's active-tracing segment (the X-Ray header Lambda hands the runtime), so Lambda's sampling decides.
 * Built from a few OpenTelemetry settings rather than by the SDK's autoconfigure module, which loads far more at
 * start (every SPI provider); docs/operations.md ("Traces") has the settings and the measured start-up cost.
 */
public final class Traces {

    static final String INSTRUMENTATION = "com.bluemarble.functions";
    static final AttributeKey<String> FUNCTION = AttributeKey.stringKey("function");
    static final AttributeKey<String> IDEMPOTENCY_KEY = AttributeKey.stringKey("idempotency_key");
    static final AttributeKey<String> STORE = AttributeKey.stringKey("store");
    /** The attributes the X-Ray exporter turns into indexed annotations (filter: annotation.function = "trade"). */
    static final AttributeKey<List<String>> XRAY_ANNOTATIONS = AttributeKey.stringArrayKey("aws.xray.annotations");

    static final List<String> ANNOTATED = List.of("function", "idempotency_key", "store");
    /**
     * The longest an invocation waits for its spans' export. The collector is on localhost and normally answers in
     * a few milliseconds; one that hangs must not hold the answer longer than this.
     */
    private static final Duration EXPORT_TIMEOUT = Duration.ofSeconds(1);

    private static final Logger log = LoggerFactory.getLogger(Traces.class);

    /** Where the spans go and under which service name; null endpoint = traces off. */
    public record Settings(String endpoint, String serviceName, String region, boolean inLambda) {

        /** From the standard OpenTelemetry variables (system properties win: tests and the bench set those). */
        public static Settings fromEnvironment(Map<String, String> env) {
            String endpoint = setting(env, "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT");
            if (endpoint == null && setting(env, "OTEL_EXPORTER_OTLP_ENDPOINT") != null) {
                endpoint = setting(env, "OTEL_EXPORTER_OTLP_ENDPOINT").replaceAll("/+$", "") + "/v1/traces";
            }
            if ("none".equals(setting(env, "OTEL_TRACES_EXPORTER"))
                    || "true".equals(setting(env, "OTEL_SDK_DISABLED"))) {
                endpoint = null;
            }
            String lambdaName = env.get("AWS_LAMBDA_FUNCTION_NAME");
            String service = setting(env, "OTEL_SERVICE_NAME");
            return new Settings(
                    endpoint,
                    service != null ? service : lambdaName != null ? lambdaName : "bluemarble-functions",
                    env.get("AWS_REGION"),
                    lambdaName != null);
        }

        private static String setting(Map<String, String> env, String variable) {
            String property = System.getProperty(
                    variable.toLowerCase(java.util.Locale.ROOT).replace('_', '.'));
            String value = property != null ? property : env.get(variable);
            return value == null || value.isBlank() ? null : value.trim();
        }
    }

    private static volatile TracerProvider provider = TracerProvider.noop();
    private static volatile SdkTracerProvider sdk;
    /** The invocation span of each call in progress, for store calls made on another thread (pools, fan-outs). */
    private static final Map<CallContext.Call, Context> INVOCATIONS =
            Collections.synchronizedMap(new IdentityHashMap<>());

    private Traces() {}

    /** Once per process, before the first invocation (and before a SnapStart snapshot). */
    static synchronized void installFromEnvironment() {
        if (sdk == null) {
            install(Settings.fromEnvironment(System.getenv()));
        }
    }

    /** Replaces the exporter (tests and the bench point it at their own OTLP receiver); null endpoint = off. */
    public static synchronized void install(Settings settings) {
        SdkTracerProvider previous = sdk;
        if (settings.endpoint() == null) {
            sdk = null;
            provider = TracerProvider.noop();
        } else {
            Attributes resource = Attributes.builder()
                    .put("service.name", settings.serviceName())
                    .put("cloud.provider", "aws")
                    .put("cloud.platform", settings.inLambda() ? "aws_lambda" : "local")
                    .put("cloud.region", settings.region() != null ? settings.region() : "local")
                    .build();
            SdkTracerProvider built = SdkTracerProvider.builder()
                    .setResource(Resource.create(resource))
                    // In Lambda a span is recorded only under a sampled X-Ray header (active tracing samples);
                    // locally every invocation is a root and is kept.
                    .setSampler(Sampler.parentBased(settings.inLambda() ? Sampler.alwaysOff() : Sampler.alwaysOn()))
                    .addSpanProcessor(BatchSpanProcessor.builder(OtlpHttpSpanExporter.builder()
                                    .setEndpoint(settings.endpoint())
                                    .setTimeout(EXPORT_TIMEOUT)
                                    .setConnectTimeout(EXPORT_TIMEOUT)
                                    // No retries: the exporter's default backs off for seconds inside the flush
                                    // that holds the answer; a collector that is down loses spans, not latency.
                                    .setRetryPolicy(null)
                                    .build())
                            .setExporterTimeout(EXPORT_TIMEOUT)
                            .build())
                    .build();
            sdk = built;
            provider = built;
            log.info("traces export to {} as service {}", settings.endpoint(), settings.serviceName());
        }
        if (previous != null) {
            previous.shutdown().join(EXPORT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    static Tracer tracer() {
        // Priming runs before the snapshot: its spans would be exported to a collector that is not running yet.
        return Invocation.isPriming() ? TracerProvider.noop().get(INSTRUMENTATION) : provider.get(INSTRUMENTATION);
    }

    /**
     * Sends the finished spans before the invocation answers: Lambda freezes the process after the answer, so a
     * background export would wait for the next invocation (or never happen). Bounded by the export timeout.
     */
    static void flush() {
        SdkTracerProvider current = sdk;
        if (current != null) {
            current.forceFlush().join(EXPORT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Lambda's X-Ray header for this invocation (a system property the runtime sets per invocation), if any. */
    static Context lambdaParent() {
        return AwsXrayLambdaPropagator.getInstance().extract(Context.root(), Map.<String, String>of(), MAP_GETTER);
    }

    static void bind(CallContext.Call call, Context invocation) {
        INVOCATIONS.put(call, invocation);
    }

    static void unbind(CallContext.Call call) {
        INVOCATIONS.remove(call);
    }

    /**
     * A span for one store call: a child of the span current on this thread, or else of its invocation's span
     * (store calls on pool threads carry the call, not the OpenTelemetry context), annotated like every store span.
     * A call outside any invocation gets no span.
     */
    static SpanBuilder storeSpan(String name, String store) {
        Context parent = Context.current();
        CallContext.Call call = CallContext.current().orElse(null);
        if (!Span.fromContext(parent).getSpanContext().isValid() && call != null) {
            parent = INVOCATIONS.getOrDefault(call, parent);
        }
        // Outside any invocation (the config poller, the client's own start-up) there is nothing to attach to.
        Tracer tracer = Span.fromContext(parent).getSpanContext().isValid()
                ? tracer()
                : TracerProvider.noop().get(INSTRUMENTATION);
        SpanBuilder span = tracer.spanBuilder(name)
                .setParent(parent)
                .setSpanKind(SpanKind.CLIENT)
                .setAttribute(STORE, store)
                .setAttribute(XRAY_ANNOTATIONS, ANNOTATED);
        if (call != null) {
            span.setAttribute(FUNCTION, call.function());
            if (call.idempotencyKey() != null) {
                span.setAttribute(IDEMPOTENCY_KEY, call.idempotencyKey());
            }
        }
        return span;
    }

    private static final TextMapGetter<Map<String, String>> MAP_GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    };
}
