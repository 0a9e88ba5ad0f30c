package com.bluemarble.functions.core.economy.audit;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/** An in-memory {@link AuditJobStore} for unit tests of the core; counts how many partials it accepted. */
final class InMemoryAuditJobStore implements AuditJobStore {

    private final Map<UUID, AuditJob> jobs = new HashMap<>();
    private final Map<UUID, Map<Integer, String>> partials = new HashMap<>(); // stored encoded, as the adapter does
    private int accepted;

    @Override
    public synchronized AuditJob createIfAbsent(AuditJob job) {
        return jobs.computeIfAbsent(job.auditId(), id -> job);
    }

    @Override
    public synchronized Optional<AuditJob> find(UUID auditId) {
        return Optional.ofNullable(jobs.get(auditId));
    }

    @Override
    public synchronized boolean recordPartial(UUID auditId, int partition, AuditPartial partial) {
        boolean first =
                partials.computeIfAbsent(auditId, id -> new TreeMap<>()).putIfAbsent(partition, partial.encode())
                        == null;
        if (first) {
            accepted++;
        }
        return first;
    }

    @Override
    public synchronized java.util.Set<Integer> recordedPartitions(UUID auditId) {
        return new java.util.TreeSet<>(partials.getOrDefault(auditId, Map.of()).keySet());
    }

    @Override
    public synchronized Map<Integer, AuditPartial> partials(UUID auditId) {
        Map<Integer, AuditPartial> decoded = new TreeMap<>();
        partials.getOrDefault(auditId, Map.of()).forEach((p, text) -> decoded.put(p, AuditPartial.decode(text)));
        return decoded;
    }

    synchronized int accepted() {
        return accepted;
    }
}
