package com.bluemarble.infra.config;

import static com.bluemarble.infra.config.FunctionCatalog.Access.BACKUPS_READ;
import static com.bluemarble.infra.config.FunctionCatalog.Access.BACKUPS_WRITE;
import static com.bluemarble.infra.config.FunctionCatalog.Access.CONFIG_READ;
import static com.bluemarble.infra.config.FunctionCatalog.Access.REDIS;
import static com.bluemarble.infra.config.FunctionCatalog.Access.SNAPSHOT_QUEUE_CONSUME;
import static com.bluemarble.infra.config.FunctionCatalog.Access.SNAPSHOT_QUEUE_SEND;
import static com.bluemarble.infra.config.FunctionCatalog.Access.SNAPSHOT_STATES_READ;
import static com.bluemarble.infra.config.FunctionCatalog.Access.SNAPSHOT_STATES_WRITE;
import static com.bluemarble.infra.config.FunctionCatalog.Access.SNAPSHOT_TABLE_READ;
import static com.bluemarble.infra.config.FunctionCatalog.Access.SNAPSHOT_TABLE_WRITE;
import static com.bluemarble.infra.config.FunctionCatalog.Access.SPANNER;
import static com.bluemarble.infra.config.FunctionCatalog.Access.TERRAIN_READ;
import static com.bluemarble.infra.config.FunctionCatalog.Access.TERRAIN_WRITE;

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
        SNAPSHOT_QUEUE_SEND,
        /** Only through the SQS event source mapping; the function never calls SQS itself. */
        SNAPSHOT_QUEUE_CONSUME,
        SNAPSHOT_TABLE_READ,
        SNAPSHOT_TABLE_WRITE,
        SNAPSHOT_STATES_READ,
        SNAPSHOT_STATES_WRITE,
        TERRAIN_READ,
        TERRAIN_WRITE,
        BACKUPS_READ,
        BACKUPS_WRITE,
        CONFIG_READ,
        /** ElastiCache in the VPC with the AUTH token from Secrets Manager; puts the function in the VPC. */
        REDIS
    }

    /**
     * @param routed whether the HTTP API exposes {@code POST /<name>}; false only for the SQS-triggered writer,
     *     whose input is an SQS batch event that nothing but the event source mapping should produce
     */
    public record FunctionSpec(String name, int memoryMb, int timeoutSeconds, Set<Access> access, boolean routed) {
        public FunctionSpec {
            access = Set.copyOf(access);
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
                api("grant", 1536, 20, SPANNER),
                api("trade", 1536, 20, SPANNER),
                api("playerEconomy", 1536, 10, SPANNER),
                api("economyAudit", 2048, 300, SPANNER),
                api("snapshotIngest", 1024, 10, SNAPSHOT_QUEUE_SEND),
                // Timeout comes from resources.json: the queue's visibility timeout is sized from it.
                new FunctionSpec("snapshotWriter", 1024, resources.snapshotWriter().timeoutSeconds(),
                        EnumSet.of(SNAPSHOT_QUEUE_CONSUME, SNAPSHOT_TABLE_WRITE, SNAPSHOT_STATES_WRITE), false),
                api("snapshotLoad", 1024, 10, SNAPSHOT_TABLE_READ, SNAPSHOT_STATES_READ),
                api("leaderboardSubmit", 1024, 10, REDIS, CONFIG_READ),
                api("leaderboardTop", 1024, 10, REDIS, CONFIG_READ),
                api("leaderboardRank", 1024, 10, REDIS, CONFIG_READ),
                api("terrainPut", 1024, 15, TERRAIN_READ, TERRAIN_WRITE),
                api("terrainGet", 1024, 10, TERRAIN_READ),
                api("backupCreate", 2048, 900,
                        SPANNER, SNAPSHOT_TABLE_READ, SNAPSHOT_STATES_READ, REDIS, BACKUPS_READ, BACKUPS_WRITE),
                api("backupRestore", 2048, 900,
                        SPANNER, SNAPSHOT_TABLE_WRITE, SNAPSHOT_STATES_WRITE, REDIS, BACKUPS_READ),
                // Lists manifests only: no Spanner, no Redis, so it stays out of the VPC.
                api("backupList", 1024, 30, BACKUPS_READ));
    }

    private static FunctionSpec api(String name, int memoryMb, int timeoutSeconds, Access first, Access... rest) {
        return new FunctionSpec(name, memoryMb, timeoutSeconds, EnumSet.of(first, rest), true);
    }
}
