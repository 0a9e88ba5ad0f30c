package com.bluemarble.functions.adapter.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.bluemarble.functions.core.error.DomainException;
import com.bluemarble.functions.core.player.PlayerId;
import com.bluemarble.functions.core.snapshot.SnapshotJson;
import com.bluemarble.functions.core.snapshot.StateDocument;
import com.bluemarble.functions.core.snapshot.StoredSnapshot;
import com.bluemarble.functions.emulators.AwsEmulator;
import com.bluemarble.functions.emulators.AwsResources;
import com.bluemarble.functions.emulators.Emulators;
import com.bluemarble.functions.emulators.Ports;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The erasure marks and the snapshot delete on the real DynamoDB API (moto). */
class DynamoDbSnapshotErasuresTest {

    private static DynamoDbClient dynamo;
    private static DynamoDbSnapshotErasures erasures;
    private static DynamoDbSnapshotTable table;
    private static String tableName;

    @BeforeAll
    static void provision() {
        AwsEmulator aws = Emulators.aws();
        AwsResources resources =
                aws.provision("era-" + UUID.randomUUID().toString().substring(0, 8));
        dynamo = AwsEmulator.clientsAt(aws.endpoint())
                .configure(DynamoDbClient.builder(), Duration.ofSeconds(10))
                .build();
        tableName = resources.table("player-erasures");
        erasures = new DynamoDbSnapshotErasures(dynamo, tableName);
        table = new DynamoDbSnapshotTable(dynamo, resources.table("player-snapshots"));
    }

    @AfterAll
    static void close() {
        dynamo.close();
    }

    private static String frozenAt(String player) {
        return dynamo.getItem(r -> r.tableName(tableName)
                        .consistentRead(true)
                        .key(Map.of("playerId", AttributeValue.fromS(player))))
                .item()
                .get("frozenAt")
                .n();
    }

    @Test
    void markedPlayersAreFoundAmongMoreThanOneBatchGetItemOfOthersAndMarkingTwiceIsOneMark()
            throws InterruptedException {
        List<PlayerId> players = new ArrayList<>();
        for (int i = 0; i < 250; i++) { // three BatchGetItem requests of at most 100 keys
            players.add(PlayerId.of("p" + i));
        }
        assertThat(erasures.marked(players)).isEmpty();

        erasures.mark(PlayerId.of("p7"));
        String firstFrozenAt = frozenAt("p7");
        Thread.sleep(20); // a new mark would carry a later time
        erasures.mark(PlayerId.of("p7"));
        assertThat(frozenAt("p7")).as("a second mark changes nothing").isEqualTo(firstFrozenAt);
        erasures.mark(PlayerId.of("p199"));
        erasures.mark(PlayerId.of("outsider"));

        List<PlayerId> withDuplicates = new ArrayList<>(players);
        withDuplicates.add(PlayerId.of("p7"));
        assertThat(erasures.marked(withDuplicates)).containsExactlyInAnyOrder(PlayerId.of("p7"), PlayerId.of("p199"));
        assertThat(erasures.marked(List.of())).isEmpty();
    }

    @Test
    void deletingASnapshotRemovesTheItemAndDeletingAgainChangesNothing() {
        PlayerId ana = PlayerId.of("del-ana");
        PlayerId ben = PlayerId.of("del-ben");
        table.putIfNewer(new StoredSnapshot(ana, 3, StateDocument.inline(SnapshotJson.object("{\"hp\":3}", "t"))));
        table.putIfNewer(new StoredSnapshot(ben, 1, StateDocument.inline(SnapshotJson.object("{\"hp\":1}", "t"))));

        table.delete(ana);
        table.delete(ana);

        assertThat(table.find(ana)).isEmpty();
        assertThat(table.find(ben))
                .hasValueSatisfying(s -> assertThat(s.version()).isEqualTo(1));
    }

    @Test
    void anUnreachableTableIsUnavailableForMarksAndReads() {
        URI nothingListens = URI.create("http://127.0.0.1:" + Ports.freePort());
        try (DynamoDbClient dead = AwsEmulator.clientsAt(nothingListens)
                .configure(DynamoDbClient.builder(), Duration.ofSeconds(2))
                .build()) {
            DynamoDbSnapshotErasures unreachable = new DynamoDbSnapshotErasures(dead, "player-erasures");
            assertThatThrownBy(() -> unreachable.mark(PlayerId.of("x")))
                    .isInstanceOfSatisfying(
                            DomainException.class, e -> assertThat(e.code()).isEqualTo("STORE_UNAVAILABLE"));
            assertThatThrownBy(() -> unreachable.marked(List.of(PlayerId.of("x"))))
                    .isInstanceOfSatisfying(
                            DomainException.class, e -> assertThat(e.code()).isEqualTo("STORE_UNAVAILABLE"));
            assertThatThrownBy(() -> new DynamoDbSnapshotTable(dead, "player-snapshots").delete(PlayerId.of("x")))
                    .isInstanceOfSatisfying(
                            DomainException.class, e -> assertThat(e.code()).isEqualTo("STORE_UNAVAILABLE"));
        }
    }
}
