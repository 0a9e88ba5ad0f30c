package com.bluemarble.functions.app.telemetry;

import com.bluemarble.functions.core.telemetry.CallContext;
import com.bluemarble.functions.core.telemetry.MetricNames;
import com.bluemarble.functions.core.telemetry.Metrics;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One function invocation as operators see it: while it runs every log line carries
 * {@code function}, {@code requestId}, {@code coldStart} and, where the request has them,
 * {@code idempotencyKey} and {@code playerIds} (MDC); its metrics are buffered and written as EMF
 * when it ends; it ends with one summary line ({@code status}, {@code errorCode}, {@code durationMs}).
 * It is also one span (a child of Lambda's X-Ray segment when traced), the parent of its store calls' spans,
 * exported before the answer leaves (docs/operations.md, "Traces").
 */
public final class Invocation implements AutoCloseable {

    public static final String FUNCTION = "function";
    public static final String REQUEST_ID = "requestId";
    public static final String COLD_START = "coldStart";
    public static final String IDEMPOTENCY_KEY = "idempotencyKey";
    public static final String PLAYER_IDS = "playerIds";

    private static final AttributeKey<String> FAAS_INVOCATION_ID = AttributeKey.stringKey("faas.invocation_id");
    private static final AttributeKey<Boolean> FAAS_COLDSTART = AttributeKey.booleanKey("faas.coldstart");
    private static final AttributeKey<Long> HTTP_STATUS = AttributeKey.longKey("http.response.status_code");
    private static final AttributeKey<String> ERROR_CODE = AttributeKey.stringKey("error_code");
    private static final Logger log = LoggerFactory.getLogger(Invocation.class);
    private static final List<String> MDC_KEYS = List.of(FUNCTION, REQUEST_ID, COLD_START, IDEMPOTENCY_KEY, PLAYER_IDS);
    /** Functions that have run in this process: the first invocation of each is its cold start. */
    private static final Set<String> WARM = ConcurrentHashMap.newKeySet();
    /** Set while SnapStart priming runs: the code paths run, but nothing is logged, emitted or counted as warm. */
    private static volatile boolean priming;

    private final String function;
    private final long startNanos = System.nanoTime();
    private CallContext.Call call;
    private CallContext.Scope scope;
    private final Span span;
    private final io.opentelemetry.context.Scope spanScope;
    private int status = 200;
    private String errorCode;
    private boolean closed;

    private Invocation(String function, String requestId, RequestKeys keys) {
        this.function = function;
        EmfMetrics.instance().begin();
        MDC.put(FUNCTION, function);
        MDC.put(REQUEST_ID, requestId != null ? requestId : UUID.randomUUID().toString());
        // A priming run happens before the snapshot: the first call after a restore is still the cold one.
        MDC.put(COLD_START, Boolean.toString(!priming && WARM.add(function)));
        if (keys.idempotencyKey() != null) {
            MDC.put(IDEMPOTENCY_KEY, keys.idempotencyKey());
        }
        if (!keys.playerIds().isEmpty()) {
            MDC.put(PLAYER_IDS, String.join(",", keys.playerIds()));
        }
        span = Traces.tracer()
                .spanBuilder(function)
                .setParent(Traces.lambdaParent())
                .setSpanKind(SpanKind.SERVER)
                .setAttribute(Traces.FUNCTION, function)
                .setAttribute(Traces.XRAY_ANNOTATIONS, Traces.ANNOTATED)
                .setAttribute(FAAS_INVOCATION_ID, MDC.get(REQUEST_ID))
                .setAttribute(FAAS_COLDSTART, Boolean.parseBoolean(MDC.get(COLD_START)))
                .startSpan();
        spanScope = span.makeCurrent();
        enter(keys.idempotencyKey());
    }

    /** Binds the call (function and key: Spanner tags, span annotations) to this thread and to the span. */
    private void enter(String idempotencyKey) {
        if (scope != null) {
            Traces.unbind(call);
            scope.close();
        }
        call = new CallContext.Call(function, idempotencyKey);
        scope = CallContext.enter(call);
        Traces.bind(call, Context.current());
        if (idempotencyKey != null) {
            span.setAttribute(Traces.IDEMPOTENCY_KEY, idempotencyKey);
        }
    }

    /**
     * Starts an invocation on this thread.
     *
     * @param requestId Lambda's awsRequestId; null = a generated id (local runs, tests)
     */
    public static Invocation start(String function, String requestId, RequestKeys keys) {
        return new Invocation(function, requestId, keys);
    }

    /** Adds the keys found once the request has been read. */
    public void keys(RequestKeys keys) {
        if (keys.idempotencyKey() != null) {
            MDC.put(IDEMPOTENCY_KEY, keys.idempotencyKey());
            enter(keys.idempotencyKey());
        }
        if (!keys.playerIds().isEmpty()) {
            MDC.put(PLAYER_IDS, String.join(",", keys.playerIds()));
        }
    }

    /** The answer's status and, for 4xx/5xx, its error code (required then: it is the Errors dimension). */
    public void answered(int status, String errorCode) {
        this.status = status;
        this.errorCode = errorCode;
    }

    /**
     * Runs {@code warmUp} (SnapStart priming) with the invocation machinery exercised but silent: no
     * summary line, no EMF written, and the next real invocation still reports {@code coldStart}.
     */
    public static void priming(Runnable warmUp) {
        priming = true;
        try {
            warmUp.run();
        } finally {
            priming = false;
        }
    }

    static boolean isPriming() {
        return priming;
    }

    private void endSpan() {
        span.setAttribute(HTTP_STATUS, (long) status);
        if (errorCode != null) {
            span.setAttribute(ERROR_CODE, errorCode);
        }
        if (status >= 500) {
            span.setStatus(StatusCode.ERROR, errorCode != null ? errorCode : "HTTP_" + status);
        }
        span.end();
        spanScope.close();
        if (!priming) {
            Traces.flush();
        }
    }

    public static Metrics metrics() {
        return EmfMetrics.instance();
    }

    /** Emits the invocation's metrics and summary line, then clears the thread's context. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        double millis = (System.nanoTime() - startNanos) / 1e6;
        try {
            Metrics metrics = EmfMetrics.instance();
            metrics.count(MetricNames.INVOCATIONS, 1);
            metrics.put(MetricNames.LATENCY, millis, Metrics.Unit.MILLISECONDS);
            if (status >= 400) {
                metrics.count(
                        MetricNames.ERRORS,
                        1,
                        MetricNames.ERROR_CODE,
                        errorCode != null ? errorCode : "HTTP_" + status);
            }
            if (status >= 500) {
                metrics.count(MetricNames.SERVER_ERRORS, 1);
            }
            EmfMetrics.instance().flush(!priming);
            if (priming) {
                return;
            }
            String outcome = status >= 500 ? "failed" : status >= 400 ? "refused" : "answered";
            double durationMs = Math.round(millis * 10) / 10.0;
            log.atInfo()
                    .setMessage(function + " " + outcome + " status=" + status
                            + (errorCode != null ? " errorCode=" + errorCode : "") + " durationMs=" + durationMs)
                    .addKeyValue("status", status)
                    .addKeyValue("errorCode", errorCode)
                    .addKeyValue("durationMs", durationMs)
                    .log();
        } finally {
            endSpan();
            Traces.unbind(call);
            scope.close();
            MDC_KEYS.forEach(MDC::remove);
        }
    }
}
