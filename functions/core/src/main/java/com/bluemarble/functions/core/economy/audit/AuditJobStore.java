package com.bluemarble.functions.core.economy.audit;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Durable progress of partitioned audits: the plan of each job and each partition's partial, once. */
public interface AuditJobStore {

    /** Stores the job unless one with its id exists; returns the stored one (the first start wins). */
    AuditJob createIfAbsent(AuditJob job);

    Optional<AuditJob> find(UUID auditId);

    /**
     * Records a partition's partial unless it is recorded already, atomically: returns false (and
     * changes nothing) for a partition that another worker, or an earlier attempt, recorded.
     */
    boolean recordPartial(UUID auditId, int partition, AuditPartial partial);

    /** The partitions recorded so far (indexes only: no partial is read). */
    java.util.Set<Integer> recordedPartitions(UUID auditId);

    /** The recorded partials by partition index. */
    Map<Integer, AuditPartial> partials(UUID auditId);
}
