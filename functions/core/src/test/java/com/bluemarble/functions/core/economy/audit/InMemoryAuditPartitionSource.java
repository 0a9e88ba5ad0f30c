package com.bluemarble.functions.core.economy.audit;

import com.bluemarble.functions.core.economy.InMemoryEconomyStore;
import java.time.Instant;
import java.util.List;

/** The in-memory economy split by player ranges, for unit tests (no MVCC: audit a quiescent store). */
class InMemoryAuditPartitionSource implements AuditPartitionSource {

    private final InMemoryEconomyStore store;
    private final Instant readTimestamp;

    InMemoryAuditPartitionSource(InMemoryEconomyStore store, Instant readTimestamp) {
        this.store = store;
        this.readTimestamp = readTimestamp;
    }

    @Override
    public AuditPlan plan(AuditPlan.Sizing sizing) {
        List<String> ids = store.sortedPlayerIds();
        return new AuditPlan(readTimestamp, ids.size(), AuditPlan.split(ids.size(), ids.iterator(), sizing));
    }

    @Override
    public AuditPartial read(Instant at, PlayerKeyRange range) {
        return store.auditPartition(range);
    }

    @Override
    public long countPlayers(long upTo) {
        return Math.min(upTo, store.sortedPlayerIds().size());
    }
}
