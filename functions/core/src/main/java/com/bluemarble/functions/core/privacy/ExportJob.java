package com.bluemarble.functions.core.privacy;

import com.bluemarble.functions.core.error.DomainException;
import com.bluemarble.functions.core.error.ErrorCode;
import com.bluemarble.functions.core.player.PlayerId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The export of one player's data (docs/data-rights.md) as ordered steps, like the erasure: one part
 * per store ({@code exports/<exportId>/parts/<store>.json}, that store's {@link PlayerDataStore#export}),
 * then {@code assemble}, which writes {@code exports/<exportId>.json} from the parts. Every step may
 * run again and writes the same bytes; progress is durable in the {@link ExportLog}. An export whose
 * step cannot complete after the driver's bounded retries is marked failed and stays so.
 */
public final class ExportJob {

    public static final String ASSEMBLE = "assemble";
    public static final List<String> STEPS =
            List.of("export-economy", "export-snapshots", "export-leaderboards", ASSEMBLE);

    public enum State {
        RUNNING,
        DONE,
        FAILED
    }

    /** An export's record, its state, its steps, and where to fetch the document once it is done. */
    public record Progress(
            ExportRecord record,
            State state,
            List<String> stepsDone,
            List<String> stepsPending,
            Optional<String> url) {}

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final ExportLog log;
    private final Map<String, PlayerDataStore> stores;
    private final ExportBucket bucket;
    private final Clock clock;
    private final Duration urlValidity;

    /**
     * @param stores one per name of {@link ErasureSaga#STORES}
     * @param urlValidity how long a status answer's pre-signed URL lets its holder fetch the document
     */
    public ExportJob(
            ExportLog log, List<PlayerDataStore> stores, ExportBucket bucket, Clock clock, Duration urlValidity) {
        this.log = log;
        this.stores = ErasureSaga.byName(stores);
        this.bucket = bucket;
        this.clock = clock;
        this.urlValidity = urlValidity;
    }

    public static String documentKey(UUID exportId) {
        return "exports/" + exportId + ".json";
    }

    public static String partKey(UUID exportId, String store) {
        return "exports/" + exportId + "/parts/" + store + ".json";
    }

    /** {@code playerExport}: records the export (idempotent on {@code exportId}); the driver runs the steps. */
    public Progress start(UUID exportId, PlayerId player) {
        log.start(exportId, player, clock.instant());
        return progress(exportId);
    }

    /** {@code playerExportStep}: runs one step unless it is done. */
    public ErasureSaga.Outcome runStep(UUID exportId, String step) {
        PrivacyRequests.step(step, STEPS);
        ExportRecord record = find(exportId);
        if (record.stepsDone().containsKey(step)) {
            return ErasureSaga.Outcome.ALREADY_DONE;
        }
        if (record.failure().isPresent()) {
            throw new DomainException(
                    ErrorCode.EXPORT_FAILED,
                    "export " + exportId + " failed (" + record.failure().get() + "); start a new export",
                    Map.of("failure", record.failure().get()));
        }
        SagaSteps.requirePredecessors("export", exportId, STEPS, step, record.stepsDone());
        if (step.equals(ASSEMBLE)) {
            bucket.put(documentKey(exportId), assemble(record));
        } else {
            String store = step.substring("export-".length());
            bucket.put(
                    partKey(exportId, store),
                    JSON.writeValueAsBytes(stores.get(store).export(record.player())));
        }
        log.markDone(exportId, step, clock.instant());
        return ErasureSaga.Outcome.DONE;
    }

    /**
     * The document: ids, when its last part was read ({@code exportedAt}: the same on every run of the
     * step) and each store's part as written.
     */
    private byte[] assemble(ExportRecord record) {
        ObjectNode document = JSON.createObjectNode();
        document.put("exportId", record.exportId().toString());
        document.put("playerId", record.player().value());
        Instant exportedAt = STEPS.stream()
                .filter(s -> !s.equals(ASSEMBLE))
                .map(s -> record.stepsDone().get(s))
                .max(Instant::compareTo)
                .orElseThrow();
        document.put("exportedAt", exportedAt.toString());
        for (String store : ErasureSaga.STORES) {
            byte[] part = bucket.get(partKey(record.exportId(), store))
                    .orElseThrow(() -> new IllegalStateException(
                            "export " + record.exportId() + ": the part of " + store + " is missing from the bucket"));
            JsonNode value = JSON.readTree(part);
            document.set(store, value);
        }
        return JSON.writeValueAsBytes(document);
    }

    /** Records that the export cannot complete (the driver gave up on a step); it stays failed. */
    public void fail(UUID exportId, String reason) {
        find(exportId);
        log.markFailed(exportId, reason, clock.instant());
    }

    /** Runs every pending step in order; the first failure is thrown (what is done stays done). */
    public Progress runPending(UUID exportId) {
        for (String step : progress(exportId).stepsPending()) {
            runStep(exportId, step);
        }
        return progress(exportId);
    }

    /** {@code playerExportStatus}: with a pre-signed URL of the document once it is done. */
    public Progress progress(UUID exportId) {
        ExportRecord record = find(exportId);
        List<List<String>> split = SagaSteps.split(STEPS, record.stepsDone());
        List<String> done = split.get(0);
        List<String> pending = split.get(1);
        State state = record.failure().isPresent() ? State.FAILED : pending.isEmpty() ? State.DONE : State.RUNNING;
        Optional<String> url = state == State.DONE
                ? Optional.of(bucket.presignedGetUrl(documentKey(exportId), urlValidity))
                : Optional.empty();
        return new Progress(record, state, done, pending, url);
    }

    /** Exports neither done nor failed, oldest first: what a driver resumes. */
    public List<UUID> unfinished(int limit) {
        return log.unfinished(limit).stream()
                .filter(r -> r.failure().isEmpty() && !r.stepsDone().keySet().containsAll(STEPS))
                .map(ExportRecord::exportId)
                .toList();
    }

    private ExportRecord find(UUID exportId) {
        return log.find(exportId)
                .orElseThrow(() -> new DomainException(
                        ErrorCode.UNKNOWN_EXPORT, "there is no export " + exportId + "; start it with playerExport"));
    }
}
