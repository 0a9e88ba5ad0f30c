package com.bluemarble.functions.local;

import com.bluemarble.functions.adapter.spanner.SpannerSchema;
import com.bluemarble.functions.app.BlueMarbleFunctionsApplication;
import com.bluemarble.functions.core.privacy.LocalPrivacyDriver;
import com.bluemarble.functions.core.privacy.PrivacyDriver;
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
            names = "--bind",
            defaultValue = "127.0.0.1",
            description = "Address to listen on (default: ${DEFAULT-VALUE}, this machine only). The local host has no"
                    + " authentication: bind another address (0.0.0.0 = every interface) only on a trusted network.")
    String bind;

    @Option(
            names = "--database",
            defaultValue = "economy",
            description = "Spanner database id (default: ${DEFAULT-VALUE}).")
    String database;

    @Option(
            names = "--self-check",
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
        if (args.length > 0 && args[0].equals("config-publish")) { // ./dev config publish FILE
            System.exit(ConfigPublish.run(java.util.Arrays.copyOfRange(args, 1, args.length), System.out, System.err));
        }
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
        Running running = start(httpPort, bind, database, out, Map.of());
        DevUpState state = running.state();
        state.write(DevUpState.DEFAULT_PATH);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            try {
                                java.nio.file.Files.deleteIfExists(DevUpState.DEFAULT_PATH);
                            } catch (java.io.IOException e) {
                                // a stale file is recognised by its pid
                            }
                            out.println("Stopping: web server and emulators.");
                        },
                        "announce-stop"));
        if (selfCheck) {
            SelfCheck check = new SelfCheck(running.baseUri(), out);
            boolean passed = check.run();
            passed &= new EconomyMarketSelfCheck(check, out).run();
            passed &= new LeaderboardSelfCheck(check, out).run();
            passed &= new SnapshotSelfCheck(running.baseUri(), out)
                    .run(); // before the backup, which then holds a snapshot
            passed &= new StorageSelfCheck(check, out).run();
            passed &=
                    new PrivacySelfCheck(check, out).run(); // after the backup: a later restore re-applies the erasure
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
        /** Where this stack serves and keeps its game config, for {@code ./dev config publish}. */
        DevUpState state() {
            var environment = context.getEnvironment();
            return new DevUpState(
                    baseUri.toString(),
                    environment.getProperty("bluemarble.aws.endpoint-url"),
                    environment.getProperty("bluemarble.aws.region"),
                    environment.getProperty("bluemarble.config.bucket"),
                    environment.getProperty("bluemarble.config.key"),
                    environment
                            .getProperty(
                                    "bluemarble.config.poll-interval",
                                    java.time.Duration.class,
                                    java.time.Duration.ofSeconds(30))
                            .toSeconds(),
                    ProcessHandle.current().pid());
        }

        @Override
        public void close() {
            context.close();
        }
    }

    /**
     * Publishes {@code game-config.example.json} (offers, recipes, market) to the local config
     * bucket unless a document is there already, so the shop, crafting and the trading post work
     * out of the box; {@code ./dev config publish FILE} replaces it.
     */
    private static void publishExampleConfig(AwsEmulator aws, AwsResources resources, PrintStream out) {
        String bucket = resources.bucket("bluemarble-config");
        try (var s3 = aws.clients()
                        .configure(
                                software.amazon.awssdk.services.s3.S3Client.builder(), java.time.Duration.ofSeconds(10))
                        .build();
                var example = LocalRunner.class.getResourceAsStream("/game-config.example.json")) {
            boolean present;
            try {
                s3.headObject(r -> r.bucket(bucket).key("game-config.json"));
                present = true;
            } catch (software.amazon.awssdk.services.s3.model.NoSuchKeyException e) {
                present = false;
            }
            if (!present) {
                s3.putObject(
                        r -> r.bucket(bucket).key("game-config.json"),
                        software.amazon.awssdk.core.sync.RequestBody.fromBytes(example.readAllBytes()));
                out.println("  Game config: game-config.example.json published to s3://" + bucket
                        + "/game-config.json (replace it with ./dev config publish FILE)");
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Starts emulators (once per JVM), provisions everything and the web server on 127.0.0.1:{@code httpPort}. */
    public static Running start(int httpPort, String databaseId, PrintStream out) {
        return start(httpPort, LOOPBACK, databaseId, out, Map.of());
    }

    static final String LOOPBACK = "127.0.0.1";

    /**
     * Header and body read bounds of the HTTP edge: a client that sends slowly (one byte, then
     * nothing) is dropped within seconds instead of holding a worker thread (slow loris).
     */
    static Map<String, Object> httpEdgeProperties(String bindAddress) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("server.address", bindAddress);
        properties.put("server.tomcat.connection-timeout", "5s");
        properties.put("server.tomcat.keep-alive-timeout", "15s");
        properties.put("bluemarble.local.body-read-timeout", "10s");
        properties.put("server.error.whitelabel.enabled", "false");
        return properties;
    }

    /**
     * @param bindAddress the address to listen on ({@value #LOOPBACK} unless the operator chose another)
     * @param extra properties that win over the defaults (tests: smaller thread pools, shorter bounds)
     */
    public static Running start(
            int httpPort, String bindAddress, String databaseId, PrintStream out, Map<String, Object> extra) {
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
        properties.putAll(httpEdgeProperties(bindAddress));
        properties.put("bluemarble.spanner.project-id", SpannerEmulator.PROJECT_ID);
        properties.put("bluemarble.spanner.instance-id", SpannerEmulator.INSTANCE_ID);
        properties.put("bluemarble.spanner.database-id", databaseId);
        properties.put("bluemarble.spanner.emulator-host", spanner.host());
        properties.putAll(LocalProperties.forEmulators(aws, resources, redis));
        properties.put("bluemarble.local.snapshot-dlq-url", resources.queueUrl("player-snapshots-dlq"));
        properties.putAll(StorageSelfCheck.restoreDatabase(spanner, databaseId));
        properties.putAll(StorageSelfCheck.restoreSnapshotTable(aws, resources));
        properties.putAll(PrivacySelfCheck.exportsBucket(aws));
        publishExampleConfig(aws, resources, out);
        properties.putAll(extra);
        List<String> args = new ArrayList<>();
        properties.forEach(
                (key, value) -> args.add("--" + key + "=" + value)); // arguments outrank application.properties

        ConfigurableApplicationContext context = new SpringApplicationBuilder(
                        BlueMarbleFunctionsApplication.class,
                        FunctionHttpController.class,
                        LocalSnapshotPoller.class,
                        LocalMetrics.class, // /_status: the EMF the functions emit, and the page
                        StatusPageController.class,
                        HttpEdgeConfiguration.class)
                .web(WebApplicationType.SERVLET)
                .run(args.toArray(String[]::new));
        int actualPort = ((WebServerApplicationContext) context).getWebServer().getPort();
        String host = LOOPBACK.equals(bindAddress) || "0.0.0.0".equals(bindAddress) || "::".equals(bindAddress)
                ? "localhost"
                : bindAddress;
        URI base = URI.create("http://" + host + ":" + actualPort);
        out.println("Serving " + LocalFunctions.httpFunctions(context.getBean(FunctionCatalog.class)) + " at " + base
                + "/<functionName>");
        out.println("Status page (rates, p50/p99, error codes, queue, emulators): " + base + "/_status");
        // Data rights (docs/data-rights.md): the local driver resumes what a stopped stack left unfinished.
        if ("local".equals(context.getEnvironment().getProperty("bluemarble.privacy.driver"))
                && context.getBean(PrivacyDriver.class) instanceof LocalPrivacyDriver driver) {
            int resumed = driver.resumeUnfinished();
            out.println("Data rights: the local driver runs erasures and exports in-process"
                    + (resumed > 0 ? "; resumed " + resumed + " unfinished" : ""));
        }
        return new Running(context, base);
    }
}
