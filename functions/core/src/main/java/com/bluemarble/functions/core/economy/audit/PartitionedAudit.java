package com.bluemarble.functions.core.economy.audit;

import com.bluemarble.functions.core.concurrent.BoundedPool;
import com.bluemarble.functions.core.economy.AuditReport;
import com.bluemarble.functions.core.error.DomainException;
import com.bluemarble.functions.core.error.ErrorCode;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;

/**
 * The audit as a job over partitions of players, all read at one timestamp: {@link #start} plans
 * it (idempotent on the audit id), {@link #runPartition} checks one partition and records its
 * partial once (a worker that crashed is simply run again; a partition recorded twice counts once),
 * {@link #status} reports progress and, once every partition is in, the combined report, which is
 * what the synchronous audit reports on the same data at the same timestamp.
 */
public final class PartitionedAudit {

    private final AuditPartitionSource source;
    private final AuditJobStore jobs;
    private final AuditPlan.Sizing sizing;
    private final Clock clock;

    public PartitionedAudit(AuditPartitionSource source, AuditJobStore jobs, AuditPlan.Sizing sizing, Clock clock) {
        this.source = source;
        this.jobs = jobs;
        this.sizing = sizing;
        this.clock = clock;
    }

    /** Plans the audit now, or returns the plan of the audit started earlier with this id. */
    public AuditJob start(UUID auditId) {
        Optional<AuditJob> existing = jobs.find(auditId);
        if (existing.isPresent()) {
            return existing.get();
        }
        AuditPlan plan = source.plan(sizing);
        // Microseconds: what a store's timestamp keeps, so a stored job reads back equal.
        return jobs.createIfAbsent(
                new AuditJob(auditId, clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS), plan));
    }

    public enum PartitionOutcome {
        /** This run's partial is the partition's. */
        RECORDED,
        /** The partition was recorded before (by an earlier or a concurrent run): nothing counted again. */
        ALREADY_RECORDED
    }

    /** Checks one partition at the job's timestamp and records its partial unless it is recorded already. */
    public PartitionOutcome runPartition(UUID auditId, int partition) {
        AuditJob job = job(auditId);
        if (partition < 0 || partition >= job.partitionCount()) {
            throw new DomainException(
                    ErrorCode.INVALID_PARTITION,
                    "partition must be 0.." + (job.partitionCount() - 1) + " for audit " + auditId);
        }
        if (jobs.recordedPartitions(auditId).contains(partition)) { // a retry after the record: skip the read
            return PartitionOutcome.ALREADY_RECORDED;
        }
        AuditPartial partial =
                source.read(job.plan().readTimestamp(), job.plan().partitions().get(partition));
        return jobs.recordPartial(auditId, partition, partial)
                ? PartitionOutcome.RECORDED
                : PartitionOutcome.ALREADY_RECORDED;
    }

    /**
     * Progress, and the report once every partition is recorded.
     *
     * @param partitionFindings per partition with findings, its findings (where to look)
     */
    public record Status(
            AuditJob job,
            int partitionsDone,
            Optional<AuditReport> report,
            Map<Integer, List<String>> partitionFindings) {
        public boolean complete() {
            return report.isPresent();
        }
    }

    public Status status(UUID auditId) {
        AuditJob job = job(auditId);
        Map<Integer, AuditPartial> partials = jobs.partials(auditId);
        Map<Integer, List<String>> findings = new java.util.TreeMap<>();
        partials.forEach((partition, partial) -> {
            if (!partial.findings().isEmpty()) {
                findings.put(partition, List.copyOf(partial.findings()));
            }
        });
        if (partials.size() < job.partitionCount()) {
            return new Status(job, partials.size(), Optional.empty(), findings);
        }
        return new Status(job, partials.size(), Optional.of(combine(job, partials)), findings);
    }

    /**
     * The report of a complete audit (the reduce step after the map over the partitions).
     *
     * @throws DomainException {@code AUDIT_INCOMPLETE} (409) while a partition is not recorded yet
     *         (the caller retries later; nothing changed), {@code UNKNOWN_AUDIT} for an audit never started
     */
    public AuditReport finish(UUID auditId) {
        Status status = status(auditId);
        return status.report()
                .orElseThrow(() -> new DomainException(
                        ErrorCode.AUDIT_INCOMPLETE,
                        "audit " + auditId + " has " + status.partitionsDone() + " of "
                                + status.job().partitionCount()
                                + " partitions recorded; run the pending ones (economyAuditPartition) and finish again",
                        Map.of(
                                "partitions", status.job().partitionCount(),
                                "partitionsDone", status.partitionsDone())));
    }

    /** The report of every partition's partial: the synchronous audit's invariants over their sum. */
    static AuditReport combine(AuditJob job, Map<Integer, AuditPartial> partials) {
        AuditPartial total = AuditPartial.EMPTY;
        for (int partition = 0; partition < job.partitionCount(); partition++) {
            total = total.plus(partials.get(partition));
        }
        return AuditReport.of(total.toSnapshot(job.plan().readTimestamp()));
    }

    /** Partitions not recorded yet, in order. */
    public List<Integer> pending(UUID auditId) {
        AuditJob job = job(auditId);
        java.util.Set<Integer> recorded = jobs.recordedPartitions(auditId);
        List<Integer> pending = new ArrayList<>();
        for (int partition = 0; partition < job.partitionCount(); partition++) {
            if (!recorded.contains(partition)) {
                pending.add(partition);
            }
        }
        return pending;
    }

    /**
     * Runs every pending partition on a pool of {@code workers} threads and waits (the local runner's
     * stand-in for the Step Functions map). The first failure is rethrown after the others finish;
     * running it again redoes only what is still pending.
     */
    public void runPending(UUID auditId, int workers) {
        List<Callable<PartitionOutcome>> runs = new ArrayList<>();
        for (int partition : pending(auditId)) {
            runs.add(() -> runPartition(auditId, partition));
        }
        BoundedPool.runAll("audit-partition", workers, runs, "auditing " + auditId);
    }

    /** How many players the economy has now, counted up to {@code upTo} (for the synchronous audit's bound). */
    public long countPlayersUpTo(long upTo) {
        return source.countPlayers(upTo);
    }

    private AuditJob job(UUID auditId) {
        return jobs.find(auditId)
                .orElseThrow(() -> new DomainException(
                        ErrorCode.UNKNOWN_AUDIT,
                        "no partitioned audit " + auditId + "; start it with economyAuditStart"));
    }
}
