package com.bluemarble.infra.config;

import static com.bluemarble.infra.config.FunctionCatalog.Access.BACKUPS_READ;
import static com.bluemarble.infra.config.FunctionCatalog.Access.BACKUPS_WRITE;
import static com.bluemarble.infra.config.FunctionCatalog.Access.CONFIG_READ;
import static com.bluemarble.infra.config.FunctionCatalog.Access.REDIS;
import static com.bluemarble.infra.config.FunctionCatalog.Access.SEASON_ARCHIVE;
import static com.bluemarble.infra.config.FunctionCatalog.Access.SNAPSHOT_QUEUE_CONSUME;
import static com.bluemarble.infra.config.FunctionCatalog.Access.SNAPSHOT_QUEUE_SEND;
import static com.bluemarble.infra.config.FunctionCatalog.Access.SNAPSHOT_STATES_PUT;
import static com.bluemarble.infra.config.FunctionCatalog.Access.SNAPSHOT_STATES_READ;
import static com.bluemarble.infra.config.FunctionCatalog.Access.SNAPSHOT_STATES_WRITE;
import static com.bluemarble.infra.config.FunctionCatalog.Access.SNAPSHOT_TABLE_READ;
import static com.bluemarble.infra.config.FunctionCatalog.Access.SNAPSHOT_TABLE_WRITE;
import static com.bluemarble.infra.config.FunctionCatalog.Access.SPANNER;
import static com.bluemarble.infra.config.FunctionCatalog.Access.SPANNER_RESTORE_TARGET;
import static com.bluemarble.infra.config.FunctionCatalog.Access.TERRAIN_READ;
import static com.bluemarble.infra.config.FunctionCatalog.Access.TERRAIN_WRITE;
import static com.bluemarble.infra.config.FunctionPackages.Family.BACKUPS;
import static com.bluemarble.infra.config.FunctionPackages.Family.ECONOMY;
import static com.bluemarble.infra.config.FunctionPackages.Family.LEADERBOARDS;
import static com.bluemarble.infra.config.FunctionPackages.Family.SNAPSHOTS;
import static com.bluemarble.infra.config.FunctionPackages.Family.STORAGE;

import com.bluemarble.infra.config.FunctionPackages.Family;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The one table of Lambda functions: name (= Spring Cloud Function bean = HTTP route), memory, timeout and
 * the stores each one may touch. The service stack derives IAM grants, environment variables, VPC placement
 * and API routes from this table; nothing else lists the functions.
 */
public final class FunctionCatalog {

    /** What a function may touch. Each value maps to exactly one grant and its environment variables. */
    public enum Access {
        /** Spanner over the internet from GCP credentials in Secrets Manager (read-write; Spanner IAM does the rest). */
        SPANNER,
        /** The Spanner database a restore writes into (bluemarble.backups.restore-database-id); with SPANNER. */
        SPANNER_RESTORE_TARGET,
        SNAPSHOT_QUEUE_SEND,
        /** Only through the SQS event source mapping; the function never calls SQS itself. */
        SNAPSHOT_QUEUE_CONSUME,
        SNAPSHOT_TABLE_READ,
        SNAPSHOT_TABLE_WRITE,
        SNAPSHOT_STATES_READ,
        /** Put only: snapshotIngest claim-checks large states into the bucket before enqueueing the key. */
        SNAPSHOT_STATES_PUT,
        SNAPSHOT_STATES_WRITE,
        TERRAIN_READ,
        TERRAIN_WRITE,
        BACKUPS_READ,
        BACKUPS_WRITE,
        CONFIG_READ,
        /**
         * Every region's leaderboard Redis (global rank reads all shards) with the shared AUTH token from
         * Secrets Manager; puts the function in the VPC, which is peered with the other regions' VPCs.
         */
        REDIS,
        /**
         * Finished leaderboard seasons: read and put under {@link #SEASON_ARCHIVE_PREFIX} of the backups bucket
         * only (the app's bluemarble.leaderboard.archive.prefix), never the backups themselves.
         */
        SEASON_ARCHIVE
    }

    /** Must equal the app's {@code bluemarble.leaderboard.archive.prefix} (checked by a test). */
    public static final String SEASON_ARCHIVE_PREFIX = "leaderboards/";

    /** How a function is invoked besides directly on its alias. */
    public enum Trigger {
        /** {@code POST /<name>} on the HTTP API. */
        HTTP_API,
        /** Only the SQS event source mapping (its input is an SQS batch nothing else should produce). */
        SQS,
        /** An EventBridge schedule ({@link FunctionSpec#scheduleMinutes()}); no HTTP route. */
        SCHEDULE
    }

    /**
     * @param family the deployment package the function is deployed from: the family whose area of functions/app
     *     declares its bean (see FunctionPackages)
     * @param trigger HTTP_API (routed as {@code POST /<name>}), SQS or SCHEDULE
     * @param scheduleMinutes the EventBridge rate of a SCHEDULE function, 0 otherwise
     */
    public record FunctionSpec(
            String name,
            Family family,
            int memoryMb,
            int timeoutSeconds,
            Set<Access> access,
            Trigger trigger,
            int scheduleMinutes) {
        public FunctionSpec {
            access = Set.copyOf(access);
            for (Access a : access) {
                if (!family.carries(a)) {
                    throw new IllegalArgumentException(name + " uses " + a + ", which the " + family
                            + " package has no client for (FunctionPackages.Family)");
                }
            }
            if ((trigger == Trigger.SCHEDULE) != (scheduleMinutes > 0)) {
                throw new IllegalArgumentException(name + ": a schedule rate goes with the SCHEDULE trigger only");
            }
        }

        public boolean routed() {
            return trigger == Trigger.HTTP_API;
        }

        public boolean inVpc() {
            return access.contains(REDIS);
        }

        public boolean uses(Access a) {
            return access.contains(a);
        }
    }

    private FunctionCatalog() {}

    /**
     * Memory also buys CPU on Lambda, which matters for Spring start-up before the SnapStart snapshot and for
     * Spanner's gRPC client. Timeouts of API-routed functions stay under the HTTP API's 30 s integration limit,
     * except economyAudit and the backups, which read whole tables and are meant to be invoked directly
     * (lambda:InvokeFunction on the alias); through the API a caller would see 503 after 30 s.
     */
    public static List<FunctionSpec> functions(ResourceDefinitions resources) {
        return List.of(
                // Every EconomyService bean reads the hot-reloaded game config (trade rules) from the config bucket.
                api(ECONOMY, "grant", 1536, 20, SPANNER, CONFIG_READ),
                api(ECONOMY, "trade", 1536, 20, SPANNER, CONFIG_READ),
                api(ECONOMY, "playerEconomy", 1536, 10, SPANNER, CONFIG_READ),
                api(ECONOMY, "economyAudit", 2048, 300, SPANNER, CONFIG_READ),
                api(SNAPSHOTS, "snapshotIngest", 1024, 10, SNAPSHOT_QUEUE_SEND, SNAPSHOT_STATES_PUT),
                // Timeout comes from resources.json: the queue's visibility timeout is sized from it.
                new FunctionSpec(
                        "snapshotWriter",
                        SNAPSHOTS,
                        1024,
                        resources.snapshotWriter().timeoutSeconds(),
                        EnumSet.of(SNAPSHOT_QUEUE_CONSUME, SNAPSHOT_TABLE_WRITE, SNAPSHOT_STATES_WRITE),
                        Trigger.SQS,
                        0),
                api(SNAPSHOTS, "snapshotLoad", 1024, 10, SNAPSHOT_TABLE_READ, SNAPSHOT_STATES_READ),
                api(LEADERBOARDS, "leaderboardSubmit", 1024, 10, REDIS),
                api(LEADERBOARDS, "leaderboardTop", 1024, 10, REDIS),
                api(LEADERBOARDS, "leaderboardRank", 1024, 10, REDIS),
                // Archives ended seasons of every region to the backups bucket; EventBridge runs it every 15 min.
                new FunctionSpec(
                        "leaderboardArchiveSeasons",
                        LEADERBOARDS,
                        1024,
                        300,
                        EnumSet.of(REDIS, SEASON_ARCHIVE),
                        Trigger.SCHEDULE,
                        15),
                api(STORAGE, "terrainPut", 1024, 15, TERRAIN_READ, TERRAIN_WRITE),
                api(STORAGE, "terrainGet", 1024, 10, TERRAIN_READ),
                // Batch rectangle read: chunks fetched in parallel (bluemarble.terrain.max-parallel-reads).
                api(STORAGE, "terrainGetRegion", 1024, 20, TERRAIN_READ),
                // Includes the leaderboards' current seasons of every region (hence REDIS) and every player
                // snapshot (claim-checked states read from the states bucket).
                api(
                        BACKUPS,
                        "backupCreate",
                        2048,
                        900,
                        SPANNER,
                        REDIS,
                        SNAPSHOT_TABLE_READ,
                        SNAPSHOT_STATES_READ,
                        BACKUPS_READ,
                        BACKUPS_WRITE),
                // Writes the economy into the restore database and snapshots into the snapshot table (re-claim-
                // checking large states); leaderboards are verified, not written (notRestored): no Redis, no VPC.
                api(
                        BACKUPS,
                        "backupRestore",
                        2048,
                        900,
                        SPANNER,
                        SPANNER_RESTORE_TARGET,
                        SNAPSHOT_TABLE_READ,
                        SNAPSHOT_TABLE_WRITE,
                        SNAPSHOT_STATES_WRITE,
                        BACKUPS_READ),
                // Lists manifests only: no Spanner, no Redis, so it stays out of the VPC.
                api(BACKUPS, "backupList", 1024, 30, BACKUPS_READ));
    }

    private static FunctionSpec api(
            Family family, String name, int memoryMb, int timeoutSeconds, Access first, Access... rest) {
        return new FunctionSpec(name, family, memoryMb, timeoutSeconds, EnumSet.of(first, rest), Trigger.HTTP_API, 0);
    }
}
