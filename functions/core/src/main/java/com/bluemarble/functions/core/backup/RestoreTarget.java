package com.bluemarble.functions.core.backup;

import com.bluemarble.functions.core.economy.AuditSnapshot;
import java.util.List;

/** The economy database a backup is restored into. */
public interface RestoreTarget {

    /** The target's tables; a backup restores only into the same tables and columns. */
    List<TableSpec> tables();

    /** Rows in all tables (0 = empty). */
    long rowCount();

    /** Deletes every row (children first). Only for a forced restore. */
    void deleteAll();

    /** Inserts one batch of rows of one table (a batch is one write; batches are not atomic together). */
    void insert(TableSpec table, List<List<Object>> rows);

    AuditSnapshot audit();
}
