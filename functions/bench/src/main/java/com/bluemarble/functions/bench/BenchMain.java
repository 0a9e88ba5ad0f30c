package com.bluemarble.functions.bench;

import com.bluemarble.functions.bench.report.Report;
import com.bluemarble.functions.bench.report.Row;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./dev bench}: starts the emulators, runs every comparison (each figure against a baseline
 * measured in the same run on the same machine), writes target/bench/report.{json,md,html}.
 * A section that fails is reported as NOT MEASURED (its goals as missed), never left out.
 */
@Command(
        name = "dev bench",
        mixinStandardHelpOptions = true,
        description = "Run the benchmarks and write target/bench/report.*")
public final class BenchMain implements Callable<Integer> {

    static final List<String> SECTIONS = List.of(
            "trade",
            "market",
            "client",
            "leaderboard",
            "writebehind",
            "terrain",
            "jmh",
            "coldstart",
            "packaging",
            "audit");

    @Option(
            names = "--out",
            defaultValue = "target/bench",
            description = "Report directory (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--only", split = ",", description = "Sections to run (default: all): ${COMPLETION-CANDIDATES}")
    Set<String> only;

    @Option(
            names = "--quick",
            description = "Small sizes (100,000 members per shard, fewer samples): a smoke run, not the figures.")
    boolean quick;

    @Option(
            names = "--audit-sizes",
            split = ",",
            description = "Economy sizes (players) of the audit section, smallest first (default: 10000,50000,200000;"
                    + " --quick: 2000,10000). Seeding takes about 3 s per 1,000 players on the emulator.")
    List<Integer> auditSizes;

    @Option(names = "--lambda-jar", defaultValue = "functions/app/target/bluemarble-app-0.1.0-SNAPSHOT-aws.jar")
    Path lambdaJar;

    @Option(names = "--packages-dir", defaultValue = "functions/packages")
    Path packagesDir;

    @Option(names = "--bench-jar", defaultValue = "functions/bench/target/bluemarble-bench-0.1.0-SNAPSHOT.jar")
    Path benchJar;

    private static final java.util.logging.Logger GOOGLE_CLOUD_LOG =
            java.util.logging.Logger.getLogger("com.google.cloud");

    public static void main(String[] args) {
        GOOGLE_CLOUD_LOG.setLevel(java.util.logging.Level.WARNING);
        System.exit(new CommandLine(new BenchMain()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        PrintStream log = System.out;
        Set<String> sections = only == null || only.isEmpty() ? new LinkedHashSet<>(SECTIONS) : only;
        long begin = System.nanoTime();
        Instant started = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        int members = quick ? 100_000 : 1_000_000;
        int queries = quick ? 300 : 1000;
        int trades = quick ? 100 : 400;
        Report report = new Report("BlueMarble Functions benchmarks");
        report.note("Run " + started + " on " + machine()
                + (quick ? " (QUICK smoke run: reduced sizes, not the figures)" : ""));
        report.note(
                "Every figure is value vs a baseline measured in the same run on the same machine; ratio = value / baseline.");
        report.note(
                "Emulators: Cloud Spanner emulator (one read-write transaction at a time, fault injection off), moto_server or LocalStack "
                        + "for S3/SQS/DynamoDB, local redis-server x3 (one per region). Absolute numbers are the emulators', not the clouds'.");
        log.println("Starting emulators and the function application...");
        try (BenchEnv env = new BenchEnv();
                BenchHttpHost host = new BenchHttpHost(env)) {
            if (sections.contains("trade")) {
                section(
                        log,
                        report,
                        "trade",
                        () -> TradeBench.run(env, report, trades),
                        List.of(
                                "trade: throughput, function path vs bare Spanner rw transaction",
                                "trade: p99 latency, function path vs bare (overhead)"));
            }
            if (sections.contains("market")) {
                section(
                        log,
                        report,
                        "market",
                        () -> MarketBench.run(env, report, trades),
                        List.of("market: listingBuy throughput on distinct listings vs trade"));
            }
            if (sections.contains("client")) {
                section(
                        log,
                        report,
                        "client",
                        () -> ClientOverheadBench.run(env, host, report, log, quick ? 100 : 300),
                        List.of(
                                "client: trade throughput through BlueMarbleClient vs a raw HTTP POST of the same body"));
            }
            if (sections.contains("leaderboard")) {
                double[] rankP99 = {Double.NaN};
                section(
                        log,
                        report,
                        "leaderboard",
                        () -> rankP99[0] = LeaderboardBench.run(env, report, log, members, queries, quick ? 4 : 10),
                        List.of(
                                "leaderboard batch submit (1,000 entries per call) vs redis-benchmark ZADD -P 16",
                                "leaderboard global top-100 p99 (3 shards)",
                                "leaderboard exact global rank p99 (3 shards)"));
                section(
                        log,
                        report,
                        "leaderboard-postgresql",
                        () -> PostgresRank.run(report, log, members, quick ? 50 : 200, rankP99[0]),
                        List.of("rank query p99 in PostgreSQL"));
            }
            if (sections.contains("writebehind")) {
                section(
                        log,
                        report,
                        "writebehind",
                        () -> WriteBehindBench.run(env, host, report, log, quick ? 200 : 1000, quick ? 10 : 25),
                        List.of(
                                "write-behind: SQS messages, SnapshotWriteBehind vs one snapshotIngest per update",
                                "write-behind: DynamoDB writes, SnapshotWriteBehind vs one snapshotIngest per update",
                                "write-behind: writer drain rate of a backlog vs bare SQS receive+delete loop"));
            }
            if (sections.contains("writersweep")) { // not in the default run: a measurement for resources.json
                section(
                        log,
                        report,
                        "writersweep",
                        () -> WriteBehindBench.sweep(env, report, log, quick ? 200 : 500),
                        List.of("writer drain, batch settings"));
            }
            if (sections.contains("terrain")) {
                section(
                        log,
                        report,
                        "terrain",
                        () -> TerrainBench.run(env, report, quick ? 60 : 200),
                        List.of(
                                "terrain put: adapter vs bare S3 PutObject",
                                "terrain get: adapter vs bare S3 GetObject",
                                "terrain compression ratio"));
            }
            if (sections.contains("jmh")) {
                section(
                        log,
                        report,
                        "jmh",
                        () -> JmhBench.run(report, quick),
                        List.of("terrain codec encode throughput (JMH, in-process): zstd -3 vs gzip -6"));
            }
            if (sections.contains("audit")) {
                section(
                        log,
                        report,
                        "audit",
                        () -> AuditBench.run(
                                report,
                                log,
                                auditSizes != null
                                        ? auditSizes
                                        : quick ? List.of(2_000, 10_000) : List.of(10_000, 50_000, 200_000)),
                        List.of("audit: partitioned job time per player (large vs small economy)"));
            }
            if (sections.contains("coldstart")) {
                section(
                        log,
                        report,
                        "coldstart",
                        () -> ColdStartBench.run(
                                env,
                                report,
                                log,
                                lambdaJar.toAbsolutePath(),
                                benchJar.toAbsolutePath(),
                                out.resolve("coldstart").toAbsolutePath(),
                                quick ? 2 : 3),
                        List.of("cold start: JVM start to first trade response, optimized vs default"));
            }
            if (sections.contains("packaging")) {
                section(
                        log,
                        report,
                        "packaging",
                        () -> PackagingBench.run(
                                env,
                                report,
                                log,
                                lambdaJar.toAbsolutePath(),
                                packagesDir.toAbsolutePath(),
                                benchJar.toAbsolutePath(),
                                out.resolve("packaging").toAbsolutePath(),
                                quick ? 1 : 2),
                        List.of(
                                "package sizes vs the single jar",
                                "package cold starts vs the single jar, with and without AppCDS"));
            }
        }
        double minutes = (System.nanoTime() - begin) / 60e9;
        report.note(String.format(
                "Total bench time: %.1f minutes (emulator start included, Maven build excluded).", minutes));
        report.writeAll(out);
        Files.writeString(out.resolve("summary.txt"), report.markdown());
        log.println();
        log.println(report.markdown());
        log.printf("Wrote %s/report.json, report.md, report.html in %.1f minutes.%n", out, minutes);
        return 0;
    }

    interface Section {
        void run() throws Exception;
    }

    private static void section(PrintStream log, Report report, String name, Section body, List<String> metrics) {
        log.println("== " + name);
        long start = System.nanoTime();
        int before = report.rows().size();
        try {
            body.run();
        } catch (Exception | Error e) {
            e.printStackTrace(log);
            if (report.rows().size() == before) {
                for (String metric : metrics) {
                    report.add(new Row(
                            metric,
                            Double.NaN,
                            Double.NaN,
                            Double.NaN,
                            "(its goals: see docs/benchmarks.md)",
                            Boolean.FALSE,
                            "",
                            "NOT MEASURED: " + name + " failed: " + e));
                }
            } else {
                report.note(name + " stopped early: " + e);
            }
        }
        log.printf("   %s done in %.1f s%n", name, (System.nanoTime() - start) / 1e9);
    }

    static String machine() {
        String cpu = "unknown CPU";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(l -> l.startsWith("model name"))
                    .findFirst()
                    .map(l -> l.substring(l.indexOf(':') + 1).trim())
                    .orElse(cpu);
        } catch (Exception e) {
            // keep unknown
        }
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            host = "unknown host";
        }
        long memMb = ((com.sun.management.OperatingSystemMXBean)
                                java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                        .getTotalMemorySize()
                >> 20;
        return host + ": " + Runtime.getRuntime().availableProcessors() + " cores (" + cpu + "), " + memMb + " MB RAM, "
                + System.getProperty("os.name") + " " + System.getProperty("os.version") + ", Java "
                + System.getProperty("java.version");
    }
}
