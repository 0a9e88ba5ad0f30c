package com.bluemarble.functions.app.economy;

import com.bluemarble.functions.adapter.s3.audit.S3AuditReportStore;
import com.bluemarble.functions.adapter.spanner.SpannerClients;
import com.bluemarble.functions.adapter.spanner.SpannerPartitionedAudit;
import com.bluemarble.functions.app.JsonFunctions;
import com.bluemarble.functions.app.Reply;
import com.bluemarble.functions.aws.AwsClientConfigurer;
import com.bluemarble.functions.core.economy.AuditReport;
import com.bluemarble.functions.core.economy.audit.AuditJob;
import com.bluemarble.functions.core.economy.audit.AuditPlan;
import com.bluemarble.functions.core.economy.audit.AuditReportStore;
import com.bluemarble.functions.core.economy.audit.PartitionedAudit;
import com.bluemarble.functions.core.error.DomainException;
import com.bluemarble.functions.core.error.ErrorCode;
import com.bluemarble.functions.core.request.RequestIds;
import com.bluemarble.functions.core.telemetry.CallContext;
import com.bluemarble.functions.core.telemetry.MetricNames;
import com.bluemarble.functions.core.telemetry.Metrics;
import com.bluemarble.functions.core.telemetry.Telemetry;
import com.google.cloud.spanner.Spanner;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The partitioned economy audit (docs/audit.md): {@code economyAuditStart} plans it at one
 * timestamp, {@code economyAuditPartition} checks one partition (the Step Functions map's step, one
 * invocation per partition), {@code economyAuditStatus} reports progress and then the report, in
 * {@code economyAudit}'s shape, {@code economyAuditFinish} is the reduce step (report to S3, metric). Locally ({@code local-workers} > 0) a bounded pool runs the
 * partitions after the start; in Lambda nothing runs after the answer, so it is 0 there.
 */
@Configuration(proxyBeanMethods = false)
public class AuditJobFunctions {

    private static final Logger log = LoggerFactory.getLogger(AuditJobFunctions.class);
    private static final int MAX_REQUEST_BYTES = 4 * 1024;

    record Start(String auditId) {}

    record Partition(String auditId, Integer partition) {}

    record Status(String auditId) {}

    /** @param partitionNumbers 0..partitions-1: what the state machine's Map iterates over */
    record Started(
            String auditId,
            String readTimestamp,
            long players,
            int partitions,
            List<Integer> partitionNumbers,
            String startedAt) {}

    record Finish(String auditId) {}

    /** @param reportKey where the report is stored in the reports bucket; null when no bucket is configured */
    record Finished(String auditId, boolean ok, String reportKey, EconomyFunctions.AuditAnswer report) {}

    record PartitionDone(String auditId, int partition, String outcome) {}

    record Progress(
            String auditId,
            String readTimestamp,
            int partitions,
            int partitionsDone,
            boolean complete,
            EconomyFunctions.AuditAnswer report,
            Map<Integer, List<String>> findings) {}

    @Bean
    PartitionedAudit partitionedAudit(
            Spanner spanner,
            SpannerProperties spannerProperties,
            @Value("${bluemarble.economy.audit-job.players-per-partition:5000}") int playersPerPartition,
            @Value("${bluemarble.economy.audit-job.max-partitions:2000}") int maxPartitions,
            @Value("${bluemarble.economy.audit-job.partition-timeout:60s}") Duration partitionTimeout) {
        var settings = spannerProperties.settings();
        SpannerPartitionedAudit spannerAudit =
                new SpannerPartitionedAudit(SpannerClients.database(spanner, settings), settings, partitionTimeout);
        return new PartitionedAudit(
                spannerAudit,
                spannerAudit,
                new AuditPlan.Sizing(playersPerPartition, maxPartitions),
                Clock.systemUTC());
    }

    /** economyAudit's bound: more players than this and it refuses, naming the job, instead of timing out. */
    @Bean
    SyncAuditBound syncAuditBound(
            PartitionedAudit audit, @Value("${bluemarble.economy.sync-audit-max-players:20000}") long maxPlayers) {
        return new SyncAuditBound(audit, maxPlayers);
    }

    /** The local runner's stand-in for the state machine: one job at a time, a bounded pool per job. */
    @Bean(destroyMethod = "shutdownNow")
    ExecutorService localAuditDriver() {
        return Executors.newSingleThreadExecutor(r -> {
            Thread thread = new Thread(r, "audit-job-driver");
            thread.setDaemon(true);
            return thread;
        });
    }

    @Bean
    Function<Message<byte[]>, Message<byte[]>> economyAuditStart(
            PartitionedAudit audit,
            AuditFinisher auditFinisher,
            ExecutorService localAuditDriver,
            @Value("${bluemarble.economy.audit-job.local-workers:0}") int localWorkers) {
        return JsonFunctions.endpoint("economyAuditStart", Start.class, MAX_REQUEST_BYTES, request -> {
            UUID auditId = auditId(request.auditId());
            AuditJob job = audit.start(auditId);
            if (localWorkers > 0 && !audit.pending(auditId).isEmpty()) {
                // The local stand-in for the state machine: the map over the partitions, then the reduce step.
                localAuditDriver.submit(() -> {
                    try {
                        audit.runPending(auditId, localWorkers);
                        try (CallContext.Scope scope =
                                CallContext.enter(new CallContext.Call("economyAuditFinish", null))) {
                            Finished finished = auditFinisher.finish(auditId);
                            log.info(
                                    "audit {} finished: ok={}, report {}",
                                    auditId,
                                    finished.ok(),
                                    finished.reportKey());
                        }
                    } catch (RuntimeException e) { // economyAuditStart again resumes what is pending
                        log.warn("audit {}: a partition or the finish failed; start it again to resume", auditId, e);
                    }
                });
            }
            return Reply.accepted(new Started(
                    auditId.toString(),
                    job.plan().readTimestamp().toString(),
                    job.plan().players(),
                    job.partitionCount(),
                    IntStream.range(0, job.partitionCount()).boxed().toList(),
                    job.startedAt().toString()));
        });
    }

    @Bean
    Function<Message<byte[]>, Message<byte[]>> economyAuditPartition(PartitionedAudit audit) {
        return JsonFunctions.endpoint("economyAuditPartition", Partition.class, MAX_REQUEST_BYTES, request -> {
            UUID auditId = auditId(request.auditId());
            if (request.partition() == null) {
                throw new DomainException(ErrorCode.MISSING_FIELD, "partition is required");
            }
            PartitionedAudit.PartitionOutcome outcome = audit.runPartition(auditId, request.partition());
            return Reply.ok(new PartitionDone(auditId.toString(), request.partition(), outcome.name()));
        });
    }

    @Bean
    Function<Message<byte[]>, Message<byte[]>> economyAuditStatus(PartitionedAudit audit) {
        return JsonFunctions.endpoint("economyAuditStatus", Status.class, MAX_REQUEST_BYTES, request -> {
            UUID auditId = auditId(request.auditId());
            PartitionedAudit.Status status = audit.status(auditId);
            EconomyFunctions.AuditAnswer report =
                    status.report().map(AuditJobFunctions::answer).orElse(null);
            return Reply.ok(new Progress(
                    auditId.toString(),
                    status.job().plan().readTimestamp().toString(),
                    status.job().partitionCount(),
                    status.partitionsDone(),
                    status.complete(),
                    report,
                    status.partitionFindings()));
        });
    }

    /**
     * The reduce step: once every partition is recorded, the report (economyAuditStatus's), stored in
     * the reports bucket as {@code audits/<auditId>.json}, and the metric EconomyAuditOk (1 ok, 0 not).
     * Before that 409 AUDIT_INCOMPLETE, which changes nothing (Step Functions retries it).
     */
    @Bean
    Function<Message<byte[]>, Message<byte[]>> economyAuditFinish(AuditFinisher auditFinisher) {
        return JsonFunctions.endpoint(
                "economyAuditFinish",
                Finish.class,
                MAX_REQUEST_BYTES,
                request -> Reply.ok(auditFinisher.finish(auditId(request.auditId()))));
    }

    @Bean(destroyMethod = "close")
    S3Client auditReportsS3(AwsClientConfigurer aws) {
        return aws.configure(S3Client.builder(), Duration.ofSeconds(30)).build();
    }

    @Bean
    AuditFinisher auditFinisher(
            PartitionedAudit audit,
            @Value("${bluemarble.economy.audit-job.reports-bucket:}") String reportsBucket,
            @Qualifier("auditReportsS3") ObjectProvider<S3Client> s3) {
        AuditReportStore reports = reportsBucket == null || reportsBucket.isBlank()
                ? null // the report is answered, not stored
                : new S3AuditReportStore(s3.getObject(), reportsBucket); // only built when a bucket is set
        return new AuditFinisher(audit, reports);
    }

    /**
     * Finishes an audit: the same report for the same recorded partials, so a retry stores the same
     * bytes and emits the metric again with the same value.
     *
     * @param reports null when no reports bucket is configured (the report is answered, not stored)
     */
    public record AuditFinisher(PartitionedAudit audit, AuditReportStore reports) {
        public Finished finish(UUID auditId) {
            AuditReport report = audit.finish(auditId);
            EconomyFunctions.AuditAnswer answer = answer(report);
            String key = reports == null ? null : reports.put(auditId, JsonFunctions.JSON.writeValueAsBytes(answer));
            Telemetry.metrics().put(MetricNames.ECONOMY_AUDIT_OK, report.ok() ? 1 : 0, Metrics.Unit.COUNT);
            if (!report.ok()) {
                log.error("audit {} is NOT ok: {}", auditId, report.problems());
            }
            return new Finished(auditId.toString(), report.ok(), key, answer);
        }
    }

    /** economyAudit's answer shape. */
    static EconomyFunctions.AuditAnswer answer(AuditReport audit) {
        return new EconomyFunctions.AuditAnswer(
                audit.ok(),
                audit.players(),
                audit.currency(),
                audit.items(),
                audit.readTimestamp().toString(),
                audit.problems());
    }

    private static UUID auditId(String value) {
        return RequestIds.uuid("auditId", value);
    }

    /** Refuses the synchronous audit of an economy too large to check within one request. */
    public record SyncAuditBound(PartitionedAudit audit, long maxPlayers) {
        public void check() {
            long players = audit.countPlayersUpTo(maxPlayers + 1);
            if (players > maxPlayers) {
                throw new DomainException(
                        ErrorCode.AUDIT_TOO_LARGE,
                        "economyAudit checks at most " + maxPlayers
                                + " players within its bound (bluemarble.economy.sync-audit-max-players); the economy"
                                + " has more: run the partitioned audit with economyAuditStart {\"auditId\": <uuid>}"
                                + " and read it with economyAuditStatus",
                        Map.of("maxPlayers", maxPlayers, "job", "economyAuditStart"));
            }
        }
    }
}
