package com.bluemarble.functions.adapter.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.bluemarble.functions.core.economy.PlayerId;
import com.bluemarble.functions.core.error.DomainException;
import com.bluemarble.functions.core.error.ErrorKind;
import com.bluemarble.functions.core.snapshot.SnapshotJson;
import com.bluemarble.functions.core.snapshot.SnapshotTable.WriteResult;
import com.bluemarble.functions.core.snapshot.StateDocument;
import com.bluemarble.functions.core.snapshot.StoredSnapshot;
import com.bluemarble.functions.emulators.AwsEmulator;
import com.bluemarble.functions.emulators.AwsResources;
import com.bluemarble.functions.emulators.Emulators;
import com.bluemarble.functions.emulators.Ports;
import java.net.URI;
import java.time.Duration;
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
        AwsResources resources = aws.provision("ddb-" + UUID.randomUUID().toString().substring(0, 8));
        dynamo = DynamoDbClients.create(aws.endpoint(), AwsEmulator.REGION, AwsEmulator.CREDENTIALS, Duration.ofSeconds(10));
        table = new DynamoDbSnapshotTable(dynamo, resources.table("player-snapshots"));
    }

    @AfterAll
    static void close() {
        dynamo.close();
    }

    private static StoredSnapshot snapshot(String player, long version, String json) {
        return new StoredSnapshot(PlayerId.of(player), version, StateDocument.inline(SnapshotJson.object(json, "test")));
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
        assertThat(table.find(PlayerId.of("ben")).orElseThrow().state().isStored()).isFalse();
    }

    @Test
    void anUnreachableTableIsUnavailableWithinTheCallTimeout() {
        URI nothingListens = URI.create("http://127.0.0.1:" + Ports.freePort());
        try (DynamoDbClient dead = DynamoDbClients.create(nothingListens, AwsEmulator.REGION, AwsEmulator.CREDENTIALS, Duration.ofSeconds(2))) {
            DynamoDbSnapshotTable unreachable = new DynamoDbSnapshotTable(dead, "player-snapshots");
            long start = System.nanoTime();
            assertThatThrownBy(() -> unreachable.putIfNewer(snapshot("cy", 1, "{}")))
                    .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.UNAVAILABLE));
            assertThatThrownBy(() -> unreachable.find(PlayerId.of("cy")))
                    .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.UNAVAILABLE));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(6));
        }
    }
}
