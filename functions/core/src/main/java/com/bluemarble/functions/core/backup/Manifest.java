package com.bluemarble.functions.core.backup;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a backup holds; written last, so a backup without a manifest is incomplete and never listed
 * or restored.
 *
 * @param readTimestamp the one Spanner read timestamp every economy row and the audit were read at
 * @param tables every table, in restore order (parents before children)
 * @param economyAudit the economy audit at {@code readTimestamp}, which a restore must reproduce
 * @param notIncluded data sets this backup does not hold, and why (e.g. no exporter on this deployment)
 * @param units format 2: the units the economy was exported in (ranges of players, whole tables), all
 *              at {@code readTimestamp}; each part's key names its unit. Null in format 1 (one transaction).
 *              Names and ranges only (the plan in the backup's {@code progress/} has their tables): a
 *              manifest stays small, and backupList answers many of them.
 */
public record Manifest(
        String format,
        String backupId,
        Instant createdAt,
        Instant readTimestamp,
        List<TableEntry> tables,
        AuditSummary economyAudit,
        Map<String, String> notIncluded,
        List<Unit> units) {

    /**
     * @param players the unit's range of players ({@code Players} and every table interleaved under it);
     *                null for a unit that read its tables whole ({@code table-<Root>})
     */
    public record Unit(String name, com.bluemarble.functions.core.economy.audit.PlayerKeyRange players) {}

    /** What this version writes: format 2, the economy exported by units (partitions) at one timestamp. */
    public static final String FORMAT = "bluemarble-backup/2";

    /**
     * What this version restores: format 1 (one transaction, no units) has the same tables, parts and
     * audit, so it restores the same way; any other format is refused before anything is read.
     */
    public static final java.util.Set<String> RESTORABLE_FORMATS = java.util.Set.of("bluemarble-backup/1", FORMAT);

    /** @param dataset which exporter wrote it ({@code economy}, later {@code snapshots}, {@code leaderboards}) */
    public record TableEntry(String dataset, TableSpec table, long rows, List<PartInfo> parts) {}

    public long totalRows() {
        return tables.stream().mapToLong(TableEntry::rows).sum();
    }
}
