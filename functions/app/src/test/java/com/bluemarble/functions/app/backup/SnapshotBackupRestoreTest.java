package com.bluemarble.functions.app.backup;

import static org.assertj.core.api.Assertions.assertThat;

import com.bluemarble.functions.adapter.dynamodb.DynamoDbSnapshotTable;
import com.bluemarble.functions.adapter.s3.snapshot.S3StateBlobStore;
import com.bluemarble.functions.adapter.spanner.SpannerEconomyBackup;
import com.bluemarble.functions.app.FunctionsTestContext;
import com.bluemarble.functions.app.FunctionsTestContext.Response;
import com.bluemarble.functions.core.player.PlayerId;
import com.bluemarble.functions.core.snapshot.SnapshotJson;
import com.bluemarble.functions.core.snapshot.SnapshotLimits;
import com.bluemarble.functions.core.snapshot.SnapshotTable;
import com.bluemarble.functions.core.snapshot.StateBlobKeys;
import com.bluemarble.functions.core.snapshot.StateDocument;
import com.bluemarble.functions.core.snapshot.StoredSnapshot;
import com.bluemarble.functions.emulators.AwsEmulator;
import com.bluemarble.functions.emulators.AwsResources;
import com.bluemarble.functions.emulators.Emulators;
import com.google.cloud.spanner.Spanner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.S3Client;
import tools.jackson.databind.JsonNode;

/**
 * Player snapshots in a backup (moto + the Spanner emulator): copied with a claim-checked state
 * inlined, restored into an empty snapshot table with identical versions and states (the large state
 * claim-checked again), a non-empty snapshot table refused, a tampered snapshot part refused with
 * nothing written anywhere.
 */
class SnapshotBackupRestoreTest {

    private static final int SNAPSHOTS = 13;
    private static final long CLAIM_CHECK_BYTES = 2048;
    private static FunctionsTestContext app;
    private static S3Client s3;
    private static DynamoDbClient dynamo;
    private static Spanner spanner;
    private static String backupsBucket;
    private static String statesBucket;
    private static DynamoDbSnapshotTable live;
    private static DynamoDbSnapshotTable restoreTable;
    private static String restoreTableName;
    private static S3StateBlobStore blobs;
    private static SpannerEconomyBackup economyTarget;

    @BeforeAll
    static void start() {
        AwsResources resources =
                Emulators.aws().provision("sb" + UUID.randomUUID().toString().substring(0, 8));
        backupsBucket = resources.bucket("bluemarble-backups");
        statesBucket = resources.bucket("bluemarble-snapshot-states");
        restoreTableName =
                Emulators.aws().provisionTable("player-snapshots", resources.table("player-snapshots") + "-restore");
        s3 = AwsEmulator.clientsAt(Emulators.aws().endpoint())
                .configure(S3Client.builder())
                .build();
        dynamo = AwsEmulator.clientsAt(Emulators.aws().endpoint())
                .configure(DynamoDbClient.builder(), Duration.ofSeconds(10))
                .build();
        live = new DynamoDbSnapshotTable(dynamo, resources.table("player-snapshots"));
        restoreTable = new DynamoDbSnapshotTable(dynamo, restoreTableName);
        blobs = new S3StateBlobStore(s3, statesBucket);
        String targetDatabase = FunctionsTestContext.newDatabase();
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("bluemarble.aws.endpoint-url", Emulators.aws().endpoint());
        properties.put("bluemarble.aws.region", AwsEmulator.REGION.id());
        properties.put("bluemarble.snapshots.table-name", resources.table("player-snapshots"));
        properties.put("bluemarble.snapshots.erasure-table", resources.table("player-erasures"));
        properties.put("bluemarble.snapshots.bucket", statesBucket);
        properties.put("bluemarble.snapshots.claim-check-bytes", CLAIM_CHECK_BYTES);
        properties.put("bluemarble.backups.bucket", backupsBucket);
        properties.put("bluemarble.backups.restore-database-id", targetDatabase);
        properties.put("bluemarble.backups.restore-snapshot-table", restoreTableName);
        properties.put("bluemarble.backups.snapshot-page-size", 4); // several scan pages
        properties.put("bluemarble.backups.max-rows-per-part", 10); // two snapshot parts
        app = FunctionsTestContext.start(properties);
        spanner = FunctionsTestContext.emulatorClient();
        economyTarget = FunctionsTestContext.economyTables(spanner, targetDatabase);
    }

    @AfterAll
    static void stop() {
        app.close();
        s3.close();
        dynamo.close();
        spanner.close();
    }

    private static Map<String, StoredSnapshot> scanAll(SnapshotTable table) {
        Map<String, StoredSnapshot> all = new HashMap<>();
        String cursor = null;
        do {
            SnapshotTable.Page page = table.scan(cursor, 50);
            page.snapshots().forEach(s -> all.put(s.playerId().value(), s));
            cursor = page.next();
        } while (cursor != null);
        return all;
    }

    @Test
    void snapshotsAreBackedUpAndRestoredIntoAnEmptyTableAndAFaultyTargetOrPartIsRefusedBeforeAnyWrite() {
        SnapshotLimits limits = SnapshotLimits.defaults().withClaimCheckBytes(CLAIM_CHECK_BYTES);
        String big = "{\"quests\":\"" + "q".repeat(10_000) + "\",\"pos\":[1,2,3]}";
        for (int i = 0; i < SNAPSHOTS; i++) {
            String state = i == 5 ? big : "{\"pos\":[" + i + ",0," + (-i) + "],\"hp\":" + (100 - i) + "}";
            live.putIfNewer(StoredSnapshot.forTable(
                    PlayerId.of("pl-" + i),
                    3L * i + 1,
                    StateDocument.inline(SnapshotJson.object(state, "t")),
                    limits,
                    blobs));
        }
        StoredSnapshot bigLive = live.find(PlayerId.of("pl-5")).orElseThrow();
        assertThat(bigLive.state().isStored())
                .as("above the claim-check threshold")
                .isTrue();
        for (String player : List.of("eco-a", "eco-b")) {
            Response granted = app.call(
                    "grant",
                    "{\"grantId\":\"" + UUID.randomUUID() + "\",\"playerId\":\"" + player
                            + "\",\"currency\":{\"gold\":50},\"items\":{\"potion\":2}}");
            assertThat(granted.status()).as(granted.body()).isEqualTo(200);
        }
        Map<String, String> liveStates = new HashMap<>();
        Map<String, Long> liveVersions = new HashMap<>();
        scanAll(live).forEach((player, s) -> {
            liveStates.put(player, SnapshotJson.text(s.state().resolve(blobs)));
            liveVersions.put(player, s.version());
        });
        assertThat(liveStates).hasSize(SNAPSHOTS);

        Response created = app.call("backupCreate", "{}");
        assertThat(created.status()).as(created.body()).isEqualTo(200);
        String backupId = created.json().get("backupId").asString();
        JsonNode manifest = created.json().get("manifest");
        assertThat(manifest.get("notIncluded").has("snapshots")).isFalse();
        JsonNode snapshotsTable = null;
        for (JsonNode table : manifest.get("tables")) {
            if (table.get("dataset").asString().equals("snapshots")) {
                snapshotsTable = table;
            }
        }
        assertThat(snapshotsTable).as("the snapshots are in the backup").isNotNull();
        assertThat(snapshotsTable.get("table").get("name").asString()).isEqualTo("PlayerSnapshots");
        assertThat(snapshotsTable.get("rows").asLong()).isEqualTo(SNAPSHOTS);
        assertThat(snapshotsTable.get("parts").size()).isEqualTo(2);

        // The live blob of the large state expires: the backup holds the state itself, not a pointer.
        s3.deleteObject(r -> r.bucket(statesBucket).key(bigLive.state().blobKey()));

        // A tampered snapshot part: refused, and neither the economy nor the snapshot target is written.
        String partKey = snapshotsTable.get("parts").get(1).get("key").asString();
        byte[] original =
                s3.getObjectAsBytes(r -> r.bucket(backupsBucket).key(partKey)).asByteArray();
        byte[] tampered = original.clone();
        tampered[tampered.length / 2] ^= 0x08;
        s3.putObject(r -> r.bucket(backupsBucket).key(partKey), RequestBody.fromBytes(tampered));
        Response refused = app.call("backupRestore", "{\"backupId\":\"" + backupId + "\"}");
        assertThat(refused.status()).as(refused.body()).isEqualTo(422);
        assertThat(refused.json().get("error").asString()).isEqualTo("BACKUP_CORRUPT");
        assertThat(refused.json().get("message").asString()).contains("PlayerSnapshots/part-00002");
        assertThat(scanAll(restoreTable)).isEmpty();
        assertThat(economyTarget.rowCount()).isZero();
        s3.putObject(r -> r.bucket(backupsBucket).key(partKey), RequestBody.fromBytes(original)); // repaired

        // A non-empty snapshot target is refused (before anything is written), naming the table.
        restoreTable.putIfNewer(
                new StoredSnapshot(PlayerId.of("pl-0"), 99, StateDocument.inline(SnapshotJson.object("{}", "t"))));
        Response notEmpty = app.call("backupRestore", "{\"backupId\":\"" + backupId + "\"}");
        assertThat(notEmpty.status()).as(notEmpty.body()).isEqualTo(409);
        assertThat(notEmpty.json().get("error").asString()).isEqualTo("TARGET_NOT_EMPTY");
        assertThat(notEmpty.json().get("message").asString()).contains(restoreTableName);
        assertThat(economyTarget.rowCount()).isZero();
        dynamo.deleteItem(r -> r.tableName(restoreTableName).key(Map.of("playerId", AttributeValue.fromS("pl-0"))));

        // Into empty targets: identical versions and states; the large state is claim-checked again.
        Response restored = app.call("backupRestore", "{\"backupId\":\"" + backupId + "\"}");
        assertThat(restored.status()).as(restored.body()).isEqualTo(200);
        assertThat(restored.json().get("auditMatchesManifest").asBoolean()).isTrue();
        assertThat(restored.json().get("notRestored")).isEmpty();
        JsonNode snapshots = restored.json().get("restoredDatasets").get(0);
        assertThat(snapshots.get("dataset").asString()).isEqualTo("snapshots");
        assertThat(snapshots.get("target").asString()).isEqualTo(restoreTableName);
        assertThat(snapshots.get("manifestRows").asLong()).isEqualTo(SNAPSHOTS);
        assertThat(snapshots.get("written").asLong()).isEqualTo(SNAPSHOTS);
        assertThat(snapshots.get("keptNewer").asLong()).isZero();
        assertThat(snapshots.get("rowsAfter").asLong()).isEqualTo(SNAPSHOTS);
        assertThat(snapshots.get("matchesManifest").asBoolean()).isTrue();
        Map<String, StoredSnapshot> restoredRows = scanAll(restoreTable);
        Map<String, String> restoredStates = new HashMap<>();
        Map<String, Long> restoredVersions = new HashMap<>();
        restoredRows.forEach((player, s) -> {
            restoredStates.put(player, SnapshotJson.text(s.state().resolve(blobs)));
            restoredVersions.put(player, s.version());
        });
        assertThat(restoredVersions).isEqualTo(liveVersions);
        assertThat(restoredStates).isEqualTo(liveStates);
        StoredSnapshot bigRestored = restoredRows.get("pl-5");
        assertThat(bigRestored.state().blobKey())
                .isEqualTo(StateBlobKeys.state(PlayerId.of("pl-5"), bigLive.version()));
        List<String> inline = new ArrayList<>();
        restoredRows.values().stream()
                .filter(s -> !s.state().isStored())
                .forEach(s -> inline.add(s.playerId().value()));
        assertThat(inline).hasSize(SNAPSHOTS - 1);

        // Again without force: refused; forced: the snapshots already there are kept (putIfNewer), counts still agree.
        assertThat(app.call("backupRestore", "{\"backupId\":\"" + backupId + "\"}")
                        .status())
                .isEqualTo(409);
        Response forced = app.call("backupRestore", "{\"backupId\":\"" + backupId + "\",\"force\":true}");
        assertThat(forced.status()).as(forced.body()).isEqualTo(200);
        JsonNode again = forced.json().get("restoredDatasets").get(0);
        assertThat(again.get("written").asLong()).isZero();
        assertThat(again.get("keptNewer").asLong()).isEqualTo(SNAPSHOTS);
        assertThat(again.get("rowsAfter").asLong()).isEqualTo(SNAPSHOTS);
        assertThat(again.get("matchesManifest").asBoolean()).isTrue();
    }
}
