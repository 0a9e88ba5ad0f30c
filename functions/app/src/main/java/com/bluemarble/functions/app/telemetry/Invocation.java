package com.bluemarble.functions.app.telemetry;

import com.bluemarble.functions.core.telemetry.CallContext;
import com.bluemarble.functions.core.telemetry.MetricNames;
import com.bluemarble.functions.core.telemetry.Metrics;
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
 */
public final class Invocation implements AutoCloseable {

    public static final String FUNCTION = "function";
    public static final String REQUEST_ID = "requestId";
    public static final String COLD_START = "coldStart";
    public static final String IDEMPOTENCY_KEY = "idempotencyKey";
    public static final String PLAYER_IDS = "playerIds";

    private static final Logger log = LoggerFactory.getLogger(Invocation.class);
    private static final List<String> MDC_KEYS = List.of(FUNCTION, REQUEST_ID, COLD_START, IDEMPOTENCY_KEY, PLAYER_IDS);
    /** Functions that have run in this process: the first invocation of each is its cold start. */
    private static final Set<String> WARM = ConcurrentHashMap.newKeySet();
    /** Set while SnapStart priming runs: the code paths run, but nothing is logged, emitted or counted as warm. */
    private static volatile boolean priming;

    private final String function;
    private final long startNanos = System.nanoTime();
    private final CallContext.Scope scope;
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
        scope = CallContext.enter(new CallContext.Call(function, keys.idempotencyKey()));
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
            scope.close();
            MDC_KEYS.forEach(MDC::remove);
        }
    }
}
