package com.bluemarble.functions.core.backup;

import java.util.List;

/**
 * The durable record that a unit of a backup is complete: written after every one of its parts is
 * stored, so a resumed export verifies these parts and skips the unit.
 *
 * @param unit an {@link ExportUnit#name()}, or {@code dataset-<name>} for a data set besides the economy
 * @param tables the unit's tables with the parts it wrote
 * @param auditPartial the unit's {@code AuditPartial} in its stored text form (empty for units without players)
 */
public record UnitDone(String unit, List<Manifest.TableEntry> tables, String auditPartial) {

    public UnitDone {
        tables = List.copyOf(tables);
    }
}
