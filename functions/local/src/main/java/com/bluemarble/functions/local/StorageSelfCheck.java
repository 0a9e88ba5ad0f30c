package com.bluemarble.functions.local;

import com.bluemarble.functions.adapter.spanner.SpannerSchema;
import com.bluemarble.functions.app.JsonFunctions;
import com.bluemarble.functions.core.error.ErrorCode;
import com.bluemarble.functions.emulators.AwsEmulator;
import com.bluemarble.functions.emulators.AwsResources;
import com.bluemarble.functions.emulators.SpannerEmulator;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import tools.jackson.databind.JsonNode;

/**
 * Terrain, backups and the game config in {@code ./dev up}: the buckets, an empty database to restore
 * into ({@code <database>-restore}) and an empty snapshot table ({@code player-snapshots-restore}), and a self-check that writes and reads a chunk (with a version
 * conflict), creates a backup, restores it and lists it.
 */
final class StorageSelfCheck {

    private final SelfCheck http;
    private final PrintStream out;

    StorageSelfCheck(SelfCheck http, PrintStream out) {
        this.http = http;
        this.out = out;
    }

    static Map<String, Object> properties(AwsResources resources) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("bluemarble.terrain.bucket", resources.bucket("bluemarble-terrain"));
        properties.put("bluemarble.backups.bucket", resources.bucket("bluemarble-backups"));
        properties.put("bluemarble.config.bucket", resources.bucket("bluemarble-config"));
        return properties;
    }

    /** Creates the (empty) database backupRestore writes into, and names it. */
    static Map<String, Object> restoreDatabase(SpannerEmulator spanner, String databaseId) {
        String restoreId = databaseId + "-restore";
        spanner.createDatabase(restoreId, SpannerSchema.statements());
        return Map.of("bluemarble.backups.restore-database-id", restoreId);
    }

    /** Creates the (empty) snapshot table backupRestore writes player snapshots into, and names it. */
    static Map<String, Object> restoreSnapshotTable(AwsEmulator aws, AwsResources resources) {
        String table = aws.provisionTable("player-snapshots", resources.table("player-snapshots") + "-restore");
        return Map.of("bluemarble.backups.restore-snapshot-table", table);
    }

    /** @return true when every step answered as the contract says */
    boolean run() throws IOException, InterruptedException {
        out.println("Self-check (terrain and backups on S3):");
        Random random = new Random();
        int x = random.nextInt(2000) - 1000;
        int z = random.nextInt(2000) - 1000;
        String at = "\"world\":\"earth\",\"lod\":0,\"x\":" + x + ",\"z\":" + z;
        String data = Base64.getEncoder().encodeToString("heightmap v1".getBytes(StandardCharsets.UTF_8));
        SelfCheck.Call created = http.show("terrainPut", "{" + at + ",\"data\":\"" + data + "\"}", 200);
        boolean ok = created.status() == 200;
        ok &= http.answers("terrainPut", "{" + at + ",\"data\":\"" + data + "\"}", 200, 409);
        String etag =
                ok ? JsonFunctions.JSON.readTree(created.body()).get("etag").asString() : "";
        String data2 = Base64.getEncoder().encodeToString("heightmap v2".getBytes(StandardCharsets.UTF_8));
        String ifMatch = JsonFunctions.JSON.writeValueAsString(etag);
        ok &= http.answers(
                "terrainPut", "{" + at + ",\"data\":\"" + data2 + "\",\"ifMatch\":" + ifMatch + "}", 200, 200);
        ok &= http.answers(
                "terrainPut", "{" + at + ",\"data\":\"" + data2 + "\",\"ifMatch\":" + ifMatch + "}", 200, 409);
        SelfCheck.Call read = http.show("terrainGet", "{" + at + "}", 200);
        ok &= read.status() == 200 && read.body().contains(data2);

        SelfCheck.Call backup = http.show("backupCreate", "{}", 160);
        if (backup.status() != 200) {
            out.println("Storage self-check FAILED: see the answers above.");
            return false;
        }
        JsonNode manifest = JsonFunctions.JSON.readTree(backup.body());
        String backupId = manifest.get("backupId").asString();
        long snapshots = 0;
        for (JsonNode table : manifest.get("manifest").get("tables")) {
            if (table.get("dataset").asString().equals("snapshots")) {
                snapshots += table.get("rows").asLong();
            }
        }
        out.println("    backup " + backupId + ": read timestamp "
                + manifest.get("manifest").get("readTimestamp").asString() + ", audit ok "
                + manifest.get("manifest").get("economyAudit").get("ok").asBoolean() + ", player snapshots "
                + snapshots);
        SelfCheck.Call restored = http.show("backupRestore", "{\"backupId\":\"" + backupId + "\"}", 200);
        if (restored.status() == 409 && restored.body().contains(ErrorCode.TARGET_NOT_EMPTY.name())) {
            out.println("    (the restore database holds an earlier restore; replacing it)");
            restored = http.show("backupRestore", "{\"backupId\":\"" + backupId + "\",\"force\":true}", 200);
        }
        ok &= restored.status() == 200 && restored.body().contains("\"auditMatchesManifest\":true");
        if (restored.status() == 200) {
            for (JsonNode dataset : JsonFunctions.JSON.readTree(restored.body()).get("restoredDatasets")) {
                out.println("    restored " + dataset.get("dataset").asString() + " into "
                        + dataset.get("target").asString() + ": "
                        + dataset.get("written").asLong() + " written of "
                        + dataset.get("manifestRows").asLong() + " in the backup, "
                        + dataset.get("rowsAfter").asLong() + " in the table");
            }
        }
        ok &= http.show("backupList", "{}", 120).body().contains(backupId);
        out.println(ok ? "Storage self-check passed." : "Storage self-check FAILED: see the answers above.");
        return ok;
    }
}
