package com.bluemarble.functions.core.privacy;

import com.bluemarble.functions.core.error.DomainException;
import com.bluemarble.functions.core.error.ErrorCode;
import com.bluemarble.functions.core.player.PlayerId;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The erasure of one player across every store, as a saga (docs/data-rights.md): no transaction spans
 * Spanner, DynamoDB, S3 and Redis, so the erasure is a durable record ({@link ErasureLog}, whose commit
 * freezes the economy) followed by ordered steps, each one call of a store's {@link PlayerDataStore}
 * recorded with {@link ErasureLog#markDone} once it returned. A step runs only after its predecessors
 * are done, may run more than once (a retry, a resumed driver, two drivers) and reaches the same end
 * state every time, so a crash at any point is resumed by running the pending steps again.
 */
public final class ErasureSaga {

    public static final String FREEZE_SNAPSHOTS = "freeze-snapshots";
    public static final String FREEZE_LEADERBOARDS = "freeze-leaderboards";
    public static final String ERASE_ECONOMY = "erase-economy";
    public static final String ERASE_SNAPSHOTS = "erase-snapshots";
    public static final String ERASE_LEADERBOARDS = "erase-leaderboards";

    /** The steps in the only order they run. */
    public static final List<String> STEPS =
            List.of(FREEZE_SNAPSHOTS, FREEZE_LEADERBOARDS, ERASE_ECONOMY, ERASE_SNAPSHOTS, ERASE_LEADERBOARDS);

    /** What {@link #request} runs before it returns: after them no store accepts a write for the player. */
    public static final List<String> FREEZE_STEPS = List.of(FREEZE_SNAPSHOTS, FREEZE_LEADERBOARDS);

    /** The stores the steps name. */
    public static final List<String> STORES = List.of("economy", "snapshots", "leaderboards");

    public enum Outcome {
        /** This call ran the step and recorded it. */
        DONE,
        /** The step was recorded before: nothing ran. */
        ALREADY_DONE
    }

    public enum State {
        RUNNING,
        DONE
    }

    /** An erasure's record and its steps, done and pending, in step order. */
    public record Progress(ErasureRecord record, List<String> stepsDone, List<String> stepsPending) {
        public State state() {
            return stepsPending.isEmpty() ? State.DONE : State.RUNNING;
        }

        static Progress of(ErasureRecord record) {
            List<List<String>> split = SagaSteps.split(STEPS, record.stepsDone());
            return new Progress(record, split.get(0), split.get(1));
        }
    }

    private final ErasureLog log;
    private final Map<String, PlayerDataStore> stores;
    private final Clock clock;

    /** @param stores one per name of {@link #STORES} */
    public ErasureSaga(ErasureLog log, List<PlayerDataStore> stores, Clock clock) {
        this.log = log;
        this.stores = byName(stores);
        this.clock = clock;
    }

    static Map<String, PlayerDataStore> byName(List<PlayerDataStore> stores) {
        Map<String, PlayerDataStore> byName = new java.util.LinkedHashMap<>();
        for (PlayerDataStore store : stores) {
            if (byName.put(store.name(), store) != null) {
                throw new IllegalArgumentException("two data stores named " + store.name());
            }
        }
        if (!byName.keySet().equals(new java.util.HashSet<>(STORES))) {
            throw new IllegalArgumentException("the data stores must be " + STORES + ", got " + byName.keySet());
        }
        return Map.copyOf(byName);
    }

    /**
     * {@code playerErase}: records the erasure (idempotent on {@code eraseId}; the commit freezes the
     * economy), then runs the freeze steps not done yet. When it returns, no store accepts a write for
     * the player; the rest is the driver's. A failing freeze step throws (the record stays, and a retry
     * of the same request or the driver completes it).
     */
    public Progress request(UUID eraseId, PlayerId player, String reason) {
        log.record(eraseId, player, reason, clock.instant());
        for (String step : FREEZE_STEPS) {
            runStep(eraseId, step);
        }
        return progress(eraseId);
    }

    /** {@code playerEraseStep}: runs one step unless it is done; refuses a step whose predecessors are not. */
    public Outcome runStep(UUID eraseId, String step) {
        PrivacyRequests.step(step, STEPS);
        ErasureRecord record = find(eraseId);
        if (record.stepsDone().containsKey(step)) {
            return Outcome.ALREADY_DONE;
        }
        run(record, step);
        return Outcome.DONE;
    }

    private void run(ErasureRecord record, String step) {
        SagaSteps.requirePredecessors("erasure", record.eraseId(), STEPS, step, record.stepsDone());
        PlayerDataStore store = stores.get(step.substring(step.indexOf('-') + 1));
        if (step.startsWith("freeze-")) {
            store.freeze(record.player());
        } else {
            store.erase(record.player());
        }
        log.markDone(record.eraseId(), step, clock.instant());
    }

    /** Runs every pending step in order; the first failure is thrown (what is done stays done). */
    public Progress runPending(UUID eraseId) {
        for (String step : progress(eraseId).stepsPending()) {
            runStep(eraseId, step);
        }
        return progress(eraseId);
    }

    /** {@code playerEraseStatus}. */
    public Progress progress(UUID eraseId) {
        return Progress.of(find(eraseId));
    }

    /** Erasures with pending steps, oldest first: what a driver resumes. */
    public List<UUID> unfinished(int limit) {
        return log.unfinished(limit).stream()
                .filter(record -> Progress.of(record).state() == State.RUNNING)
                .map(ErasureRecord::eraseId)
                .toList();
    }

    private ErasureRecord find(UUID eraseId) {
        return log.find(eraseId)
                .orElseThrow(() -> new DomainException(
                        ErrorCode.UNKNOWN_ERASURE, "there is no erasure " + eraseId + "; record it with playerErase"));
    }
}
