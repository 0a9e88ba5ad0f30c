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
 */
public record Manifest(
        String format,
        String backupId,
        Instant createdAt,
        Instant readTimestamp,
        List<TableEntry> tables,
        AuditSummary economyAudit,
        Map<String, String> notIncluded) {

    public static final String FORMAT = "bluemarble-backup/1";

    /** @param dataset which exporter wrote it ({@code economy}, later {@code snapshots}, {@code leaderboards}) */
    public record TableEntry(String dataset, TableSpec table, long rows, List<PartInfo> parts) {}

    public long totalRows() {
        return tables.stream().mapToLong(TableEntry::rows).sum();
    }
}
