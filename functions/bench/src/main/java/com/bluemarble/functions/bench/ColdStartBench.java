package com.bluemarble.functions.bench;

import com.bluemarble.functions.app.BlueMarbleFunctionsApplication;
import com.bluemarble.functions.bench.report.Goal;
import com.bluemarble.functions.bench.report.Ratios;
import com.bluemarble.functions.bench.report.Report;
import com.bluemarble.functions.bench.report.Row;
import com.bluemarble.functions.emulators.Emulators;
import com.bluemarble.functions.emulators.SpannerEmulator;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Cold start of the Lambda jar: a new JVM (the JDK running the bench) with the shaded jar and
 * {@link ColdStartDriver}, from process start to the first trade response, and the process's
 * VmRSS at that moment. Default JVM flags vs the project's start-up optimizations: an AppCDS
 * archive recorded by a training run (-XX:ArchiveClassesAtExit, then -XX:SharedArchiveFile),
 * C1 only (-XX:TieredStopAtLevel=1), Serial GC; lazy bean initialization is on in both (it is in
 * the jar's application.properties). Median of several runs each, alternated. A third variant, optimized with
 * traces on (the app's OpenTelemetry SDK exporting OTLP to a receiver in this process, under a sampled X-Ray
 * header, as in Lambda with the ADOT collector layer), prices the traces against the 10% budget of issue 14.
 */
final class ColdStartBench {

    record Start(double millis, double rssMb) {}

    /** A JDK and the flags of its optimized start: a training run's flags, then the measured runs' flags. */
    record Jdk(String label, Path java, List<String> trainFlags, List<String> optimizedFlags, Path archive) {}

    static void run(BenchEnv env, Report report, PrintStream log, Path lambdaJar, Path benchJar, Path workDir, int runs)
            throws Exception {
        env.require(
                "grant",
                "{\"grantId\":\"" + UUID.randomUUID() + "\",\"playerId\":\"cold-a\",\"currency\":{\"gold\":1000000}}",
                200);
        env.require(
                "grant",
                "{\"grantId\":\"" + UUID.randomUUID() + "\",\"playerId\":\"cold-b\",\"currency\":{\"gems\":1000000}}",
                200);
        Files.createDirectories(workDir);
        List<Jdk> jdks = new ArrayList<>();
        Path cds = workDir.resolve("lambda-appcds-17.jsa");
        jdks.add(new Jdk(
                "Java " + System.getProperty("java.version") + " AppCDS",
                Path.of(System.getProperty("java.home"), "bin", "java"),
                List.of("-XX:ArchiveClassesAtExit=" + cds, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"),
                List.of("-XX:SharedArchiveFile=" + cds, "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"),
                cds));
        Path java25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64/bin/java");
        if (Files.isExecutable(java25) && !System.getProperty("java.version").startsWith("25")) {
            Path aot = workDir.resolve("lambda-aot-25.aot");
            jdks.add(new Jdk(
                    "Java 25 AOT cache",
                    java25,
                    List.of("-XX:AOTCacheOutput=" + aot, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"),
                    List.of("-XX:AOTCache=" + aot, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"),
                    aot));
        }
        try (OtlpSink sink = OtlpSink.start()) {
            for (Jdk jdk : jdks) {
                measure(env, report, log, lambdaJar, benchJar, workDir, runs, jdk, sink);
            }
        }
    }

    private static void measure(
            BenchEnv env,
            Report report,
            PrintStream log,
            Path lambdaJar,
            Path benchJar,
            Path workDir,
            int runs,
            Jdk jdk,
            OtlpSink sink)
            throws Exception {
        Files.deleteIfExists(jdk.archive());
        String tag = jdk.label().replaceAll("[^A-Za-z0-9.]+", "-");
        Launcher launch = (flags, name, environment) ->
                start(env, jdk.java(), lambdaJar, benchJar, workDir, flags, name, environment);
        long trainStart = System.nanoTime();
        // Trained with traces on, so the archive holds the SDK's classes too (runs without traces skip them).
        Start training = launch.start(jdk.trainFlags(), tag + "-train", sink.environment());
        if (!Files.exists(jdk.archive())) {
            throw new IllegalStateException(
                    "the training run wrote no archive (see " + workDir + "/coldstart-" + tag + "-train.log)");
        }
        log.printf(
                "  %s: training run %.0f ms (archive %d MB, written in %.1f s total)%n",
                jdk.label(),
                training.millis(),
                Files.size(jdk.archive()) >> 20,
                (System.nanoTime() - trainStart) / 1e9);
        List<Start> defaults = new ArrayList<>();
        List<Start> optimized = new ArrayList<>();
        List<Start> traced = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            defaults.add(launch.start(List.of(), tag + "-default-" + i, Map.of()));
            optimized.add(launch.start(jdk.optimizedFlags(), tag + "-optimized-" + i, Map.of()));
            int exportsBefore = sink.exports();
            traced.add(launch.start(jdk.optimizedFlags(), tag + "-traced-" + i, sink.environment()));
            if (sink.exports() <= exportsBefore) {
                throw new IllegalStateException("the traced run " + i + " exported no span to the OTLP receiver");
            }
            log.printf(
                    "  %s run %d: default %.0f ms (%.0f MB RSS), optimized %.0f ms (%.0f MB RSS),"
                            + " optimized with traces %.0f ms%n",
                    jdk.label(),
                    i,
                    defaults.get(i).millis(),
                    defaults.get(i).rssMb(),
                    optimized.get(i).millis(),
                    optimized.get(i).rssMb(),
                    traced.get(i).millis());
        }
        double defaultMs = median(defaults.stream().mapToDouble(Start::millis).toArray());
        double optimizedMs =
                median(optimized.stream().mapToDouble(Start::millis).toArray());
        String flags =
                String.join(" ", jdk.optimizedFlags()).replace(jdk.archive().toString(), "<archive>");
        report.add(Row.of(
                "cold start (" + jdk.label() + "): JVM start to first trade response, optimized vs default",
                optimizedMs,
                defaultMs,
                Goal.valueAtMost(1000, "ms"),
                "ms",
                "median of " + runs + " runs each with " + jdk.java()
                        + " (Lambda runs java21, not installed here); "
                        + "optimized = " + flags
                        + " + lazy init (archive from one training run); default = no JVM flags + lazy init; all runs: default "
                        + list(defaults, Start::millis) + ", optimized " + list(optimized, Start::millis)));
        report.add(Row.of(
                "cold start (" + jdk.label() + "): traces exported (OTLP, in-process SDK) vs off, optimized",
                median(traced.stream().mapToDouble(Start::millis).toArray()),
                optimizedMs,
                Goal.ratioAtMost(1.10),
                "ms",
                "median of " + runs
                        + " runs each; traced = the optimized runs plus OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"
                        + " (a receiver in the bench) and a sampled _X_AMZN_TRACE_ID, the first response"
                        + " waiting for its spans' export; all runs: " + list(traced, Start::millis)));
        report.add(Row.of(
                "cold start (" + jdk.label() + "): resident memory (VmRSS) at first response, optimized vs default",
                median(optimized.stream().mapToDouble(Start::rssMb).toArray()),
                median(defaults.stream().mapToDouble(Start::rssMb).toArray()),
                Goal.none(),
                "MB",
                "median of " + runs + " runs each, read from /proc/<pid>/status when the response arrived"));
    }

    private static String list(List<Start> starts, java.util.function.ToDoubleFunction<Start> f) {
        return starts.stream()
                .map(s -> Ratios.format(f.applyAsDouble(s)))
                .toList()
                .toString();
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static Start start(
            BenchEnv env,
            Path javaBin,
            Path lambdaJar,
            Path benchJar,
            Path workDir,
            List<String> flags,
            String name,
            Map<String, String> environment)
            throws Exception {
        Path event = workDir.resolve("trade-" + name + ".json");
        Files.writeString(
                event,
                "{\"tradeId\":\"" + UUID.randomUUID()
                        + "\",\"a\":{\"playerId\":\"cold-a\",\"gives\":{\"currency\":{\"gold\":1}}},"
                        + "\"b\":{\"playerId\":\"cold-b\",\"gives\":{\"currency\":{\"gems\":1}}}}");
        List<String> command = new ArrayList<>();
        command.add(javaBin.toString());
        command.addAll(flags);
        command.add("-DMAIN_CLASS=" + BlueMarbleFunctionsApplication.class.getName());
        command.add("-Dspring.cloud.function.definition=trade");
        command.add("-Dbluemarble.spanner.project-id=" + SpannerEmulator.PROJECT_ID);
        command.add("-Dbluemarble.spanner.instance-id=" + SpannerEmulator.INSTANCE_ID);
        command.add("-Dbluemarble.spanner.database-id=" + env.databaseId);
        command.add("-Dbluemarble.spanner.emulator-host=" + Emulators.spanner().host());
        command.add("-cp");
        command.add(lambdaJar + java.io.File.pathSeparator + benchJar);
        command.add(ColdStartDriver.class.getName());
        command.add(event.toString());
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectError(workDir.resolve("coldstart-" + name + ".log").toFile());
        builder.environment().put("AWS_LAMBDA_FUNCTION_NAME", "bluemarble-trade");
        builder.environment().putAll(environment);
        long begin = System.nanoTime();
        Process process = builder.start();
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while ((line = out.readLine()) != null) {
                if (line.startsWith(ColdStartDriver.MARKER)) {
                    double millis = (System.nanoTime() - begin) / 1e6;
                    double rss = rssMb(process.pid());
                    if (!line.contains("COMMITTED")) {
                        throw new IllegalStateException("cold start " + name + " answered " + line);
                    }
                    process.getOutputStream().close();
                    if (!process.waitFor(60, TimeUnit.SECONDS)) {
                        process.destroyForcibly();
                    }
                    return new Start(millis, rss);
                }
                if (System.nanoTime() > deadline) {
                    break;
                }
            }
            throw new IllegalStateException(
                    "cold start " + name + " gave no response; see " + workDir + "/coldstart-" + name + ".log");
        } finally {
            if (process.isAlive()) {
                process.destroyForcibly();
            }
        }
    }

    /** Where the traced runs export: answers every OTLP/HTTP request 200 and counts them. */
    private record OtlpSink(com.sun.net.httpserver.HttpServer server, AtomicInteger received) implements AutoCloseable {

        static OtlpSink start() throws IOException {
            AtomicInteger received = new AtomicInteger();
            com.sun.net.httpserver.HttpServer server =
                    com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/v1/traces", exchange -> {
                exchange.getRequestBody().readAllBytes();
                received.incrementAndGet();
                exchange.sendResponseHeaders(200, -1);
                exchange.close();
            });
            server.start();
            return new OtlpSink(server, received);
        }

        int exports() {
            return received.get();
        }

        /** What Lambda with active tracing and the CDK app's collector settings give a function. */
        Map<String, String> environment() {
            String root = Long.toHexString(System.currentTimeMillis() / 1000) + "-"
                    + UUID.randomUUID().toString().replace("-", "").substring(0, 24);
            return Map.of(
                    "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT",
                    "http://127.0.0.1:" + server.getAddress().getPort() + "/v1/traces",
                    "_X_AMZN_TRACE_ID",
                    "Root=1-" + root + ";Parent=53995c3f42cd8ad8;Sampled=1");
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    /** One cold start of this JDK and jar: its JVM flags, log name and extra environment. */
    @FunctionalInterface
    private interface Launcher {
        Start start(List<String> flags, String name, Map<String, String> environment) throws Exception;
    }

    static double rssMb(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
            }
        }
        return Double.NaN;
    }

    private ColdStartBench() {}
}
