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

/**
 * The {@link ErasureLog} in memory (tests, and the reference for the Spanner adapter's behaviour).
 * {@link #unfinished} counts an erasure finished once every step of {@link ErasureSaga#STEPS} is recorded.
 */
public final class InMemoryErasureLog implements ErasureLog {

    private final Map<UUID, ErasureRecord> records = new LinkedHashMap<>();

    @Override
    public synchronized ErasureRecord record(UUID eraseId, PlayerId player, String reason, Instant at) {
        ErasureRecord existing = records.get(eraseId);
        if (existing != null) {
            if (!existing.player().equals(player)) {
                throw new DomainException(
                        ErrorCode.ERASE_ID_REUSED, "eraseId " + eraseId + " was used for another player");
            }
            return existing;
        }
        ErasureRecord record = new ErasureRecord(eraseId, player, reason, at, Map.of());
        records.put(eraseId, record);
        return record;
    }

    @Override
    public synchronized Optional<ErasureRecord> find(UUID eraseId) {
        return Optional.ofNullable(records.get(eraseId));
    }

    @Override
    public synchronized void markDone(UUID eraseId, String step, Instant at) {
        ErasureRecord r = records.get(eraseId);
        if (r == null || r.stepsDone().containsKey(step)) {
            return;
        }
        Map<String, Instant> done = new LinkedHashMap<>(r.stepsDone());
        done.put(step, at);
        records.put(eraseId, new ErasureRecord(r.eraseId(), r.player(), r.reason(), r.recordedAt(), done));
    }

    @Override
    public synchronized List<ErasureRecord> unfinished(int limit) {
        return records.values().stream()
                .filter(r -> !r.stepsDone().keySet().containsAll(ErasureSaga.STEPS))
                .sorted(Comparator.comparing(ErasureRecord::recordedAt))
                .limit(limit)
                .toList();
    }

    @Override
    public synchronized List<PlayerId> erasedPlayers(PlayerId afterPlayer, int limit) {
        return records.values().stream()
                .map(ErasureRecord::player)
                .distinct()
                .filter(p -> afterPlayer == null || p.compareTo(afterPlayer) > 0)
                .sorted()
                .limit(limit)
                .toList();
    }
}
