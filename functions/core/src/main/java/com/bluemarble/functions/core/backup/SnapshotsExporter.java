package com.bluemarble.functions.core.backup;

import com.bluemarble.functions.core.error.DomainException;
import com.bluemarble.functions.core.error.ErrorCode;
import com.bluemarble.functions.core.snapshot.SnapshotJson;
import com.bluemarble.functions.core.snapshot.SnapshotTable;
import com.bluemarble.functions.core.snapshot.StateBlobStore;
import com.bluemarble.functions.core.snapshot.StoredSnapshot;
import java.util.List;
import java.util.function.Function;
import tools.jackson.databind.node.ObjectNode;

/**
 * Copies every player's stored snapshot into a backup as table {@code PlayerSnapshots}
 * ({@code PlayerId}, {@code Version}, {@code State}: the whole state as compact JSON text). A
 * claim-checked state is read from the blob store and copied in, so a backup never points at blobs
 * that may be gone by the time it is restored.
 * <p>
 * Streamed: the table is read page by page ({@link SnapshotTable#scan}, DynamoDB {@code Scan} with
 * consistent reads) and each row goes straight to the part writer; at most one page and one state
 * are held at a time.
 * <p>
 * Not a point-in-time cut: DynamoDB is copied as it is read, while the snapshot writer keeps
 * writing. Stored versions only go up, so each restored snapshot is at least as new as the one the
 * table held when the scan passed it; players first stored after the scan passed their key are not
 * in the backup. The economy's cut (one Spanner read timestamp) is unaffected: snapshots carry no
 * currency or items.
 */
public final class SnapshotsExporter implements DatasetExporter {

    public static final String DATASET = "snapshots";
    public static final TableSpec TABLE = new TableSpec(
            "PlayerSnapshots",
            List.of(
                    new TableSpec.Column("PlayerId", TableSpec.Type.STRING),
                    new TableSpec.Column("Version", TableSpec.Type.INT64),
                    new TableSpec.Column("State", TableSpec.Type.STRING)));
    /** Snapshots per scan page (DynamoDB also ends a page at 1 MB). */
    public static final int DEFAULT_PAGE_SIZE = 100;

    private final SnapshotTable table;
    private final StateBlobStore blobs;
    private final int pageSize;

    public SnapshotsExporter(SnapshotTable table, StateBlobStore blobs, int pageSize) {
        if (pageSize <= 0) {
            throw new IllegalArgumentException("pageSize must be positive");
        }
        this.table = table;
        this.blobs = blobs;
        this.pageSize = pageSize;
    }

    @Override
    public String dataset() {
        return DATASET;
    }

    @Override
    public void export(Function<TableSpec, EconomyExporter.TableWriter> sinks) {
        try (EconomyExporter.TableWriter sink = sinks.apply(TABLE)) {
            String cursor = null;
            do {
                SnapshotTable.Page page = table.scan(cursor, pageSize);
                for (StoredSnapshot snapshot : page.snapshots()) {
                    StoredSnapshot copied = snapshot;
                    ObjectNode state;
                    try {
                        state = snapshot.state().resolve(blobs);
                    } catch (DomainException e) {
                        if (e.errorCode() != ErrorCode.MISSING_STATE_BLOB) {
                            throw e;
                        }
                        // Only a newer version may have replaced it meanwhile; take that one (versions only go up).
                        copied = table.find(snapshot.playerId())
                                .filter(s -> s.version() > snapshot.version())
                                .orElseThrow(() -> e);
                        state = copied.state().resolve(blobs);
                    }
                    sink.row(List.of(copied.playerId().value(), copied.version(), SnapshotJson.text(state)));
                }
                cursor = page.next();
            } while (cursor != null);
        }
    }
}
