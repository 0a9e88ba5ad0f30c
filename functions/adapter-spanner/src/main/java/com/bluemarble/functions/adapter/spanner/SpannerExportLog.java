package com.bluemarble.functions.adapter.spanner;

import com.bluemarble.functions.core.error.DomainException;
import com.bluemarble.functions.core.error.ErrorCode;
import com.bluemarble.functions.core.player.PlayerId;
import com.bluemarble.functions.core.privacy.ExportLog;
import com.bluemarble.functions.core.privacy.ExportRecord;
import com.google.cloud.spanner.DatabaseClient;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The export log on Spanner (V4: Exports, ExportSteps; outside every backup like the erasure log). */
public final class SpannerExportLog implements ExportLog {

    private static final int MAX_FAILURE = 1024;

    private final SagaRows rows;

    /**
     * @param steps the export's step names (each 1..64 characters): an export is unfinished until
     *     every one is marked done (or it failed); {@link #markDone} refuses any other name
     */
    public SpannerExportLog(DatabaseClient client, SpannerSettings settings, List<String> steps) {
        this.rows = new SagaRows(
                client,
                settings,
                "Exports",
                "ExportSteps",
                "ExportId",
                "StartedAt",
                "Failure",
                "UnfinishedExports",
                steps,
                ErrorCode.UNKNOWN_EXPORT);
    }

    @Override
    public ExportRecord start(UUID exportId, PlayerId player, Instant at) {
        Instant startedAt = SagaRows.micros(at);
        SagaRows.Row row = rows.readWrite(
                "exportStart",
                tx -> rows.read(tx, exportId.toString())
                        .orElseGet(() -> rows.insert(tx, exportId.toString(), player.value(), startedAt, null)));
        if (!row.playerId().equals(player.value())) {
            throw new DomainException(
                    ErrorCode.EXPORT_ID_REUSED, "exportId " + exportId + " was already used for another player");
        }
        return export(row);
    }

    @Override
    public Optional<ExportRecord> find(UUID exportId) {
        return rows.find(exportId.toString()).map(SpannerExportLog::export);
    }

    @Override
    public void markDone(UUID exportId, String step, Instant at) {
        rows.markDone(exportId.toString(), step, at);
    }

    /** The first failure is kept; a failed export leaves the unfinished list for good. */
    @Override
    public void markFailed(UUID exportId, String reason, Instant at) {
        String failure = reason == null || reason.isBlank() ? "failed" : reason;
        String kept = failure.length() <= MAX_FAILURE ? failure : failure.substring(0, MAX_FAILURE);
        boolean known = rows.readWrite("exportFailed", tx -> {
            Optional<SagaRows.Row> export = rows.read(tx, exportId.toString());
            if (export.isEmpty()) {
                return false;
            }
            if (export.get().text() == null) {
                tx.buffer(rows.settled(exportId.toString())
                        .set("Failure")
                        .to(kept)
                        .set("FailedAt")
                        .to(SagaRows.timestamp(SagaRows.micros(at)))
                        .build());
            }
            return true;
        });
        if (!known) {
            throw new DomainException(ErrorCode.UNKNOWN_EXPORT, "no export " + exportId);
        }
    }

    @Override
    public List<ExportRecord> unfinished(int limit) {
        return rows.unfinished(limit).stream().map(SpannerExportLog::export).toList();
    }

    private static ExportRecord export(SagaRows.Row row) {
        return new ExportRecord(
                UUID.fromString(row.id()),
                PlayerId.of(row.playerId()),
                row.startedAt(),
                row.steps(),
                Optional.ofNullable(row.text()));
    }
}
