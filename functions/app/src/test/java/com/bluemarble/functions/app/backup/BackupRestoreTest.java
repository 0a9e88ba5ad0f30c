package com.bluemarble.functions.app.backup;

import static org.assertj.core.api.Assertions.assertThat;

import com.bluemarble.functions.adapter.spanner.SpannerEconomyBackup;
import com.bluemarble.functions.app.FunctionsTestContext;
import com.bluemarble.functions.app.FunctionsTestContext.Response;
import com.bluemarble.functions.core.economy.AuditReport;
import com.bluemarble.functions.emulators.AwsEmulator;
import com.bluemarble.functions.emulators.AwsResources;
import com.bluemarble.functions.emulators.Emulators;
import com.google.cloud.spanner.Spanner;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import tools.jackson.databind.JsonNode;

/**
 * backupCreate while trades and grants run, then backupRestore into an empty database: the restored
 * audit equals the audit the manifest recorded; a tampered part makes the restore refuse and write nothing.
 */
class BackupRestoreTest {

    private static final int PLAYERS = 12;
    private static FunctionsTestContext app;
    private static S3Client s3;
    private static String bucket;
    private static Spanner spanner;
    private static SpannerEconomyBackup target;

    @BeforeAll
    static void start() {
        AwsResources resources =
                Emulators.aws().provision("t" + UUID.randomUUID().toString().substring(0, 8));
        bucket = resources.bucket("bluemarble-backups");
        s3 = AwsEmulator.clientsAt(Emulators.aws().endpoint())
                .configure(S3Client.builder())
                .build();
        String targetDatabase = FunctionsTestContext.newDatabase();
        app = FunctionsTestContext.start(Map.of(
                "bluemarble.aws.endpoint-url", Emulators.aws().endpoint(),
                "bluemarble.aws.region", AwsEmulator.REGION.id(),
                "bluemarble.backups.bucket", bucket,
                "bluemarble.backups.restore-database-id", targetDatabase,
                "bluemarble.snapshots.table-name", resources.table("player-snapshots"),
                "bluemarble.snapshots.erasure-table", resources.table("player-erasures"),
                "bluemarble.snapshots.bucket", resources.bucket("bluemarble-snapshot-states"),
                "bluemarble.backups.restore-snapshot-table",
                        Emulators.aws()
                                .provisionTable("player-snapshots", resources.table("player-snapshots") + "-restore"),
                "bluemarble.backups.max-rows-per-part", 40, // several parts per big table
                "bluemarble.leaderboard.endpoints",
                        "us-east-1=" + Emulators.redis().uris().get(0) + ",eu-west-1="
                                + Emulators.redis().uris().get(1)));
        spanner = FunctionsTestContext.emulatorClient();
        target = FunctionsTestContext.economyTables(spanner, targetDatabase);
    }

    @AfterAll
    static void stop() {
        app.close();
        s3.close();
        spanner.close();
    }

    private static String player(int i) {
        return "p" + i;
    }

    private static void grant(int player, Random random) {
        Response r = app.call(
                "grant",
                "{\"grantId\":\"" + UUID.randomUUID() + "\",\"playerId\":\"" + player(player)
                        + "\",\"currency\":{\"gold\":" + (1 + random.nextInt(100)) + "},\"items\":{\"potion\":"
                        + (1 + random.nextInt(5))
                        + (random.nextInt(4) == 0 ? ",\"excalibur\":1" : "") + "}}");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }

    private static void trade(Random random) {
        int a = random.nextInt(PLAYERS);
        int b = (a + 1 + random.nextInt(PLAYERS - 1)) % PLAYERS;
        Response r = app.call(
                "trade",
                "{\"tradeId\":\"" + UUID.randomUUID() + "\",\"a\":{\"playerId\":\"" + player(a)
                        + "\",\"gives\":{\"currency\":{\"gold\":" + (1 + random.nextInt(30))
                        + "}}},\"b\":{\"playerId\":\"" + player(b)
                        + "\",\"gives\":{\"items\":{\"" + (random.nextBoolean() ? "potion" : "excalibur") + "\":1}}}}");
        assertThat(r.status()).as(r.body()).isIn(200, 422);
    }

    @Test
    void aBackupTakenDuringTradesRestoresToTheSameAuditAndATamperedPartIsRefused() throws Exception {
        Random seed = new Random(7);
        for (int i = 0; i < PLAYERS; i++) {
            grant(i, seed);
        }
        // Economy v2 rows (Operations, Listings with escrow) are backed up and restored too.
        String open = UUID.randomUUID().toString();
        String sold = UUID.randomUUID().toString();
        for (String[] listing : new String[][] {{open, player(0)}, {sold, player(1)}}) {
            Response listed = app.call(
                    "listingCreate",
                    "{\"listingId\":\"" + listing[0] + "\",\"sellerId\":\"" + listing[1]
                            + "\",\"items\":{\"potion\":1},\"price\":{\"currency\":\"gold\",\"amount\":1}}");
            assertThat(listed.status()).as(listed.body()).isEqualTo(200);
        }
        Response bought = app.call(
                "listingBuy",
                "{\"purchaseId\":\"" + UUID.randomUUID() + "\",\"listingId\":\"" + sold + "\",\"buyerId\":\""
                        + player(2) + "\"}");
        assertThat(bought.status()).as(bought.body()).isEqualTo(200);
        Response consumed = app.call(
                "consume",
                "{\"consumeId\":\"" + UUID.randomUUID() + "\",\"playerId\":\"" + player(3)
                        + "\",\"currency\":{\"gold\":1},\"reason\":\"repair\"}");
        assertThat(consumed.status()).as(consumed.body()).isEqualTo(200);
        String board = "lb-" + UUID.randomUUID().toString().substring(0, 6);
        for (int i = 0; i < 5; i++) { // the weekly board's current season, in both regions
            Response submitted = app.call(
                    "leaderboardSubmit",
                    "{\"board\":\"weekly-score\",\"playerId\":\"" + board + "-" + i + "\",\"region\":\""
                            + (i % 2 == 0 ? "us-east-1" : "eu-west-1") + "\",\"score\":" + (100 + i) + "}");
            assertThat(submitted.status()).as(submitted.body()).isEqualTo(200);
        }
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger writes = new AtomicInteger();
        ExecutorService clients = Executors.newFixedThreadPool(4);
        List<Future<?>> load = new ArrayList<>();
        for (int c = 0; c < 4; c++) {
            int client = c;
            load.add(clients.submit(() -> {
                Random random = new Random(client);
                while (running.get()) {
                    if (random.nextInt(5) == 0) {
                        grant(random.nextInt(PLAYERS), random); // changes the totals, so a torn cut would show
                    } else {
                        trade(random);
                    }
                    writes.incrementAndGet();
                }
                return null;
            }));
        }
        Thread.sleep(1500);
        int before = writes.get();
        Response created = app.call("backupCreate", "{}");
        int after = writes.get();
        Thread.sleep(500);
        running.set(false);
        for (Future<?> f : load) {
            f.get();
        }
        clients.shutdown();
        assertThat(created.status()).as(created.body()).isEqualTo(200);
        System.out.println(
                "writes before backup " + before + ", during " + (after - before) + ", total " + writes.get());
        JsonNode manifest = created.json().get("manifest");
        String backupId = created.json().get("backupId").asString();
        assertThat(manifest.at("/economyAudit/items/potion/escrowed").asLong()).isEqualTo(1);
        assertThat(manifest.at("/economyAudit/currency/gold/burned").asLong()).isEqualTo(1);
        assertThat(manifest.get("economyAudit").get("ok").asBoolean())
                .as("the cut is consistent")
                .isTrue();
        long totalRows = 0;
        int parts = 0;
        for (JsonNode table : manifest.get("tables")) {
            totalRows += table.get("rows").asLong();
            parts += table.get("parts").size();
        }
        assertThat(parts).isGreaterThan(7); // the big tables were split
        assertThat(manifest.get("notIncluded").has("snapshots"))
                .isFalse(); // included (none stored here: see SnapshotBackupRestoreTest)
        assertThat(manifest.get("notIncluded").has("leaderboards")).isFalse();
        JsonNode leaderboards = null;
        for (JsonNode table : manifest.get("tables")) {
            if (table.get("dataset").asString().equals("leaderboards")) {
                leaderboards = table;
            }
        }
        assertThat(leaderboards).as("the leaderboard seasons are in the backup").isNotNull();
        assertThat(leaderboards.get("rows").asLong())
                .isGreaterThanOrEqualTo(5); // the shared Redis may hold other tests' entries
        long economyRows = totalRows - leaderboards.get("rows").asLong(); // and 0 snapshots

        // The live economy moved on after the backup; the restore must reproduce the backup's cut.
        Response restored = app.call("backupRestore", "{\"backupId\":\"" + backupId + "\"}");
        assertThat(restored.status()).as(restored.body()).isEqualTo(200);
        assertThat(restored.json().get("auditMatchesManifest").asBoolean()).isTrue();
        assertThat(restored.json().get("audit")).isEqualTo(manifest.get("economyAudit"));
        assertThat(restored.json().get("restoredRows").asLong()).isEqualTo(economyRows);
        assertThat(restored.json().get("notRestored").get(0).asString()).isEqualTo("leaderboards");
        assertThat(target.rowCount()).isEqualTo(economyRows);
        AuditReport targetAudit = AuditReport.of(target.audit());
        assertThat(targetAudit.ok()).isTrue();
        assertThat(targetAudit.players())
                .isEqualTo(manifest.get("economyAudit").get("players").asLong());

        assertThat(app.call("backupList", "{}").json().get("backups").findValuesAsString("backupId"))
                .contains(backupId);
        // backupCreate with a backupId resumes that backup; a complete one answers its manifest unchanged.
        Response resumed = app.call("backupCreate", "{\"backupId\":\"" + backupId + "\"}");
        assertThat(resumed.status()).as(resumed.body()).isEqualTo(200);
        assertThat(resumed.json().get("manifest")).isEqualTo(manifest);
        Response unknown = app.call("backupCreate", "{\"backupId\":\"20260101T000000Z-deadbeef\"}");
        assertThat(unknown.status()).as(unknown.body()).isEqualTo(404);
        assertThat(unknown.json().get("error").asString()).isEqualTo("UNKNOWN_BACKUP");

        // A non-empty target is refused unless forced.
        Response again = app.call("backupRestore", "{\"backupId\":\"" + backupId + "\"}");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().get("error").asString()).isEqualTo("TARGET_NOT_EMPTY");

        // Tamper with one part: even a forced restore refuses, and the target is left as it was.
        String ledgerPart = null; // the ledger's second part (format 2: of the first range of players)
        for (JsonNode table : manifest.get("tables")) {
            if (table.get("table").get("name").asString().equals("LedgerEntries")) {
                ledgerPart = table.get("parts").get(1).get("key").asString();
            }
        }
        String key = ledgerPart;
        assertThat(key).isEqualTo("backups/" + backupId + "/economy/LedgerEntries/players-00000-part-00002.ndjson.gz");
        byte[] stored = s3.getObjectAsBytes(r -> r.bucket(bucket).key(key)).asByteArray();
        stored[stored.length / 2] ^= 0x10;
        s3.putObject(r -> r.bucket(bucket).key(key), RequestBody.fromBytes(stored));
        Response refused = app.call("backupRestore", "{\"backupId\":\"" + backupId + "\",\"force\":true}");
        assertThat(refused.status()).as(refused.body()).isEqualTo(422);
        assertThat(refused.json().get("error").asString()).isEqualTo("BACKUP_CORRUPT");
        assertThat(refused.json().get("message").asString()).contains("LedgerEntries/players-00000-part-00002");
        assertThat(target.rowCount()).isEqualTo(economyRows);
        assertThat(AuditReport.of(target.audit()).ok()).isTrue();

        assertThat(app.call("backupRestore", "{\"backupId\":\"20260101T000000Z-deadbeef\"}")
                        .status())
                .isEqualTo(404);
        assertThat(app.call("backupRestore", "{\"backupId\":\"../etc\"}").status())
                .isEqualTo(400);
        assertThat(app.call("backupRestore", "{}").status()).isEqualTo(400);
    }
}
