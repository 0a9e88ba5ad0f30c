package com.bluemarble.functions.adapter.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.bluemarble.functions.core.error.DomainException;
import com.bluemarble.functions.core.error.ErrorKind;
import com.bluemarble.functions.core.player.PlayerId;
import com.bluemarble.functions.core.snapshot.SnapshotJson;
import com.bluemarble.functions.core.snapshot.SnapshotTable;
import com.bluemarble.functions.core.snapshot.SnapshotTable.WriteResult;
import com.bluemarble.functions.core.snapshot.StateDocument;
import com.bluemarble.functions.core.snapshot.StoredSnapshot;
import com.bluemarble.functions.emulators.AwsEmulator;
import com.bluemarble.functions.emulators.AwsResources;
import com.bluemarble.functions.emulators.Emulators;
import com.bluemarble.functions.emulators.Ports;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The conditional write on the real DynamoDB API (moto or LocalStack). */
class DynamoDbSnapshotTableTest {

    private static DynamoDbClient dynamo;
    private static DynamoDbSnapshotTable table;

    @BeforeAll
    static void provision() {
        AwsEmulator aws = Emulators.aws();
        AwsResources resources =
                aws.provision("ddb-" + UUID.randomUUID().toString().substring(0, 8));
        dynamo = AwsEmulator.clientsAt(aws.endpoint())
                .configure(DynamoDbClient.builder(), Duration.ofSeconds(10))
                .build();
        table = new DynamoDbSnapshotTable(dynamo, resources.table("player-snapshots"));
    }

    @AfterAll
    static void close() {
        dynamo.close();
    }

    private static StoredSnapshot snapshot(String player, long version, String json) {
        return new StoredSnapshot(
                PlayerId.of(player), version, StateDocument.inline(SnapshotJson.object(json, "test")));
    }

    @Test
    void aHigherVersionIsWrittenAndALowerOrEqualOneIsStaleAndChangesNothing() {
        assertThat(table.find(PlayerId.of("ana"))).isEmpty();
        assertThat(table.putIfNewer(snapshot("ana", 5, "{\"hp\":5}"))).isEqualTo(WriteResult.WRITTEN);
        assertThat(table.putIfNewer(snapshot("ana", 4, "{\"hp\":4}"))).isEqualTo(WriteResult.STALE);
        assertThat(table.putIfNewer(snapshot("ana", 5, "{\"hp\":-1}"))).isEqualTo(WriteResult.STALE);
        assertThat(table.find(PlayerId.of("ana"))).contains(snapshot("ana", 5, "{\"hp\":5}"));

        assertThat(table.putIfNewer(snapshot("ana", 6, "{\"hp\":6}"))).isEqualTo(WriteResult.WRITTEN);
        assertThat(table.find(PlayerId.of("ana")).orElseThrow().version()).isEqualTo(6);
    }

    @Test
    void aClaimCheckedStateKeepsOnlyItsBlobKey() {
        StoredSnapshot pointer = new StoredSnapshot(PlayerId.of("ben"), 2, StateDocument.stored("states/ben/2.json"));
        table.putIfNewer(pointer);
        assertThat(table.find(PlayerId.of("ben"))).contains(pointer);
        // a later inline state replaces the pointer entirely
        table.putIfNewer(snapshot("ben", 3, "{\"small\":true}"));
        assertThat(table.find(PlayerId.of("ben")).orElseThrow().state().isStored())
                .isFalse();
    }

    @Test
    void aScanPagesThroughEveryItemOnceAndEndsWithoutACursor() {
        DynamoDbSnapshotTable fresh = new DynamoDbSnapshotTable(
                dynamo,
                Emulators.aws()
                        .provisionTable(
                                "player-snapshots",
                                "scan-" + UUID.randomUUID().toString().substring(0, 8)));
        SnapshotTable.Page empty = fresh.scan(null, 1);
        assertThat(empty.snapshots()).isEmpty();
        assertThat(empty.isLast()).isTrue();

        Map<String, StoredSnapshot> written = new HashMap<>();
        for (int i = 0; i < 23; i++) {
            StoredSnapshot s = i == 7
                    ? new StoredSnapshot(PlayerId.of("p" + i), 3, StateDocument.stored("states/p7/3.json"))
                    : snapshot("p" + i, i + 1, "{\"i\":" + i + "}");
            fresh.putIfNewer(s);
            written.put("p" + i, s);
        }
        Map<String, StoredSnapshot> scanned = new HashMap<>();
        String cursor = null;
        int pages = 0;
        do {
            SnapshotTable.Page page = fresh.scan(cursor, 5);
            assertThat(page.snapshots()).hasSizeLessThanOrEqualTo(5);
            for (StoredSnapshot s : page.snapshots()) {
                assertThat(scanned.put(s.playerId().value(), s))
                        .as("seen once: " + s.playerId())
                        .isNull();
            }
            cursor = page.next();
            pages++;
        } while (cursor != null);
        assertThat(scanned).isEqualTo(written);
        assertThat(pages).isBetween(5, 6); // 23 items in pages of 5 (a full last page may be followed by an empty one)
    }

    @Test
    void anUnreachableTableIsUnavailableWithinTheCallTimeout() {
        URI nothingListens = URI.create("http://127.0.0.1:" + Ports.freePort());
        try (DynamoDbClient dead = AwsEmulator.clientsAt(nothingListens)
                .configure(DynamoDbClient.builder(), Duration.ofSeconds(2))
                .build()) {
            DynamoDbSnapshotTable unreachable = new DynamoDbSnapshotTable(dead, "player-snapshots");
            long start = System.nanoTime();
            assertThatThrownBy(() -> unreachable.putIfNewer(snapshot("cy", 1, "{}")))
                    .isInstanceOfSatisfying(
                            DomainException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.UNAVAILABLE));
            assertThatThrownBy(() -> unreachable.find(PlayerId.of("cy")))
                    .isInstanceOfSatisfying(
                            DomainException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.UNAVAILABLE));
            assertThatThrownBy(() -> unreachable.scan(null, 10))
                    .isInstanceOfSatisfying(
                            DomainException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.UNAVAILABLE));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(9));
        }
    }
}
