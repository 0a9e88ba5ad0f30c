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
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Cold start of the Lambda jar: a new JVM (the JDK running the bench) with the shaded jar and
 * {@link ColdStartDriver}, from process start to the first trade response, and the process's
 * VmRSS at that moment. Default JVM flags vs the project's start-up optimizations: an AppCDS
 * archive recorded by a training run (-XX:ArchiveClassesAtExit, then -XX:SharedArchiveFile),
 * C1 only (-XX:TieredStopAtLevel=1), Serial GC; lazy bean initialization is on in both (it is in
 * the jar's application.properties). Median of several runs each, alternated.
 */
final class ColdStartBench {

    record Start(double millis, double rssMb) {
    }

    static void run(BenchEnv env, Report report, PrintStream log, Path lambdaJar, Path benchJar, Path workDir, int runs) throws Exception {
        String goalMetric = "cold start: JVM start to first trade response, optimized vs default";
        env.require("grant", "{\"grantId\":\"" + UUID.randomUUID() + "\",\"playerId\":\"cold-a\",\"currency\":{\"gold\":1000000}}", 200);
        env.require("grant", "{\"grantId\":\"" + UUID.randomUUID() + "\",\"playerId\":\"cold-b\",\"currency\":{\"gems\":1000000}}", 200);
        Files.createDirectories(workDir);
        Path archive = workDir.resolve("lambda-appcds.jsa");
        Files.deleteIfExists(archive);
        List<String> optimizedFlags = List.of("-XX:SharedArchiveFile=" + archive, "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");
        long trainStart = System.nanoTime();
        Start training = start(env, lambdaJar, benchJar, workDir, List.of("-XX:ArchiveClassesAtExit=" + archive, "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC"), "train");
        if (!Files.exists(archive)) {
            throw new IllegalStateException("the training run wrote no AppCDS archive (see " + workDir + "/coldstart-train.log)");
        }
        log.printf("  AppCDS training run %.0f ms (archive %d MB, written in %.1f s total)%n", training.millis(),
                Files.size(archive) >> 20, (System.nanoTime() - trainStart) / 1e9);
        List<Start> defaults = new ArrayList<>();
        List<Start> optimized = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            defaults.add(start(env, lambdaJar, benchJar, workDir, List.of(), "default-" + i));
            optimized.add(start(env, lambdaJar, benchJar, workDir, optimizedFlags, "optimized-" + i));
            log.printf("  run %d: default %.0f ms (%.0f MB RSS), optimized %.0f ms (%.0f MB RSS)%n", i, defaults.get(i).millis(),
                    defaults.get(i).rssMb(), optimized.get(i).millis(), optimized.get(i).rssMb());
        }
        double defaultMs = median(defaults.stream().mapToDouble(Start::millis).toArray());
        double optimizedMs = median(optimized.stream().mapToDouble(Start::millis).toArray());
        String jdk = "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.vendor")
                + "); Lambda runs java21, which is not installed here";
        report.add(Row.of(goalMetric, optimizedMs, defaultMs, Goal.valueAtMost(1000, "ms"), "ms", "median of " + runs
                + " runs each, " + jdk + "; optimized = " + String.join(" ", optimizedFlags).replace(archive.toString(), "<archive>")
                + " + lazy init; default = no flags + lazy init; all runs: default " + list(defaults, Start::millis) + ", optimized "
                + list(optimized, Start::millis)));
        report.add(Row.of("cold start: resident memory (VmRSS) at first response, optimized vs default",
                median(optimized.stream().mapToDouble(Start::rssMb).toArray()), median(defaults.stream().mapToDouble(Start::rssMb).toArray()),
                Goal.none(), "MB", "median of " + runs + " runs each, read from /proc/<pid>/status when the response arrived"));
    }

    private static String list(List<Start> starts, java.util.function.ToDoubleFunction<Start> f) {
        return starts.stream().map(s -> Ratios.format(f.applyAsDouble(s))).toList().toString();
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static Start start(BenchEnv env, Path lambdaJar, Path benchJar, Path workDir, List<String> flags, String name) throws Exception {
        Path event = workDir.resolve("trade-" + name + ".json");
        Files.writeString(event, "{\"tradeId\":\"" + UUID.randomUUID() + "\",\"a\":{\"playerId\":\"cold-a\",\"gives\":{\"currency\":{\"gold\":1}}},"
                + "\"b\":{\"playerId\":\"cold-b\",\"gives\":{\"currency\":{\"gems\":1}}}}");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
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
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(workDir.resolve("coldstart-" + name + ".log").toFile());
        builder.environment().put("AWS_LAMBDA_FUNCTION_NAME", "bluemarble-trade");
        long begin = System.nanoTime();
        Process process = builder.start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
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
            throw new IllegalStateException("cold start " + name + " gave no response; see " + workDir + "/coldstart-" + name + ".log");
        } finally {
            if (process.isAlive()) {
                process.destroyForcibly();
            }
        }
    }

    static double rssMb(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
            }
        }
        return Double.NaN;
    }

    private ColdStartBench() {
    }
}
