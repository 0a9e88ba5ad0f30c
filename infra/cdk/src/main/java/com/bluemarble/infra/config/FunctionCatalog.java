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
import static com.bluemarble.infra.config.FunctionCatalog.Caller.ECONOMY_ADMIN;
import static com.bluemarble.infra.config.FunctionCatalog.Caller.GAME_SERVER;
import static com.bluemarble.infra.config.FunctionCatalog.Caller.OPERATIONS;
import static com.bluemarble.infra.config.FunctionPackages.Family.BACKUPS;
import static com.bluemarble.infra.config.FunctionPackages.Family.ECONOMY;
import static com.bluemarble.infra.config.FunctionPackages.Family.LEADERBOARDS;
import static com.bluemarble.infra.config.FunctionPackages.Family.PRIVACY;
import static com.bluemarble.infra.config.FunctionPackages.Family.SNAPSHOTS;
import static com.bluemarble.infra.config.FunctionPackages.Family.STORAGE;

import com.bluemarble.infra.config.FunctionPackages.Family;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The one table of Lambda functions: name (= Spring Cloud Function bean = HTTP route), memory, timeout and
 * the stores each one may touch. The service stack derives IAM grants, environment variables, VPC placement
 * and API routes from this table; nothing else lists the functions.
 */
public final class FunctionCatalog {

    /** What a function may touch. Each value maps to exactly one grant and its environment variables. */
    public enum Access {
        /**
         * Spanner over the internet, with Google credentials from Workload Identity Federation: the execution role
         * gets the name {@link #federatedRoleName} that the Google workload identity pool admits (read-write; Spanner
         * IAM does the rest).
         */
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
        SEASON_ARCHIVE,
        /** Read only under {@link #SEASON_ARCHIVE_PREFIX} of the backups bucket (a player's archived entries). */
        SEASON_ARCHIVE_READ,
        /**
         * The snapshot erasure marks table (bluemarble.snapshots.erasure-table): read by the snapshot functions, which
         * refuse (410) or drop the writes of a marked player.
         */
        SNAPSHOT_ERASURE_MARKS_READ,
        /** Read and write the erasure marks (freezing a player's snapshots; re-applying erasures after a restore). */
        SNAPSHOT_ERASURE_MARKS_WRITE,
        /** Read, list and delete (every version of) claim-checked states: erasing a player's snapshot objects. */
        SNAPSHOT_STATES_ERASE,
        /** Read under {@link #EXPORTS_PREFIX} of the exports bucket: what a pre-signed GET URL is signed with. */
        EXPORTS_READ,
        /** Read and put under {@link #EXPORTS_PREFIX}: an export's parts and the assembled document. */
        EXPORTS_WRITE,
        /** Put only under {@link #AUDIT_REPORTS_PREFIX} of the audit reports bucket. */
        AUDIT_REPORTS_PUT,
        /** states:StartExecution on the erasure state machine only (bluemarble.privacy.erasure-state-machine-arn). */
        ERASURE_START,
        /** states:StartExecution on the export state machine only (bluemarble.privacy.export-state-machine-arn). */
        EXPORT_START
    }

    /** Where exports live in the exports bucket (exports/&lt;exportId&gt;.json and exports/&lt;exportId&gt;/parts/). */
    public static final String EXPORTS_PREFIX = "exports/";

    /** Where economyAuditFinish writes reports in the audit reports bucket (audits/&lt;auditId&gt;.json). */
    public static final String AUDIT_REPORTS_PREFIX = "audits/";

    /**
     * Execution roles of Spanner functions are named with this prefix; the Google workload identity pool's provider
     * admits exactly the AWS roles of this account whose name starts with it (infra/terraform/spanner).
     */
    public static final String FEDERATED_ROLE_PREFIX = "bluemarble-spanner-";

    /** IAM role names are account-wide: the region keeps each region's role apart (at most 64 characters). */
    public static String federatedRoleName(FunctionSpec spec, String region) {
        String name = FEDERATED_ROLE_PREFIX + spec.name() + "-" + region;
        if (name.length() > 64) throw new IllegalStateException("role name too long: " + name);
        return name;
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
        SCHEDULE,
        /** A step of a Step Functions state machine (stacks/Workflows): invoked on its alias, no HTTP route. */
        STATE_MACHINE
    }

    /**
     * Who may call a function (issue 11.12). Each caller is one IAM managed policy per region, scoped to the HTTP API
     * routes of its functions (execute-api:Invoke) and, for functions meant to be invoked directly, their aliases.
     * Game services are trusted for the players they name: a game-server principal may trade for any player id it
     * sends, but never mint (grant) or restore.
     */
    public enum Caller {
        /** Game servers and services acting for players: the gameplay functions. */
        GAME_SERVER("GameServer", "game-server"),
        /** Economy administrators: minting (grant) and restoring a backup. */
        ECONOMY_ADMIN("EconomyAdmin", "economy-admin"),
        /**
         * Operations: backups, the audit, the scheduled jobs run by hand, and players' data-rights requests (export,
         * erase), which come from support tooling acting on a verified request, never from a game server.
         */
        OPERATIONS("Operations", "operations");

        private final String constructId;
        private final String slug;

        Caller(String constructId, String slug) {
            this.constructId = constructId;
            this.slug = slug;
        }

        public String constructId() {
            return constructId;
        }

        /** The managed policy's name in a region (names are account-wide, so they carry the region). */
        public String policyName(String region) {
            return "bluemarble-" + slug + "-" + region;
        }
    }

    /**
     * API Gateway's token bucket for one route: steady requests per second and burst (issue 11.13). Requests above
     * it get 429 from API Gateway before a function runs.
     */
    public record RouteThrottle(int ratePerSecond, int burst) {
        public RouteThrottle {
            if (ratePerSecond < 1 || burst < 1) throw new IllegalArgumentException("throttle must be positive");
        }
    }

    /**
     * @param trigger HTTP_API (routed as {@code POST /<name>}), SQS or SCHEDULE
     * @param scheduleMinutes the EventBridge rate of a SCHEDULE function, 0 otherwise
     * @param callers who may invoke it (route and/or alias); empty for functions only AWS services invoke
     * @param throttle the route's limits; required for a routed function, null otherwise
     * @param reservedConcurrency Lambda reserved concurrency (a cap and a guarantee), 0 for none
     */
    public record FunctionSpec(
            String name,
            Family family,
            int memoryMb,
            int timeoutSeconds,
            Set<Access> access,
            Trigger trigger,
            int scheduleMinutes,
            Set<Caller> callers,
            RouteThrottle throttle,
            int reservedConcurrency) {
        public FunctionSpec {
            // In declaration order: Set.copyOf iterates in a per-JVM random order, which reordered the policy
            // statements of the templates from one synthesis to the next.
            access = Collections.unmodifiableSet(EnumSet.copyOf(access));
            callers = callers.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(callers));
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

        FunctionSpec(
                String name,
                Family family,
                int memoryMb,
                int timeoutSeconds,
                Set<Access> access,
                Trigger trigger,
                int rate) {
            this(name, family, memoryMb, timeoutSeconds, access, trigger, rate, Set.of(), null, 0);
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

        /**
         * Invoked on its alias (lambda:InvokeFunction) rather than, or besides, its route: it may run longer than the
         * HTTP API's 30 s integration limit, or it has no route (a scheduled job run by hand).
         */
        public boolean directlyInvoked() {
            return !callers.isEmpty() && (!routed() || timeoutSeconds >= HTTP_API_TIMEOUT_SECONDS);
        }

        FunctionSpec callableBy(Caller first, Caller... rest) {
            return new FunctionSpec(
                    name,
                    family,
                    memoryMb,
                    timeoutSeconds,
                    access,
                    trigger,
                    scheduleMinutes,
                    EnumSet.of(first, rest),
                    throttle,
                    reservedConcurrency);
        }

        FunctionSpec throttled(int ratePerSecond, int burst) {
            return new FunctionSpec(
                    name,
                    family,
                    memoryMb,
                    timeoutSeconds,
                    access,
                    trigger,
                    scheduleMinutes,
                    callers,
                    new RouteThrottle(ratePerSecond, burst),
                    reservedConcurrency);
        }

        FunctionSpec reservedConcurrency(int executions) {
            return new FunctionSpec(
                    name,
                    family,
                    memoryMb,
                    timeoutSeconds,
                    access,
                    trigger,
                    scheduleMinutes,
                    callers,
                    throttle,
                    executions);
        }
    }

    /**
     * Reserved concurrency of the snapshot writer, also the event source's maximum concurrency (so the poller never
     * invokes beyond it and gets throttled batches back as retries). 20 concurrent batches of the configured size
     * keep up with far more than the ingest route's throttle admits.
     */
    public static final int SNAPSHOT_WRITER_CONCURRENCY = 20;

    /** API Gateway's maximum integration timeout for HTTP APIs. */
    public static final int HTTP_API_TIMEOUT_SECONDS = 30;

    private FunctionCatalog() {}

    /**
     * Memory also buys CPU on Lambda, which matters for Spring start-up before the SnapStart snapshot and for
     * Spanner's gRPC client. Timeouts of API-routed functions stay under the HTTP API's 30 s integration limit,
     * except economyAudit and the backups, which read whole tables and are meant to be invoked directly
     * (lambda:InvokeFunction on the alias); through the API a caller would see 503 after 30 s.
     */
    public static List<FunctionSpec> functions(ResourceDefinitions resources) {
        return checked(List.of(
                // Every EconomyService bean reads the hot-reloaded game config (trade rules) from the config bucket.
                api(ECONOMY, "grant", 1536, 20, SPANNER, CONFIG_READ)
                        .callableBy(ECONOMY_ADMIN)
                        .throttled(50, 20),
                api(ECONOMY, "trade", 1536, 20, SPANNER, CONFIG_READ)
                        .callableBy(GAME_SERVER)
                        .throttled(500, 250),
                api(ECONOMY, "playerEconomy", 1536, 10, SPANNER, CONFIG_READ)
                        .callableBy(GAME_SERVER)
                        .throttled(1000, 500),
                // Economy v2 (issue 12): sinks, crafting, the trading post (escrow in Spanner) and the player's ledger.
                // Same store access as trade: Spanner and the hot-reloaded game config (offers, recipes, market).
                api(ECONOMY, "purchase", 1536, 20, SPANNER, CONFIG_READ)
                        .callableBy(GAME_SERVER)
                        .throttled(500, 250),
                api(ECONOMY, "consume", 1536, 20, SPANNER, CONFIG_READ)
                        .callableBy(GAME_SERVER)
                        .throttled(500, 250),
                api(ECONOMY, "craft", 1536, 20, SPANNER, CONFIG_READ)
                        .callableBy(GAME_SERVER)
                        .throttled(500, 250),
                api(ECONOMY, "listingCreate", 1536, 20, SPANNER, CONFIG_READ)
                        .callableBy(GAME_SERVER)
                        .throttled(200, 100),
                api(ECONOMY, "listingBuy", 1536, 20, SPANNER, CONFIG_READ)
                        .callableBy(GAME_SERVER)
                        .throttled(500, 250),
                api(ECONOMY, "listingCancel", 1536, 20, SPANNER, CONFIG_READ)
                        .callableBy(GAME_SERVER)
                        .throttled(200, 100),
                api(ECONOMY, "listingsSearch", 1536, 10, SPANNER, CONFIG_READ)
                        .callableBy(GAME_SERVER)
                        .throttled(1000, 500),
                api(ECONOMY, "playerHistory", 1536, 10, SPANNER, CONFIG_READ)
                        .callableBy(GAME_SERVER)
                        .throttled(500, 250),
                // Returns expired listings' escrow to their sellers, bounded per run; EventBridge runs it every minute.
                new FunctionSpec("listingsExpire", ECONOMY, 1536, 60, EnumSet.of(SPANNER), Trigger.SCHEDULE, 1)
                        .callableBy(OPERATIONS),
                // Reads the whole ledger: a handful per minute, by operations (directly: it may outlast the API's 30
                // s).
                api(ECONOMY, "economyAudit", 2048, 300, SPANNER, CONFIG_READ)
                        .callableBy(OPERATIONS)
                        .throttled(1, 2),
                // The partitioned audit job (docs/audit.md): start plans partitions at one read timestamp, each
                // partition is one invocation (directly, by the state machine's map or by hand: it may outlast the
                // API's 30 s), status combines them into economyAudit's report. Spanner only.
                api(ECONOMY, "economyAuditStart", 1536, 20, SPANNER)
                        .callableBy(OPERATIONS)
                        .throttled(1, 2),
                api(ECONOMY, "economyAuditPartition", 2048, 300, SPANNER)
                        .callableBy(OPERATIONS)
                        .throttled(10, 10),
                api(ECONOMY, "economyAuditStatus", 1536, 20, SPANNER)
                        .callableBy(OPERATIONS)
                        .throttled(5, 5),
                // The audit state machine's last step: combines the partitions, writes audits/<auditId>.json to the
                // reports bucket (put only, that prefix only) and emits EconomyAuditOk. Operations may rerun it.
                new FunctionSpec(
                                "economyAuditFinish",
                                ECONOMY,
                                1536,
                                60,
                                EnumSet.of(SPANNER, AUDIT_REPORTS_PUT),
                                Trigger.STATE_MACHINE,
                                0)
                        .callableBy(OPERATIONS),
                api(
                                SNAPSHOTS,
                                "snapshotIngest",
                                1024,
                                10,
                                SNAPSHOT_QUEUE_SEND,
                                SNAPSHOT_STATES_PUT,
                                SNAPSHOT_ERASURE_MARKS_READ)
                        .callableBy(GAME_SERVER)
                        .throttled(1000, 500),
                // Timeout comes from resources.json: the queue's visibility timeout is sized from it.
                new FunctionSpec(
                                "snapshotWriter",
                                SNAPSHOTS,
                                1024,
                                resources.snapshotWriter().timeoutSeconds(),
                                EnumSet.of(
                                        SNAPSHOT_QUEUE_CONSUME,
                                        SNAPSHOT_TABLE_WRITE,
                                        SNAPSHOT_STATES_WRITE,
                                        SNAPSHOT_ERASURE_MARKS_READ),
                                Trigger.SQS,
                                0)
                        // A cap and a guarantee: a snapshot backlog never takes the concurrency the request
                        // functions need, and the writer always has this much (see SNAPSHOT_WRITER_CONCURRENCY).
                        .reservedConcurrency(SNAPSHOT_WRITER_CONCURRENCY),
                api(
                                SNAPSHOTS,
                                "snapshotLoad",
                                1024,
                                10,
                                SNAPSHOT_TABLE_READ,
                                SNAPSHOT_STATES_READ,
                                SNAPSHOT_ERASURE_MARKS_READ)
                        .callableBy(GAME_SERVER)
                        .throttled(1000, 500),
                api(LEADERBOARDS, "leaderboardSubmit", 1024, 10, REDIS)
                        .callableBy(GAME_SERVER)
                        .throttled(1000, 500),
                api(LEADERBOARDS, "leaderboardTop", 1024, 10, REDIS)
                        .callableBy(GAME_SERVER)
                        .throttled(500, 250),
                api(LEADERBOARDS, "leaderboardRank", 1024, 10, REDIS)
                        .callableBy(GAME_SERVER)
                        .throttled(500, 250),
                // Archives ended seasons of every region to the backups bucket; EventBridge runs it every 15 min.
                new FunctionSpec(
                                "leaderboardArchiveSeasons",
                                LEADERBOARDS,
                                1024,
                                300,
                                EnumSet.of(REDIS, SEASON_ARCHIVE),
                                Trigger.SCHEDULE,
                                15)
                        .callableBy(OPERATIONS),
                api(STORAGE, "terrainPut", 1024, 15, TERRAIN_READ, TERRAIN_WRITE)
                        .callableBy(GAME_SERVER)
                        .throttled(200, 100),
                api(STORAGE, "terrainGet", 1024, 10, TERRAIN_READ)
                        .callableBy(GAME_SERVER)
                        .throttled(1000, 500),
                // Batch rectangle read: chunks fetched in parallel (bluemarble.terrain.max-parallel-reads).
                api(STORAGE, "terrainGetRegion", 1024, 20, TERRAIN_READ)
                        .callableBy(GAME_SERVER)
                        .throttled(200, 100),
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
                                BACKUPS_WRITE)
                        .callableBy(OPERATIONS)
                        .throttled(1, 2),
                // Writes the economy into the restore database and snapshots into the snapshot table (re-claim-
                // checking large states); leaderboards are verified, not written (notRestored). Before it reports
                // success it re-applies every recorded erasure on every store (issue 15): the erasure marks, every
                // region's Redis (hence the VPC) and the archived seasons.
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
                                BACKUPS_READ,
                                SNAPSHOT_ERASURE_MARKS_WRITE,
                                REDIS,
                                SEASON_ARCHIVE)
                        .callableBy(ECONOMY_ADMIN)
                        .throttled(1, 2),
                // Lists manifests only: no Spanner, no Redis, so it stays out of the VPC.
                api(BACKUPS, "backupList", 1024, 30, BACKUPS_READ)
                        .callableBy(OPERATIONS)
                        .throttled(5, 5),
                // Player data rights (issue 15, the contract in docs). Requests come from support tooling with the
                // operations policy; the steps are invoked by their state machines only (no caller, no route).
                // playerErase records the erasure (Spanner), freezes snapshots (marks) and leaderboards (every
                // region's Redis) synchronously, then starts the erasure state machine.
                api(PRIVACY, "playerErase", 1536, 25, SPANNER, SNAPSHOT_ERASURE_MARKS_WRITE, REDIS, ERASURE_START)
                        .callableBy(OPERATIONS)
                        .throttled(5, 10),
                api(PRIVACY, "playerEraseStatus", 1024, 10, SPANNER)
                        .callableBy(OPERATIONS)
                        .throttled(20, 20),
                // Every erasure step: economy (Spanner), snapshots (marks, item, every object version), leaderboards
                // (every region's shards, rewriting archived season files under leaderboards/ only).
                new FunctionSpec(
                        "playerEraseStep",
                        PRIVACY,
                        2048,
                        600,
                        EnumSet.of(
                                SPANNER,
                                SNAPSHOT_ERASURE_MARKS_WRITE,
                                SNAPSHOT_TABLE_WRITE,
                                SNAPSHOT_STATES_ERASE,
                                REDIS,
                                SEASON_ARCHIVE),
                        Trigger.STATE_MACHINE,
                        0),
                api(PRIVACY, "playerExport", 1024, 15, SPANNER, EXPORT_START)
                        .callableBy(OPERATIONS)
                        .throttled(5, 10),
                // Pre-signs the GET URL of exports/<exportId>.json: the signing role must be able to read it.
                api(PRIVACY, "playerExportStatus", 1024, 10, SPANNER, EXPORTS_READ)
                        .callableBy(OPERATIONS)
                        .throttled(20, 20),
                // Reads every store (archived seasons read only) and writes parts and the document to the exports
                // bucket (exports/ only).
                new FunctionSpec(
                        "playerExportStep",
                        PRIVACY,
                        2048,
                        600,
                        EnumSet.of(
                                SPANNER,
                                SNAPSHOT_TABLE_READ,
                                SNAPSHOT_STATES_READ,
                                REDIS,
                                SEASON_ARCHIVE_READ,
                                EXPORTS_WRITE),
                        Trigger.STATE_MACHINE,
                        0)));
    }

    /** A routed function has callers and route limits; one that is not routed has no route limits. */
    private static List<FunctionSpec> checked(List<FunctionSpec> specs) {
        for (FunctionSpec spec : specs) {
            if (spec.routed() && (spec.throttle() == null || spec.callers().isEmpty())) {
                throw new IllegalStateException(spec.name() + ": a routed function needs callers and route limits");
            }
            if (!spec.routed() && spec.throttle() != null) {
                throw new IllegalStateException(spec.name() + ": route limits without a route");
            }
        }
        return specs;
    }

    /**
     * Where the stores are in one region: the values the environment variables carry (CloudFormation tokens at
     * synthesis). Filled in by the service stack; which variables a function gets is decided here.
     */
    public record StoreLocations(
            String spannerProjectId,
            String spannerInstanceId,
            String spannerDatabaseId,
            String spannerCredentialsConfig,
            String spannerRestoreDatabaseId,
            String snapshotQueueUrl,
            String snapshotTableName,
            String snapshotStatesBucket,
            String terrainBucket,
            String backupsBucket,
            String configBucket,
            String leaderboardEndpoints,
            String redisAuthSecretArn,
            String snapshotErasureTable,
            String exportsBucket,
            String auditReportsBucket,
            String erasureStateMachineArn,
            String exportStateMachineArn) {}

    /** The function's bean, for Spring Cloud Function's AWS adapter. */
    public static final String FUNCTION_DEFINITION_VARIABLE = "SPRING_CLOUD_FUNCTION_DEFINITION";
    /** Spring Boot's main class; the adapter reads it instead of scanning the jar's manifest. */
    public static final String MAIN_CLASS_VARIABLE = "MAIN_CLASS";

    /**
     * Exactly the environment variables a function's properties bind from, derived from its store access. Names as
     * the app binds them (Spring relaxed binding of bluemarble.* keys, or the ${ENV} placeholders of
     * application.properties); AppEnvironmentTest checks every name against the app.
     */
    public static Map<String, String> environment(FunctionSpec spec, StoreLocations stores) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put(FUNCTION_DEFINITION_VARIABLE, spec.name());
        env.put(MAIN_CLASS_VARIABLE, spec.family().mainClass());
        if (spec.uses(SPANNER)) {
            env.put("BLUEMARBLE_SPANNER_PROJECT_ID", stores.spannerProjectId());
            env.put("BLUEMARBLE_SPANNER_INSTANCE_ID", stores.spannerInstanceId());
            env.put("BLUEMARBLE_SPANNER_DATABASE_ID", stores.spannerDatabaseId());
            // Workload Identity Federation: the external_account configuration (bluemarble.spanner.credentials-config).
            env.put("BLUEMARBLE_SPANNER_CREDENTIALS_CONFIG", stores.spannerCredentialsConfig());
        }
        if (spec.uses(SPANNER_RESTORE_TARGET)) {
            env.put("BLUEMARBLE_BACKUPS_RESTORE_DATABASE_ID", stores.spannerRestoreDatabaseId());
        }
        if (spec.uses(SNAPSHOT_QUEUE_SEND)) env.put("BLUEMARBLE_SNAPSHOTS_QUEUE_URL", stores.snapshotQueueUrl());
        if (spec.uses(SNAPSHOT_TABLE_READ) || spec.uses(SNAPSHOT_TABLE_WRITE)) {
            env.put("BLUEMARBLE_SNAPSHOTS_TABLE_NAME", stores.snapshotTableName());
        }
        if (spec.uses(SNAPSHOT_STATES_READ)
                || spec.uses(SNAPSHOT_STATES_WRITE)
                || spec.uses(SNAPSHOT_STATES_PUT)
                || spec.uses(SNAPSHOT_STATES_ERASE)) {
            env.put("BLUEMARBLE_SNAPSHOTS_BUCKET", stores.snapshotStatesBucket());
        }
        if (spec.uses(TERRAIN_READ) || spec.uses(TERRAIN_WRITE)) {
            env.put("BLUEMARBLE_TERRAIN_BUCKET", stores.terrainBucket());
        }
        // The season archive's bucket is bluemarble.leaderboard.archive.bucket=${BLUEMARBLE_BACKUPS_BUCKET:...}.
        if (spec.uses(BACKUPS_READ)
                || spec.uses(BACKUPS_WRITE)
                || spec.uses(SEASON_ARCHIVE)
                || spec.uses(SEASON_ARCHIVE_READ)) {
            env.put("BLUEMARBLE_BACKUPS_BUCKET", stores.backupsBucket());
        }
        if (spec.uses(CONFIG_READ)) env.put("BLUEMARBLE_CONFIG_BUCKET", stores.configBucket());
        if (spec.uses(REDIS)) {
            env.put("BLUEMARBLE_LEADERBOARD_ENDPOINTS", stores.leaderboardEndpoints());
            // bluemarble.leaderboard.auth-secret-arn=${BLUEMARBLE_REDIS_AUTH_SECRET_ARN:} in the app.
            env.put("BLUEMARBLE_REDIS_AUTH_SECRET_ARN", stores.redisAuthSecretArn());
        }
        if (spec.uses(SNAPSHOT_ERASURE_MARKS_READ) || spec.uses(SNAPSHOT_ERASURE_MARKS_WRITE)) {
            env.put("BLUEMARBLE_SNAPSHOTS_ERASURE_TABLE", stores.snapshotErasureTable());
        }
        if (spec.uses(EXPORTS_READ) || spec.uses(EXPORTS_WRITE)) {
            env.put("BLUEMARBLE_PRIVACY_EXPORTS_BUCKET", stores.exportsBucket());
        }
        if (spec.uses(AUDIT_REPORTS_PUT)) {
            env.put("BLUEMARBLE_ECONOMY_AUDIT_JOB_REPORTS_BUCKET", stores.auditReportsBucket());
        }
        if (spec.uses(ERASURE_START)) {
            env.put("BLUEMARBLE_PRIVACY_ERASURE_STATE_MACHINE_ARN", stores.erasureStateMachineArn());
        }
        if (spec.uses(EXPORT_START)) {
            env.put("BLUEMARBLE_PRIVACY_EXPORT_STATE_MACHINE_ARN", stores.exportStateMachineArn());
        }
        return env;
    }

    private static FunctionSpec api(
            Family family, String name, int memoryMb, int timeoutSeconds, Access first, Access... rest) {
        return new FunctionSpec(name, family, memoryMb, timeoutSeconds, EnumSet.of(first, rest), Trigger.HTTP_API, 0);
    }
}
