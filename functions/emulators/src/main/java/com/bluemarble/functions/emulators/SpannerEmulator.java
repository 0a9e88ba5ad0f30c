package com.bluemarble.functions.emulators;

import com.google.cloud.NoCredentials;
import com.google.cloud.spanner.DatabaseId;
import com.google.cloud.spanner.ErrorCode;
import com.google.cloud.spanner.InstanceConfigId;
import com.google.cloud.spanner.InstanceId;
import com.google.cloud.spanner.InstanceInfo;
import com.google.cloud.spanner.Spanner;
import com.google.cloud.spanner.SpannerException;
import com.google.cloud.spanner.SpannerOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.gcloud.SpannerEmulatorContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * A Cloud Spanner emulator: the endpoint named by {@code SPANNER_EMULATOR_HOST}, else a
 * Testcontainers container when Docker answers, else the {@code gateway_main}/{@code emulator_main}
 * binaries of the Debian package {@code google-cloud-cli-spanner-emulator} on free ports.
 *
 * <p>The emulator runs one read-write transaction at a time; with fault injection it also aborts
 * a few percent of commits, so the client's ABORTED retry path is exercised for real.
 */
public final class SpannerEmulator implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SpannerEmulator.class);
    static final String IMAGE = "gcr.io/cloud-spanner-emulator/emulator:1.5.28";
    private static final List<Path> BINARY_DIRS = List.of(
            Path.of("/usr/lib/google-cloud-sdk/bin/cloud_spanner_emulator"),
            Path.of("/usr/share/google-cloud-sdk/bin/cloud_spanner_emulator"),
            Path.of("/google-cloud-sdk/bin/cloud_spanner_emulator"));

    public static final String PROJECT_ID = "bluemarble-local";
    public static final String INSTANCE_ID = "bluemarble";

    private final String host;
    private final String description;
    private final AutoCloseable owned;
    private final Spanner admin;

    private SpannerEmulator(String host, String description, AutoCloseable owned) {
        this.host = host;
        this.description = description;
        this.owned = owned;
        this.admin = SpannerOptions.newBuilder()
                .setProjectId(PROJECT_ID)
                .setEmulatorHost(host)
                .setCredentials(NoCredentials.getInstance())
                .build()
                .getService();
    }

    /** Starts (or attaches to) an emulator and creates the local instance. */
    public static SpannerEmulator start(boolean faultInjection) {
        SpannerEmulator emulator = launch(faultInjection);
        try {
            emulator.createInstance();
        } catch (RuntimeException e) {
            emulator.close();
            throw e;
        }
        log.info("Spanner emulator: {}", emulator.description);
        return emulator;
    }

    private static SpannerEmulator launch(boolean faultInjection) {
        String named = System.getenv("SPANNER_EMULATOR_HOST");
        if (named != null && !named.isBlank()) {
            return new SpannerEmulator(
                    named,
                    "the endpoint named by SPANNER_EMULATOR_HOST (" + named
                            + "; fault injection is whatever it was started with)",
                    null);
        }
        if (Docker.isAvailable()) {
            SpannerEmulatorContainer container = new SpannerEmulatorContainer(DockerImageName.parse(IMAGE));
            if (faultInjection) {
                container.withCommand("./gateway_main", "--hostname", "0.0.0.0", "--enable_fault_injection");
            }
            container.start();
            return new SpannerEmulator(container.getEmulatorGrpcEndpoint(), "container " + IMAGE, container::stop);
        }
        Path dir = binaryDir()
                .orElseThrow(
                        () -> new EmulatorUnavailableException(
                                "No Cloud Spanner emulator: install the Debian package google-cloud-cli-spanner-emulator "
                                        + "(from Google Cloud's apt repository), or run a Docker engine, or set "
                                        + "SPANNER_EMULATOR_HOST=host:port to an emulator you started (spanner-emulator/start.sh)."));
        for (int attempt = 1; ; attempt++) {
            int grpcPort = Ports.freePort();
            int httpPort = Ports.freePort();
            List<String> command = new java.util.ArrayList<>(List.of(
                    dir.resolve("gateway_main").toString(),
                    "--hostname",
                    "127.0.0.1",
                    "--grpc_port",
                    Integer.toString(grpcPort),
                    "--http_port",
                    Integer.toString(httpPort),
                    "--grpc_binary",
                    dir.resolve("emulator_main").toString()));
            if (faultInjection) {
                command.add("--enable_fault_injection");
            }
            ManagedProcess process = ManagedProcess.start("spanner-emulator", command);
            try {
                Ports.await(
                        "Spanner emulator", Duration.ofSeconds(30), process, () -> Ports.isOpen("127.0.0.1", grpcPort));
                return new SpannerEmulator(
                        "127.0.0.1:" + grpcPort,
                        "binaries in " + dir + " on 127.0.0.1:" + grpcPort
                                + (faultInjection ? " with fault injection (aborts some commits)" : ""),
                        process);
            } catch (EmulatorUnavailableException e) {
                process.close();
                if (attempt == 3) {
                    throw e; // a port raced away three times: something else is wrong
                }
            }
        }
    }

    static Optional<Path> binaryDir() {
        String override = System.getenv("BLUEMARBLE_SPANNER_EMULATOR_DIR");
        if (override != null && !override.isBlank()) {
            return Optional.of(Path.of(override));
        }
        return BINARY_DIRS.stream()
                .filter(dir -> Files.isExecutable(dir.resolve("gateway_main"))
                        && Files.isExecutable(dir.resolve("emulator_main")))
                .findFirst();
    }

    /** {@code host:port} for {@code SpannerOptions.setEmulatorHost}. */
    public String host() {
        return host;
    }

    public String description() {
        return description;
    }

    /**
     * Creates a database with the given DDL. A database that exists already is kept as it is
     * (an emulator named by SPANNER_EMULATOR_HOST keeps its data across runs); tests use fresh ids.
     */
    public DatabaseId createDatabase(String databaseId, List<String> ddl) {
        try {
            admin.getDatabaseAdminClient()
                    .createDatabase(INSTANCE_ID, databaseId, ddl)
                    .get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmulatorUnavailableException("interrupted creating database " + databaseId, e);
        } catch (ExecutionException | SpannerException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            if (!(cause instanceof SpannerException se && se.getErrorCode() == ErrorCode.ALREADY_EXISTS)) {
                throw new EmulatorUnavailableException(
                        "could not create database " + databaseId + ": " + cause.getMessage(), cause);
            }
        }
        return DatabaseId.of(PROJECT_ID, INSTANCE_ID, databaseId);
    }

    private void createInstance() {
        InstanceInfo instance = InstanceInfo.newBuilder(InstanceId.of(PROJECT_ID, INSTANCE_ID))
                .setInstanceConfigId(InstanceConfigId.of(PROJECT_ID, "emulator-config"))
                .setDisplayName("BlueMarble local")
                .setNodeCount(1)
                .build();
        Instant deadline = Instant.now().plusSeconds(20);
        while (true) {
            try {
                admin.getInstanceAdminClient().createInstance(instance).get();
                return;
            } catch (ExecutionException | SpannerException e) {
                Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
                if (cause instanceof SpannerException se && se.getErrorCode() == ErrorCode.ALREADY_EXISTS) {
                    return;
                }
                if (Instant.now().isAfter(deadline)) {
                    throw new EmulatorUnavailableException(
                            "Spanner emulator at " + host + " did not accept the instance: " + cause.getMessage(),
                            cause);
                }
                Ports.sleep(Duration.ofMillis(100)); // the gateway opens its port before the emulator is ready
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new EmulatorUnavailableException("interrupted", e);
            }
        }
    }

    @Override
    public void close() {
        admin.close();
        if (owned != null) {
            try {
                owned.close();
            } catch (Exception e) {
                log.warn("stopping Spanner emulator: {}", e.toString());
            }
        }
    }
}
