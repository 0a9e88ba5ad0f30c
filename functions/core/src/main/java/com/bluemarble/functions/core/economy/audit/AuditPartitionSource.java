package com.bluemarble.functions.core.economy.audit;

import java.time.Instant;

/** The economy's side of a partitioned audit: plan at one timestamp, then read each partition at it. */
public interface AuditPartitionSource {

    /** Chooses the read timestamp (now, strongly) and splits the players into partitions at it. */
    AuditPlan plan(AuditPlan.Sizing sizing);

    /** One partition's partial, read at exactly {@code readTimestamp}: the same input gives the same partial. */
    AuditPartial read(Instant readTimestamp, PlayerKeyRange range);

    /** How many players there are now, counting at most {@code upTo} (a bounded scan, for refusing the synchronous audit). */
    long countPlayers(long upTo);
}
