package com.bluemarble.functions.core.economy.audit;

import java.time.Instant;
import java.util.UUID;

/** One partitioned audit: its id, when it was started and its plan (timestamp and partitions). */
public record AuditJob(UUID auditId, Instant startedAt, AuditPlan plan) {

    public int partitionCount() {
        return plan.partitions().size();
    }
}
