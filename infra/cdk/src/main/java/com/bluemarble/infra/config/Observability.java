package com.bluemarble.infra.config;

import java.util.List;

/**
 * The metric contract the functions emit (CloudWatch Embedded Metric Format, issue 14) and the service level
 * objectives the alarms hold them to. The dashboards and alarms read these names; the runbook for each alarm is in
 * infra/README.md ("Dashboards and alarms").
 */
public final class Observability {

    private Observability() {}

    /** EMF namespace of every function metric. */
    public static final String NAMESPACE = "BlueMarble";
    /** Dimension of every function metric: the function (bean) name, as in the catalogue. */
    public static final String FUNCTION = "Function";
    /** Second dimension of Errors (and rejections): the contract's error code. */
    public static final String ERROR_CODE = "ErrorCode";
    /** Second dimension of the leaderboard shard metrics: the shard's region. */
    public static final String SHARD = "Shard";

    /** Per function, dimensions [Function]. */
    public static final String INVOCATIONS = "Invocations";
    /** Milliseconds, dimensions [Function]. */
    public static final String LATENCY = "Latency";
    /** Dimensions [Function, ErrorCode]. */
    public static final String ERRORS = "Errors";
    /** 5xx answers, dimensions [Function]. */
    public static final String SERVER_ERRORS = "ServerErrors";
    /** 1 when a finished partitioned audit is ok, 0 when not; emitted once by each economyAuditFinish. */
    public static final String ECONOMY_AUDIT_OK = "EconomyAuditOk";
    /** The audit runs daily; no EconomyAuditOk for this long means the audit did not report. */
    public static final int ECONOMY_AUDIT_MISSING_HOURS = 26;

    /** Every metric of the contract, grouped as the dashboards show them. */
    public static final List<String> ECONOMY_METRICS =
            List.of("EconomyCommits", "EconomyRejections", "SpannerTransactionAttempts");

    public static final List<String> SNAPSHOT_METRICS = List.of(
            "SnapshotMessagesIn", "SnapshotPlayersWritten", "SnapshotSuperseded", "SnapshotFailed", "SnapshotDlqBound");
    /** Dimensions [Function, Shard]. */
    public static final List<String> LEADERBOARD_METRICS = List.of("LeaderboardShardCalls", "LeaderboardShardLatency");

    public static final List<String> CONFIG_METRICS = List.of("ConfigReloads", "ConfigRejections");
    public static final List<String> TERRAIN_METRICS = List.of("TerrainBytesIn", "TerrainBytesOut");

    // --- Service level objectives (each alarm's threshold; see the runbook in infra/README.md).

    /** trade's p99 latency over 5 minutes, in ms, breached in 2 of 3 periods. */
    public static final double TRADE_P99_LATENCY_MS = 500;
    /** Per function, ServerErrors / Invocations over 5 minutes, in percent, breached in 2 of 3 periods. */
    public static final double SERVER_ERROR_RATE_PERCENT = 1;
    /** Age of the oldest snapshot waiting in the queue (writer lag), in seconds, for 5 consecutive minutes. */
    public static final double WRITER_LAG_SECONDS = 120;
    /** Any message in the snapshot dead-letter queue. */
    public static final double DLQ_DEPTH = 1;
    /** Redis DatabaseMemoryUsagePercentage of either node, breached in 2 of 3 five-minute periods. */
    public static final double REDIS_MEMORY_PERCENT = 80;

    /** How long every log group of the service keeps its events. */
    public static final int LOG_RETENTION_DAYS = 30;
    /** The API access logs (who called what) are kept longer. */
    public static final int ACCESS_LOG_RETENTION_DAYS = 90;
}
