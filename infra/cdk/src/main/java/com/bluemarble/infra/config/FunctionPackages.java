package com.bluemarble.infra.config;

import static com.bluemarble.infra.config.FunctionCatalog.Access.AUDIT_REPORTS_PUT;
import static com.bluemarble.infra.config.FunctionCatalog.Access.BACKUPS_READ;
import static com.bluemarble.infra.config.FunctionCatalog.Access.BACKUPS_WRITE;
import static com.bluemarble.infra.config.FunctionCatalog.Access.CONFIG_READ;
import static com.bluemarble.infra.config.FunctionCatalog.Access.ERASURE_START;
import static com.bluemarble.infra.config.FunctionCatalog.Access.EXPORTS_READ;
import static com.bluemarble.infra.config.FunctionCatalog.Access.EXPORTS_WRITE;
import static com.bluemarble.infra.config.FunctionCatalog.Access.EXPORT_START;
import static com.bluemarble.infra.config.FunctionCatalog.Access.REDIS;
import static com.bluemarble.infra.config.FunctionCatalog.Access.SEASON_ARCHIVE;
import static com.bluemarble.infra.config.FunctionCatalog.Access.SEASON_ARCHIVE_READ;
import static com.bluemarble.infra.config.FunctionCatalog.Access.SNAPSHOT_ERASURE_MARKS_READ;
import static com.bluemarble.infra.config.FunctionCatalog.Access.SNAPSHOT_ERASURE_MARKS_WRITE;
import static com.bluemarble.infra.config.FunctionCatalog.Access.SNAPSHOT_QUEUE_CONSUME;
import static com.bluemarble.infra.config.FunctionCatalog.Access.SNAPSHOT_QUEUE_SEND;
import static com.bluemarble.infra.config.FunctionCatalog.Access.SNAPSHOT_STATES_ERASE;
import static com.bluemarble.infra.config.FunctionCatalog.Access.SNAPSHOT_STATES_PUT;
import static com.bluemarble.infra.config.FunctionCatalog.Access.SNAPSHOT_STATES_READ;
import static com.bluemarble.infra.config.FunctionCatalog.Access.SNAPSHOT_STATES_WRITE;
import static com.bluemarble.infra.config.FunctionCatalog.Access.SNAPSHOT_TABLE_READ;
import static com.bluemarble.infra.config.FunctionCatalog.Access.SNAPSHOT_TABLE_WRITE;
import static com.bluemarble.infra.config.FunctionCatalog.Access.SPANNER;
import static com.bluemarble.infra.config.FunctionCatalog.Access.SPANNER_RESTORE_TARGET;
import static com.bluemarble.infra.config.FunctionCatalog.Access.TERRAIN_READ;
import static com.bluemarble.infra.config.FunctionCatalog.Access.TERRAIN_WRITE;

import com.bluemarble.infra.config.FunctionCatalog.Access;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import software.amazon.awscdk.services.lambda.Code;

/**
 * Which deployment package (shaded jar) a function is deployed from: one per function family, built by
 * {@code functions/packages/<family>} with only the stores' clients the family uses, and started through
 * the family's Spring application (the Lambda's {@code MAIN_CLASS}), which loads only that family's beans.
 * See docs/packaging.md.
 *
 * <p>{@code -c functionJar=<jar>} (or {@code BLUEMARBLE_FUNCTION_JAR}) deploys every function from that one
 * jar instead, e.g. the single jar of {@code functions/app}, which holds every family; {@code MAIN_CLASS}
 * still names the family's application. Without a built jar, synthesis fails with the build command, or
 * (only with {@code allowPlaceholderFunctionCode}) uses a clearly named placeholder that must not be deployed.
 * One instance per stack: it hands out one code asset per package.
 */
public final class FunctionPackages {

    /** Built by: {@value}. */
    public static final String BUILD_COMMAND = "./mvnw -B package -DskipTests -pl "
            + "functions/packages/economy,functions/packages/snapshots,functions/packages/leaderboards,"
            + "functions/packages/storage,functions/packages/backups,functions/packages/privacy -am";

    /** Where the app writes a stand-in for the function code when synthesizing without building the functions. */
    public static final String PLACEHOLDER_CODE_DIR = "infra/cdk/target/placeholder-function-code";

    /** A function family: the functions that share one deployment package. */
    public enum Family {
        /** Spanner, S3 for the hot-reloaded game config and the partitioned audit's reports. */
        ECONOMY("economy", "EconomyPackage", EnumSet.of(SPANNER, CONFIG_READ, AUDIT_REPORTS_PUT)),
        /** SQS, DynamoDB, S3. */
        SNAPSHOTS(
                "snapshots",
                "SnapshotsPackage",
                EnumSet.of(
                        SNAPSHOT_QUEUE_SEND,
                        SNAPSHOT_QUEUE_CONSUME,
                        SNAPSHOT_TABLE_READ,
                        SNAPSHOT_TABLE_WRITE,
                        SNAPSHOT_STATES_READ,
                        SNAPSHOT_STATES_PUT,
                        SNAPSHOT_STATES_WRITE,
                        SNAPSHOT_ERASURE_MARKS_READ)),
        /** Redis, and S3 for the season archive. */
        LEADERBOARDS("leaderboards", "LeaderboardsPackage", EnumSet.of(REDIS, SEASON_ARCHIVE)),
        /** S3. */
        STORAGE("storage", "StoragePackage", EnumSet.of(TERRAIN_READ, TERRAIN_WRITE)),
        /** Every store: Spanner, DynamoDB and S3 (snapshots), Redis (leaderboards), the backups bucket. */
        BACKUPS(
                "backups",
                "BackupsPackage",
                EnumSet.of(
                        SPANNER,
                        SPANNER_RESTORE_TARGET,
                        REDIS,
                        SNAPSHOT_TABLE_READ,
                        SNAPSHOT_TABLE_WRITE,
                        SNAPSHOT_STATES_READ,
                        SNAPSHOT_STATES_WRITE,
                        BACKUPS_READ,
                        BACKUPS_WRITE,
                        SNAPSHOT_ERASURE_MARKS_WRITE,
                        SEASON_ARCHIVE)),
        /**
         * Player data rights (issue 15): every store a player's data lives in (Spanner; DynamoDB, S3 and the erasure
         * marks of snapshots; every region's Redis and the archived seasons), the exports bucket and the two state
         * machines that drive the erasure and export sagas.
         */
        PRIVACY(
                "privacy",
                "PrivacyPackage",
                EnumSet.of(
                        SPANNER,
                        SNAPSHOT_TABLE_READ,
                        SNAPSHOT_TABLE_WRITE,
                        SNAPSHOT_STATES_READ,
                        SNAPSHOT_STATES_ERASE,
                        SNAPSHOT_ERASURE_MARKS_WRITE,
                        REDIS,
                        SEASON_ARCHIVE,
                        SEASON_ARCHIVE_READ,
                        EXPORTS_READ,
                        EXPORTS_WRITE,
                        ERASURE_START,
                        EXPORT_START));

        private final String module;
        private final String application;
        private final Set<Access> stores;

        Family(String module, String application, Set<Access> stores) {
            this.module = module;
            this.application = application;
            this.stores = stores;
        }

        /** Whether the package carries the client this access needs. */
        public boolean carries(Access access) {
            return stores.contains(access);
        }

        /** The Maven module that builds the package, relative to the repository root. */
        public String module() {
            return "functions/packages/" + module;
        }

        /** The shaded jar, relative to the repository root. */
        public String jar() {
            return module() + "/target/bluemarble-package-" + module + "-0.1.0-SNAPSHOT-aws.jar";
        }

        /** The family's Spring Boot application: the Lambda's MAIN_CLASS. */
        public String mainClass() {
            return "com.bluemarble.functions.packaging." + application;
        }
    }

    private final DeploymentConfig config;
    private final Map<Family, Code> codes = new EnumMap<>(Family.class);
    private boolean placeholder;

    public FunctionPackages(DeploymentConfig config) {
        this.config = config;
    }

    /** The Lambda code of a family: one asset per package per stack (CDK uploads each distinct file once). */
    public Code code(Family family) {
        return codes.computeIfAbsent(family, f -> Code.fromAsset(codePath(f).toString()));
    }

    /** True once a family's code was the placeholder: the templates must not be deployed. */
    public boolean placeholderUsed() {
        return placeholder;
    }

    /** The jar a family's functions are deployed from (see the class comment). */
    public Path codePath(Family family) {
        Path jar = config.functionJar().orElseGet(() -> config.repoRoot().resolve(family.jar()));
        if (Files.isRegularFile(jar)) {
            return jar;
        }
        if (!config.allowPlaceholderFunctionCode()) {
            throw new InfraConfigException("function jar not found: " + jar
                    + "\n  build the packages: " + BUILD_COMMAND
                    + "\n  or synthesize without them: -c allowPlaceholderFunctionCode=true (never deploy that)");
        }
        placeholder = true;
        Path dir = config.repoRoot().resolve(PLACEHOLDER_CODE_DIR);
        try {
            Files.createDirectories(dir);
            Files.writeString(
                    dir.resolve("PLACEHOLDER.txt"),
                    "Not deployable. Stand-in for the function packages (" + BUILD_COMMAND
                            + ") so the CDK app synthesizes before the functions are built.\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create placeholder function code in " + dir, e);
        }
        return dir;
    }
}
