package com.bluemarble.functions.core.backup;

import java.time.Instant;
import java.util.List;

/**
 * What a partitioned backup reads, chosen before any part is written and stored with the backup
 * (its durable progress starts here): one read timestamp for every unit, the economy's tables in
 * restore order, the units.
 *
 * @param players players at {@code readTimestamp} (the planning count)
 */
public record ExportPlan(
        String backupId,
        Instant createdAt,
        Instant readTimestamp,
        long players,
        List<TableSpec> tables,
        List<ExportUnit> units) {

    public ExportPlan {
        tables = List.copyOf(tables);
        units = List.copyOf(units);
    }
}
