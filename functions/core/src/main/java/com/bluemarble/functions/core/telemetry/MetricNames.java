package com.bluemarble.functions.core.telemetry;

/**
 * The metric contract (namespace, dimension names, metric names) that the functions emit and the
 * dashboards and alarms read; documented in {@code docs/operations.md}. Never a player id as a
 * dimension: a dimension value multiplies CloudWatch's cost and cardinality.
 */
public final class MetricNames {

    public static final String NAMESPACE = "BlueMarble";

    public static final String FUNCTION = "Function";
    public static final String ERROR_CODE = "ErrorCode";
    public static final String SHARD = "Shard";

    // Every invocation
    public static final String INVOCATIONS = "Invocations";
    public static final String LATENCY = "Latency";
    /** 4xx and 5xx answers, dimensions [Function, ErrorCode]. */
    public static final String ERRORS = "Errors";
    /** 5xx answers only, dimensions [Function]. */
    public static final String SERVER_ERRORS = "ServerErrors";

    // Economy
    public static final String ECONOMY_COMMITS = "EconomyCommits";
    /** Dimensions [Function, ErrorCode]. */
    public static final String ECONOMY_REJECTIONS = "EconomyRejections";
    /** Attempts of one read-write transaction, retries after ABORTED included. */
    public static final String SPANNER_TRANSACTION_ATTEMPTS = "SpannerTransactionAttempts";
    /**
     * 1 when a finished partitioned audit is ok, 0 when it is not; emitted once per economyAuditFinish,
     * dimensions [Function] (an alarm fires when its minimum is below 1).
     */
    public static final String ECONOMY_AUDIT_OK = "EconomyAuditOk";

    // Snapshots (the SQS-triggered writer)
    public static final String SNAPSHOT_MESSAGES_IN = "SnapshotMessagesIn";
    public static final String SNAPSHOT_PLAYERS_WRITTEN = "SnapshotPlayersWritten";
    public static final String SNAPSHOT_SUPERSEDED = "SnapshotSuperseded";
    public static final String SNAPSHOT_FAILED = "SnapshotFailed";
    /** Failed messages that can never apply (malformed, or a delta whose base was skipped). */
    public static final String SNAPSHOT_DLQ_BOUND = "SnapshotDlqBound";

    // Leaderboards, dimensions [Function, Shard]
    public static final String LEADERBOARD_SHARD_CALLS = "LeaderboardShardCalls";
    public static final String LEADERBOARD_SHARD_LATENCY = "LeaderboardShardLatency";

    // Game config
    public static final String CONFIG_RELOADS = "ConfigReloads";
    public static final String CONFIG_REJECTIONS = "ConfigRejections";

    // Terrain
    public static final String TERRAIN_BYTES_IN = "TerrainBytesIn";
    public static final String TERRAIN_BYTES_OUT = "TerrainBytesOut";

    private MetricNames() {}
}
