package com.bluemarble.functions.core.backup;

import java.util.List;

/**
 * A data set besides the economy that {@code backupRestore} writes back (player snapshots). The
 * restore checks its target and every part before calling {@link #write} at all.
 */
public interface DatasetRestorer {

    /** The data set it restores, as the manifest names it (e.g. {@code snapshots}). */
    String dataset();

    /** Where it writes, for answers and messages (e.g. a DynamoDB table's name). */
    String target();

    /** The tables it restores; a manifest table of this data set with other columns is a schema mismatch. */
    List<TableSpec> tables();

    /** Whether the target holds nothing (a restore refuses a non-empty target unless forced). */
    boolean targetIsEmpty();

    /**
     * Writes one row of {@code table}.
     *
     * @return true if written; false if the target already held the same or a newer version, which it keeps
     */
    boolean write(TableSpec table, List<Object> row);

    /** Rows the target holds now (a full count), compared with the manifest after a restore. */
    long countRows();
}
