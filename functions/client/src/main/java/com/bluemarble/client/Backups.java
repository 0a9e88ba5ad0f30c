package com.bluemarble.client;

import java.util.List;
import tools.jackson.databind.JsonNode;

/** Requests and answers of backupCreate, backupRestore and backupList (manifests and audits kept as JSON). */
public final class Backups {
    private Backups() {}

    public record Created(String backupId, String createdAt, JsonNode manifest) {}

    record RestoreRequest(String backupId, Boolean force) {}

    public record DatasetRestored(
            String dataset,
            String target,
            long manifestRows,
            long written,
            long keptNewer,
            long rowsAfter,
            boolean matchesManifest) {}

    public record Restored(
            String backupId,
            String readTimestamp,
            long restoredRows,
            boolean auditMatchesManifest,
            JsonNode audit,
            JsonNode manifestAudit,
            List<DatasetRestored> restoredDatasets,
            List<String> notRestored) {}

    public record Listed(String backupId, String createdAt, JsonNode manifest) {}

    public record Listing(List<Listed> backups) {}
}
