package com.bluemarble.functions.core.privacy;

import com.bluemarble.functions.core.error.DomainException;
import com.bluemarble.functions.core.error.ErrorCode;
import com.bluemarble.functions.core.player.PlayerId;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** The {@link ExportLog} in memory (tests). */
public final class InMemoryExportLog implements ExportLog {

    private final Map<UUID, ExportRecord> records = new LinkedHashMap<>();

    @Override
    public synchronized ExportRecord start(UUID exportId, PlayerId player, Instant at) {
        ExportRecord existing = records.get(exportId);
        if (existing != null) {
            if (!existing.player().equals(player)) {
                throw new DomainException(
                        ErrorCode.EXPORT_ID_REUSED, "exportId " + exportId + " was used for another player");
            }
            return existing;
        }
        ExportRecord record = new ExportRecord(exportId, player, at, Map.of(), Optional.empty());
        records.put(exportId, record);
        return record;
    }

    @Override
    public synchronized Optional<ExportRecord> find(UUID exportId) {
        return Optional.ofNullable(records.get(exportId));
    }

    @Override
    public synchronized void markDone(UUID exportId, String step, Instant at) {
        ExportRecord r = records.get(exportId);
        if (r == null || r.stepsDone().containsKey(step)) {
            return;
        }
        Map<String, Instant> done = new LinkedHashMap<>(r.stepsDone());
        done.put(step, at);
        records.put(exportId, new ExportRecord(r.exportId(), r.player(), r.startedAt(), done, r.failure()));
    }

    @Override
    public synchronized void markFailed(UUID exportId, String reason, Instant at) {
        ExportRecord r = records.get(exportId);
        if (r != null && r.failure().isEmpty()) {
            records.put(
                    exportId,
                    new ExportRecord(r.exportId(), r.player(), r.startedAt(), r.stepsDone(), Optional.of(reason)));
        }
    }

    @Override
    public synchronized List<ExportRecord> unfinished(int limit) {
        return records.values().stream()
                .filter(r -> r.failure().isEmpty() && !r.stepsDone().containsKey(ExportJob.ASSEMBLE))
                .sorted(Comparator.comparing(ExportRecord::startedAt))
                .limit(limit)
                .toList();
    }
}
