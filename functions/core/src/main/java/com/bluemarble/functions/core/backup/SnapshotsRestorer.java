package com.bluemarble.functions.core.backup;

import com.bluemarble.functions.core.player.PlayerId;
import com.bluemarble.functions.core.snapshot.SnapshotJson;
import com.bluemarble.functions.core.snapshot.SnapshotLimits;
import com.bluemarble.functions.core.snapshot.SnapshotTable;
import com.bluemarble.functions.core.snapshot.StateBlobStore;
import com.bluemarble.functions.core.snapshot.StateDocument;
import com.bluemarble.functions.core.snapshot.StoredSnapshot;
import java.util.List;

/**
 * Writes the {@code PlayerSnapshots} table of a backup into a snapshot table, the way the snapshot
 * writer stores snapshots: states above the claim-check threshold go to the blob store again
 * ({@link StoredSnapshot#forTable}, same keys as the live path: a version identifies one state), and
 * every write is the conditional {@link SnapshotTable#putIfNewer}, so a restore never lowers a
 * version the target already holds (a forced restore into a non-empty table keeps newer snapshots).
 */
public final class SnapshotsRestorer implements DatasetRestorer {

    private final SnapshotTable table;
    private final String tableName;
    private final StateBlobStore blobs;
    private final SnapshotLimits limits;
    private final int pageSize;

    public SnapshotsRestorer(
            SnapshotTable table, String tableName, StateBlobStore blobs, SnapshotLimits limits, int pageSize) {
        this.table = table;
        this.tableName = tableName;
        this.blobs = blobs;
        this.limits = limits;
        this.pageSize = pageSize;
    }

    @Override
    public String dataset() {
        return SnapshotsExporter.DATASET;
    }

    @Override
    public String target() {
        return tableName;
    }

    @Override
    public List<TableSpec> tables() {
        return List.of(SnapshotsExporter.TABLE);
    }

    @Override
    public boolean targetIsEmpty() {
        SnapshotTable.Page first = table.scan(null, 1);
        return first.snapshots().isEmpty() && first.isLast();
    }

    @Override
    public boolean write(TableSpec spec, List<Object> row) {
        if (!SnapshotsExporter.TABLE.equals(spec)) {
            throw new IllegalArgumentException("not a snapshot table: " + spec.name());
        }
        PlayerId player = PlayerId.of((String) row.get(0));
        long version = (Long) row.get(1);
        StateDocument state =
                StateDocument.inline(SnapshotJson.object((String) row.get(2), "the backed-up state of " + player));
        return table.putIfNewer(StoredSnapshot.forTable(player, version, state, limits, blobs))
                == SnapshotTable.WriteResult.WRITTEN;
    }

    @Override
    public long countRows() {
        long rows = 0;
        String cursor = null;
        do {
            SnapshotTable.Page page = table.scan(cursor, pageSize);
            rows += page.snapshots().size();
            cursor = page.next();
        } while (cursor != null);
        return rows;
    }
}
