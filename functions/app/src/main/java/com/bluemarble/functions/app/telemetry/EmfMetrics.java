package com.bluemarble.functions.app.telemetry;

import com.bluemarble.functions.core.telemetry.CallContext;
import com.bluemarble.functions.core.telemetry.MetricNames;
import com.bluemarble.functions.core.telemetry.Metrics;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.cloudwatchlogs.emf.environment.Environment;
import software.amazon.cloudwatchlogs.emf.logger.MetricsLogger;
import software.amazon.cloudwatchlogs.emf.model.DimensionSet;
import software.amazon.cloudwatchlogs.emf.model.MetricsContext;
import software.amazon.cloudwatchlogs.emf.sinks.ISink;

/**
 * The metrics port as CloudWatch Embedded Metric Format (aws-embedded-metrics). Values put during
 * an invocation are buffered per dimension set on the invocation's thread and written as one EMF
 * document per dimension set when the invocation ends ({@link #flush()}); a value put outside an
 * invocation (another thread) is written at once. In Lambda the documents go to stdout, where
 * CloudWatch Logs extracts the metrics; every document also goes to the {@link #listen listeners}
 * (the local status page, tests).
 */
public final class EmfMetrics implements Metrics {

    private static final Logger log = LoggerFactory.getLogger(EmfMetrics.class);
    private static final EmfMetrics INSTANCE = new EmfMetrics(System.out, writesToStdout());

    /** The metrics buffered by the invocation on this thread, per dimension set. */
    private static final ThreadLocal<Map<String, MetricsLogger>> BUFFER = new ThreadLocal<>();
    /** True while a priming invocation flushes: documents are serialized but not written. */
    private static final ThreadLocal<Boolean> SILENT = new ThreadLocal<>();

    private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();
    private final Environment environment;

    private EmfMetrics(PrintStream stdout, boolean toStdout) {
        this.environment = new Output(this, toStdout ? stdout : null);
    }

    /** The one instance of this process (stdout is one per process too). */
    public static EmfMetrics instance() {
        return INSTANCE;
    }

    /** EMF goes to stdout in Lambda, or where BLUEMARBLE_EMF_STDOUT=true; elsewhere to the listeners only. */
    private static boolean writesToStdout() {
        String flag = System.getenv("BLUEMARBLE_EMF_STDOUT");
        return flag != null ? Boolean.parseBoolean(flag) : System.getenv("AWS_LAMBDA_FUNCTION_NAME") != null;
    }

    /** Receives every EMF document (one JSON object) this process emits; returns the unsubscribe action. */
    public Runnable listen(Consumer<String> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /** Starts buffering this thread's metrics (an invocation begins). */
    void begin() {
        BUFFER.set(new LinkedHashMap<>());
    }

    /**
     * Writes and clears this thread's buffered metrics (an invocation ends).
     *
     * @param emit false = serialize only, write nothing (SnapStart priming warms the path)
     */
    void flush(boolean emit) {
        Map<String, MetricsLogger> buffered = BUFFER.get();
        BUFFER.remove();
        if (buffered != null) {
            SILENT.set(!emit);
            try {
                buffered.values().forEach(this::safeFlush);
            } finally {
                SILENT.remove();
            }
        }
    }

    @Override
    public void put(String metric, double value, Metrics.Unit unit) {
        put(metric, value, unit, null, null);
    }

    @Override
    public void put(String metric, double value, Metrics.Unit unit, String dimension, String dimensionValue) {
        String function = CallContext.function(lambdaFunctionName());
        String key = dimension == null ? function : function + '\u0000' + dimension + '\u0000' + dimensionValue;
        Map<String, MetricsLogger> buffered = BUFFER.get();
        MetricsLogger logger = buffered == null ? null : buffered.get(key);
        boolean immediate = buffered == null;
        if (logger == null) {
            logger = newLogger(function, dimension, dimensionValue);
            if (!immediate) {
                buffered.put(key, logger);
            }
        }
        logger.putMetric(metric, value, emfUnit(unit));
        if (immediate) {
            safeFlush(logger);
        }
    }

    private MetricsLogger newLogger(String function, String dimension, String dimensionValue) {
        MetricsLogger logger = new MetricsLogger(environment);
        logger.setNamespace(MetricNames.NAMESPACE);
        DimensionSet dimensions = dimension == null
                ? DimensionSet.of(MetricNames.FUNCTION, function)
                : DimensionSet.of(MetricNames.FUNCTION, function, dimension, dimensionValue);
        logger.setDimensions(false, dimensions); // no default ServiceName/ServiceType/LogGroup dimensions
        return logger;
    }

    private void safeFlush(MetricsLogger logger) {
        try {
            logger.flush();
        } catch (RuntimeException e) { // metrics never fail an invocation
            log.warn("could not write EMF metrics: {}", e.toString());
        }
    }

    private static String lambdaFunctionName() {
        String name = System.getenv("AWS_LAMBDA_FUNCTION_NAME");
        return name != null ? name : "unattributed";
    }

    private static software.amazon.cloudwatchlogs.emf.model.Unit emfUnit(Metrics.Unit unit) {
        return switch (unit) {
            case COUNT -> software.amazon.cloudwatchlogs.emf.model.Unit.COUNT;
            case MILLISECONDS -> software.amazon.cloudwatchlogs.emf.model.Unit.MILLISECONDS;
            case BYTES -> software.amazon.cloudwatchlogs.emf.model.Unit.BYTES;
        };
    }

    private void emit(String document, PrintStream stdout) {
        if (Boolean.TRUE.equals(SILENT.get())) {
            return;
        }
        if (stdout != null) {
            // One write per document: a line never interleaves with another thread's.
            byte[] line = (document + "\n").getBytes(StandardCharsets.UTF_8);
            stdout.write(line, 0, line.length);
            stdout.flush();
        }
        for (Consumer<String> listener : listeners) {
            try {
                listener.accept(document);
            } catch (RuntimeException e) {
                log.warn("an EMF listener failed: {}", e.toString());
            }
        }
    }

    /** The library's environment and sink: no probing of EC2/ECS metadata, output to stdout and listeners. */
    private static final class Output implements Environment, ISink {
        private final EmfMetrics metrics;
        private final PrintStream stdout;

        Output(EmfMetrics metrics, PrintStream stdout) {
            this.metrics = metrics;
            this.stdout = stdout;
        }

        @Override
        public boolean probe() {
            return true;
        }

        @Override
        public String getName() {
            return lambdaFunctionName();
        }

        @Override
        public String getType() {
            return "AWS::Lambda::Function";
        }

        @Override
        public String getLogGroupName() {
            return "";
        }

        @Override
        public void configureContext(MetricsContext context) {}

        @Override
        public ISink getSink() {
            return this;
        }

        @Override
        public void accept(MetricsContext context) {
            try {
                for (String document : context.serialize()) {
                    metrics.emit(document, stdout);
                }
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException("EMF serialization failed", e);
            }
        }

        @Override
        public CompletableFuture<Void> shutdown() {
            return CompletableFuture.completedFuture(null);
        }
    }
}
