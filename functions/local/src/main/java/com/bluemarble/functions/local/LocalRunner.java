package com.bluemarble.functions.local;

import com.bluemarble.functions.adapter.spanner.SpannerSchema;
import com.bluemarble.functions.app.BlueMarbleFunctionsApplication;
import com.bluemarble.functions.emulators.AwsEmulator;
import com.bluemarble.functions.emulators.AwsResources;
import com.bluemarble.functions.emulators.Emulators;
import com.bluemarble.functions.emulators.RedisServers;
import com.bluemarble.functions.emulators.SpannerEmulator;
import java.io.PrintStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.cloud.function.context.FunctionCatalog;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./dev up}: starts the emulators (Spanner, AWS APIs, Redis), provisions schema, queues,
 * buckets and tables, serves every function at {@code POST http://localhost:PORT/<functionName>},
 * runs a self-check, and serves until Ctrl-C or SIGTERM, then stops everything it started.
 */
@Command(
        name = "dev up",
        mixinStandardHelpOptions = true,
        description = "Run every BlueMarble function locally against emulators.")
public final class LocalRunner implements Callable<Integer> {

    @Option(names = "--port", description = "HTTP port (0 = any free port). Default: $PORT or 8080.")
    Integer port;

    @Option(
            names = "--database",
            defaultValue = "economy",
            description = "Spanner database id (default: ${DEFAULT-VALUE}).")
    String database;

    @Option(
            names = "--no-self-check",
            negatable = true,
            defaultValue = "true",
            fallbackValue = "true",
            description = "Run the self-check after start (default: on).")
    boolean selfCheck;

    @Option(names = "--exit-after-self-check", description = "Stop after the self-check; exit 0 only if it passed.")
    boolean exitAfterSelfCheck;

    /** Held so the JUL level sticks (JUL keeps loggers weakly). */
    private static final java.util.logging.Logger GOOGLE_CLOUD_LOG =
            java.util.logging.Logger.getLogger("com.google.cloud");

    public static void main(String[] args) {
        GOOGLE_CLOUD_LOG.setLevel(java.util.logging.Level.WARNING); // the Spanner client prints its options at INFO
        int exit = new CommandLine(new LocalRunner()).execute(args);
        if (exit != 0 || isExitRequested(args)) {
            System.exit(exit);
        }
        // otherwise the web server's threads keep the JVM serving until a signal arrives
    }

    private static boolean isExitRequested(String[] args) {
        return List.of(args).contains("--exit-after-self-check")
                || List.of(args).contains("--help")
                || List.of(args).contains("-h")
                || List.of(args).contains("--version")
                || List.of(args).contains("-V");
    }

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        int httpPort = port != null ? port : Integer.parseInt(System.getenv().getOrDefault("PORT", "8080"));
        Running running = start(httpPort, database, out);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(() -> out.println("Stopping: web server and emulators."), "announce-stop"));
        if (selfCheck) {
            SelfCheck check = new SelfCheck(running.baseUri(), out);
            boolean passed = check.run();
            passed &= new LeaderboardLocalStack(check, out).run();
            passed &= new SnapshotSelfCheck(running.baseUri(), out)
                    .run(); // before the backup, which then holds a snapshot
            passed &= new StorageLocalStack(check, out).run();
            if (!passed && exitAfterSelfCheck) {
                return 1;
            }
        }
        if (exitAfterSelfCheck) {
            running.context().close();
            return 0;
        }
        out.println("Serving until Ctrl-C (or SIGTERM). Try: curl -s -XPOST " + running.baseUri()
                + "/economyAudit -d '{}'");
        return 0;
    }

    /** A started local stack: the Spring context (web server included) and where it listens. */
    public record Running(ConfigurableApplicationContext context, URI baseUri) implements AutoCloseable {
        @Override
        public void close() {
            context.close();
        }
    }

    /** Starts emulators (once per JVM), provisions everything and the web server on {@code httpPort}. */
    public static Running start(int httpPort, String databaseId, PrintStream out) {
        SpannerEmulator spanner = Emulators.spanner();
        spanner.createDatabase(databaseId, SpannerSchema.statements());
        AwsEmulator aws = Emulators.aws();
        AwsResources resources = aws.provision("");
        RedisServers redis = Emulators.redis();
        out.println("Emulators:");
        out.println("  Cloud Spanner: " + spanner.description() + ", database " + databaseId);
        out.println("  AWS (SQS, S3, DynamoDB): " + aws.description() + "; provisioned "
                + resources.queueUrls().keySet() + " " + resources.buckets().values() + " "
                + resources.tables().values());
        out.println("  Redis: " + redis.uris());

        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("server.port", httpPort);
        properties.put("bluemarble.spanner.project-id", SpannerEmulator.PROJECT_ID);
        properties.put("bluemarble.spanner.instance-id", SpannerEmulator.INSTANCE_ID);
        properties.put("bluemarble.spanner.database-id", databaseId);
        properties.put("bluemarble.spanner.emulator-host", spanner.host());
        properties.putAll(LocalProperties.forEmulators(aws, resources, redis));
        properties.put("bluemarble.local.snapshot-dlq-url", resources.queueUrl("player-snapshots-dlq"));
        properties.putAll(StorageLocalStack.restoreDatabase(spanner, databaseId));
        properties.putAll(StorageLocalStack.restoreSnapshotTable(aws, resources));
        List<String> args = new ArrayList<>();
        properties.forEach(
                (key, value) -> args.add("--" + key + "=" + value)); // arguments outrank application.properties

        ConfigurableApplicationContext context = new SpringApplicationBuilder(
                        BlueMarbleFunctionsApplication.class,
                        FunctionHttpController.class,
                        LocalSnapshotPoller.class,
                        LocalMetrics.class, // /_status: the EMF the functions emit, and the page
                        StatusPageController.class)
                .web(WebApplicationType.SERVLET)
                .run(args.toArray(String[]::new));
        int actualPort = ((WebServerApplicationContext) context).getWebServer().getPort();
        URI base = URI.create("http://localhost:" + actualPort);
        out.println("Serving " + LocalFunctions.httpFunctions(context.getBean(FunctionCatalog.class)) + " at " + base
                + "/<functionName>");
        out.println("Status page (rates, p50/p99, error codes, queue, emulators): " + base + "/_status");
        return new Running(context, base);
    }
}
