package com.bluemarble.functions.bench;

import com.bluemarble.functions.app.BlueMarbleFunctionsApplication;
import com.bluemarble.functions.bench.report.Goal;
import com.bluemarble.functions.bench.report.Ratios;
import com.bluemarble.functions.bench.report.Report;
import com.bluemarble.functions.bench.report.Row;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.zip.ZipFile;

/**
 * The deployment packages (functions/packages, one per function family) against the single jar of
 * functions/app, both built by the same ./dev bench: per package, the unzipped size and file count
 * (Lambda's 250 MB limit counts unzipped bytes), and the time from JVM start to the first response of
 * one of its functions, through the Lambda handler ({@link ColdStartDriver}) against the emulators,
 * with no JVM flags and with an AppCDS archive (-XX:SharedArchiveFile) recorded by one training run of
 * that same jar and function. The baseline is today's deployment: the single jar started through
 * {@code BlueMarbleFunctionsApplication} (every area's beans); a package starts through its family's
 * application (the Lambda's MAIN_CLASS).
 */
final class PackagingBench {

    /** Today's deployment: the single jar with the application of every area. */
    static final String SINGLE_APPLICATION = BlueMarbleFunctionsApplication.class.getName();

    /** Goal: every package at most a third of the single jar (unzipped bytes). */
    static final double SIZE_GOAL = 1.0 / 3;

    /**
     * One family's package and the request its cold start answers.
     *
     * @param event a fresh request per start (a trade needs a new id)
     * @param answered the response that proves the function reached its store
     */
    record Family(
            String name, String application, String function, Supplier<String> event, Predicate<String> answered) {
        Path jar(Path packagesDir) {
            return packagesDir.resolve(name + "/target/bluemarble-package-" + name + "-0.1.0-SNAPSHOT-aws.jar");
        }
    }

    /** One start: milliseconds from process start to the first response, and the classes loaded by then. */
    record Start(double millis, long classes) {}

    record JarSize(long bytes, int files) {
        double mb() {
            return bytes / 1e6;
        }
    }

    static void run(
            BenchEnv env,
            Report report,
            PrintStream log,
            Path singleJar,
            Path packagesDir,
            Path benchJar,
            Path workDir,
            int runs)
            throws Exception {
        Files.createDirectories(workDir);
        List<Family> families = families(env);
        JarSize single = size(singleJar);
        log.printf(
                "  single jar %s: %.1f MB unzipped, %,d files%n", singleJar.getFileName(), single.mb(), single.files());
        for (Family family : families) {
            JarSize size = size(family.jar(packagesDir));
            log.printf("  %s package: %.1f MB unzipped, %,d files%n", family.name(), size.mb(), size.files());
            report.add(Row.of(
                    "package " + family.name() + ": unzipped size vs the single jar",
                    Ratios.round(size.mb()),
                    Ratios.round(single.mb()),
                    Goal.ratioAtMost(SIZE_GOAL),
                    "MB",
                    String.format(
                            "%,d vs %,d bytes; %,d vs %,d files; Lambda's limit is 262,144,000 bytes unzipped",
                            size.bytes(), single.bytes(), size.files(), single.files())));
        }
        for (Family family : families) {
            Path packageJar = family.jar(packagesDir);
            Path singleArchive = workDir.resolve(family.name() + "-single.jsa");
            Path packageArchive = workDir.resolve(family.name() + "-package.jsa");
            train(env, family, singleJar, SINGLE_APPLICATION, benchJar, workDir, singleArchive);
            train(env, family, packageJar, family.application(), benchJar, workDir, packageArchive);
            List<Start> singleDefault = new ArrayList<>();
            List<Start> packageDefault = new ArrayList<>();
            List<Start> singleCds = new ArrayList<>();
            List<Start> packageCds = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                singleDefault.add(start(
                        env,
                        family,
                        singleJar,
                        SINGLE_APPLICATION,
                        benchJar,
                        workDir,
                        List.of(),
                        "single-default-" + i));
                packageDefault.add(start(
                        env,
                        family,
                        packageJar,
                        family.application(),
                        benchJar,
                        workDir,
                        List.of(),
                        "package-default-" + i));
                singleCds.add(start(
                        env,
                        family,
                        singleJar,
                        SINGLE_APPLICATION,
                        benchJar,
                        workDir,
                        cds(singleArchive),
                        "single-cds-" + i));
                packageCds.add(start(
                        env,
                        family,
                        packageJar,
                        family.application(),
                        benchJar,
                        workDir,
                        cds(packageArchive),
                        "package-cds-" + i));
                log.printf(
                        "  %s run %d: %s first response, single jar %.0f ms, package %.0f ms;"
                                + " with AppCDS single %.0f ms, package %.0f ms%n",
                        family.name(),
                        i,
                        family.function(),
                        singleDefault.get(i).millis(),
                        packageDefault.get(i).millis(),
                        singleCds.get(i).millis(),
                        packageCds.get(i).millis());
            }
            String note = "median of " + runs + " runs each, " + family.function()
                    + " through FunctionInvoker against the emulators, MAIN_CLASS " + family.application()
                    + " (package) vs BlueMarbleFunctionsApplication (single jar, as deployed before the packages); ";
            report.add(Row.of(
                    "package " + family.name() + ": JVM start to first " + family.function()
                            + " response vs the single jar (no JVM flags)",
                    median(packageDefault),
                    median(singleDefault),
                    Goal.ratioAtMost(1.0),
                    "ms",
                    note + "package " + list(packageDefault) + ", single jar " + list(singleDefault)));
            report.add(Row.of(
                    "package " + family.name() + ": JVM start to first " + family.function()
                            + " response vs the single jar (both with their AppCDS archive)",
                    median(packageCds),
                    median(singleCds),
                    Goal.ratioAtMost(1.0),
                    "ms",
                    note + "-XX:SharedArchiveFile from one -XX:ArchiveClassesAtExit training run of the same jar and"
                            + " function (package " + (Files.size(packageArchive) >> 20) + " MB, single jar "
                            + (Files.size(singleArchive) >> 20) + " MB); package " + list(packageCds)
                            + ", single jar " + list(singleCds)));
            report.add(Row.of(
                    "package " + family.name() + ": classes loaded until the first " + family.function()
                            + " response vs the single jar",
                    packageDefault.get(0).classes(),
                    singleDefault.get(0).classes(),
                    Goal.ratioAtMost(1.0),
                    "classes",
                    "the JVM's loaded-class count when the response was ready (first run, no JVM flags):"
                            + " the start-up work, which unlike the times does not depend on the machine's load"));
        }
    }

    /** The families and one request each; state their functions read is created here, in process. */
    static List<Family> families(BenchEnv env) {
        env.require(
                "grant",
                "{\"grantId\":\"" + UUID.randomUUID() + "\",\"playerId\":\"pkg-a\",\"currency\":{\"gold\":1000000}}",
                200);
        env.require(
                "grant",
                "{\"grantId\":\"" + UUID.randomUUID() + "\",\"playerId\":\"pkg-b\",\"currency\":{\"gems\":1000000}}",
                200);
        String chunk = Base64.getEncoder().encodeToString("packaging bench chunk".getBytes(StandardCharsets.UTF_8));
        String at = "\"world\":\"earth\",\"lod\":0,\"x\":4242,\"z\":4242";
        env.require("terrainPut", "{" + at + ",\"data\":\"" + chunk + "\"}", 200);
        env.require(
                "leaderboardSubmit",
                "{\"board\":\"global-score\",\"playerId\":\"pkg-a\",\"region\":\"us-east-1\",\"score\":42}",
                200);
        Predicate<String> noError = response -> !response.contains("\"error\"");
        return List.of(
                new Family(
                        "economy",
                        "com.bluemarble.functions.packaging.EconomyPackage",
                        "trade",
                        () -> "{\"tradeId\":\"" + UUID.randomUUID()
                                + "\",\"a\":{\"playerId\":\"pkg-a\",\"gives\":{\"currency\":{\"gold\":1}}},"
                                + "\"b\":{\"playerId\":\"pkg-b\",\"gives\":{\"currency\":{\"gems\":1}}}}",
                        response -> response.contains("COMMITTED")),
                new Family(
                        "snapshots",
                        "com.bluemarble.functions.packaging.SnapshotsPackage",
                        "snapshotLoad",
                        // A player without a snapshot: a real DynamoDB read, answered 404.
                        () -> "{\"playerId\":\"pkg-nobody\"}",
                        response -> response.contains("UNKNOWN_PLAYER")),
                new Family(
                        "leaderboards",
                        "com.bluemarble.functions.packaging.LeaderboardsPackage",
                        "leaderboardTop",
                        () -> "{\"board\":\"global-score\",\"limit\":10}",
                        noError.and(response -> response.contains("pkg-a"))),
                new Family(
                        "storage",
                        "com.bluemarble.functions.packaging.StoragePackage",
                        "terrainGet",
                        () -> "{" + at + "}",
                        noError.and(response -> response.contains(chunk))),
                new Family(
                        "backups",
                        "com.bluemarble.functions.packaging.BackupsPackage",
                        "backupList",
                        () -> "{}",
                        noError.and(response -> response.contains("\"backups\""))));
    }

    static JarSize size(Path jar) throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            long bytes = zip.stream().mapToLong(e -> Math.max(0, e.getSize())).sum();
            return new JarSize(bytes, zip.size());
        }
    }

    private static List<String> cds(Path archive) {
        return List.of("-XX:SharedArchiveFile=" + archive, "-Xshare:auto");
    }

    private static void train(
            BenchEnv env, Family family, Path jar, String application, Path benchJar, Path workDir, Path archive)
            throws Exception {
        Files.deleteIfExists(archive);
        start(
                env,
                family,
                jar,
                application,
                benchJar,
                workDir,
                List.of("-XX:ArchiveClassesAtExit=" + archive),
                "train");
        if (!Files.exists(archive)) {
            throw new IllegalStateException("the training run of " + jar + " wrote no archive " + archive);
        }
    }

    /** From process start to the first response line of {@link ColdStartDriver}. */
    private static Start start(
            BenchEnv env,
            Family family,
            Path jar,
            String application,
            Path benchJar,
            Path workDir,
            List<String> flags,
            String name)
            throws Exception {
        String label = family.name() + "-" + jar.getFileName().toString().replace(".jar", "") + "-" + name;
        Path event = workDir.resolve(label + ".json");
        Files.writeString(event, family.event().get());
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(flags);
        command.add("-DMAIN_CLASS=" + application);
        command.add("-Dspring.cloud.function.definition=" + family.function());
        env.properties.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add("-cp");
        command.add(jar + File.pathSeparator + benchJar);
        command.add(ColdStartDriver.class.getName());
        command.add(event.toString());
        Path stderr = workDir.resolve(label + ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(stderr.toFile());
        builder.environment().put("AWS_LAMBDA_FUNCTION_NAME", "bluemarble-" + family.function());
        long begin = System.nanoTime();
        Process process = builder.start();
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            long classes = -1;
            while ((line = out.readLine()) != null) {
                if (line.startsWith(ColdStartDriver.LOADED_CLASSES)) {
                    classes = Long.parseLong(line.substring(ColdStartDriver.LOADED_CLASSES.length())
                            .trim());
                }
                if (line.startsWith(ColdStartDriver.MARKER)) {
                    double millis = (System.nanoTime() - begin) / 1e6;
                    if (!family.answered().test(line)) {
                        throw new IllegalStateException(label + " answered " + line + " (see " + stderr + ")");
                    }
                    process.getOutputStream().close();
                    if (!process.waitFor(60, TimeUnit.SECONDS)) {
                        process.destroyForcibly();
                    }
                    return new Start(millis, classes);
                }
            }
            throw new IllegalStateException(label + " gave no response; see " + stderr);
        } finally {
            if (process.isAlive()) {
                process.destroyForcibly();
            }
        }
    }

    private static double median(List<Start> starts) {
        return ColdStartBench.median(starts.stream().mapToDouble(Start::millis).toArray());
    }

    private static String list(List<Start> starts) {
        return starts.stream().map(s -> Ratios.format(s.millis())).toList().toString();
    }

    private PackagingBench() {}
}
