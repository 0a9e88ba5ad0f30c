package com.bluemarble.functions.app.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import com.bluemarble.functions.adapter.dynamodb.DynamoDbSnapshotTable;
import com.bluemarble.functions.app.FunctionsTestContext.Response;
import com.bluemarble.functions.core.player.PlayerId;
import com.bluemarble.functions.core.snapshot.SnapshotJson;
import com.bluemarble.functions.core.snapshot.SnapshotPlayerData;
import com.bluemarble.functions.core.snapshot.SnapshotWriter;
import com.bluemarble.functions.core.snapshot.SnapshotWriter.Outcome;
import com.bluemarble.functions.core.snapshot.SnapshotWriter.QueuedMessage;
import com.bluemarble.functions.emulators.AwsEmulator;
import com.bluemarble.functions.emulators.Emulators;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The snapshots' data rights through the app's wiring on moto: the freeze (a mark in the erasure
 * table) makes ingest and load answer 410, a snapshot queued before the freeze is dropped by the
 * writer, the erasure leaves no item and no version of any claim-checked blob, and the export is
 * what snapshotLoad answered.
 */
class SnapshotErasureTest {

    private static final String RUN = UUID.randomUUID().toString().substring(0, 6);
    /** Above the 200 KB claim-check threshold: travels through S3. */
    private static final String BIG = "x".repeat(210_000);

    private static SnapshotAppFixture app;
    private static SqsClient sqs;
    private static S3Client s3;
    private static String bucket;
    private static String queueUrl;

    @BeforeAll
    static void start() {
        var resources = SnapshotAppFixture.provision("erase");
        app = SnapshotAppFixture.start(resources, Emulators.aws().endpoint().toString(), Map.of());
        var clients = AwsEmulator.clientsAt(Emulators.aws().endpoint());
        sqs = clients.configure(SqsClient.builder(), Duration.ofSeconds(10)).build();
        s3 = clients.configure(S3Client.builder(), Duration.ofSeconds(10)).build();
        bucket = resources.bucket("bluemarble-snapshot-states");
        queueUrl = resources.queueUrl("player-snapshots");
        s3.putBucketVersioning(
                r -> r.bucket(bucket).versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
    }

    @AfterAll
    static void stop() {
        drain(); // the namespace's queue is this class's own, but leave nothing behind
        app.close();
        sqs.close();
        s3.close();
    }

    private static String full(String player, long version, String big) {
        return "{\"playerId\":\"" + player + "\",\"version\":" + version + ",\"state\":{\"hp\":" + version
                + ",\"big\":\"" + big + "\"}}";
    }

    private static Response ingest(String json) {
        return app.call("snapshotIngest", json);
    }

    /** Every message now in the queue, received and deleted (the writer's input). */
    private static List<QueuedMessage> drain() {
        List<QueuedMessage> all = new ArrayList<>();
        for (int emptyPolls = 0; emptyPolls < 2; ) {
            List<Message> got = sqs.receiveMessage(
                            r -> r.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1))
                    .messages();
            emptyPolls = got.isEmpty() ? emptyPolls + 1 : 0;
            for (Message m : got) {
                all.add(new QueuedMessage(m.messageId(), m.body()));
                sqs.deleteMessage(r -> r.queueUrl(queueUrl).receiptHandle(m.receiptHandle()));
            }
        }
        return all;
    }

    private static SnapshotWriter.BatchReport write() {
        return app.context.getBean(SnapshotWriter.class).write(drain());
    }

    private static int versionsUnder(String prefix) {
        var listing = s3.listObjectVersions(r -> r.bucket(bucket).prefix(prefix));
        return listing.versions().size() + listing.deleteMarkers().size();
    }

    private static void assertGone(Response response, String player) {
        assertThat(response.status()).as(response.body()).isEqualTo(410);
        assertThat(response.json().get("error").asString()).isEqualTo("PLAYER_DATA_ERASED");
        assertThat(response.json().get("message").asString()).contains(player);
    }

    @Test
    void afterTheFreezeIngestAndLoadAre410AndASnapshotQueuedBeforeItIsDroppedWithItsBlobs() {
        String gone = "gone-" + RUN;
        String kept = "kept-" + RUN;
        assertThat(ingest(full(gone, 1, BIG)).status()).isEqualTo(202);
        assertThat(ingest(full(kept, 1, "small")).status()).isEqualTo(202);
        assertThat(write().count(Outcome.WRITTEN)).isEqualTo(2);
        assertThat(ingest(full(gone, 2, BIG)).status()).isEqualTo(202); // queued, not yet written
        assertThat(versionsUnder("states/" + gone + "/")).isEqualTo(2);

        app.context.getBean(SnapshotPlayerData.class).freeze(PlayerId.of(gone));

        assertGone(ingest(full(gone, 3, "small")), gone);
        Response batch = ingest("{\"snapshots\":[" + full(kept, 2, "small") + "," + full(gone, 4, "small") + "]}");
        assertGone(batch, gone);
        assertGone(app.call("snapshotLoad", "{\"playerId\":\"" + gone + "\"}"), gone);

        SnapshotWriter.BatchReport report = write(); // only the snapshot queued before the freeze
        assertThat(report.outcomes().values()).containsExactly(Outcome.ERASED);
        assertThat(report.failedMessageIds()).isEmpty();
        DynamoDbSnapshotTable table = app.context.getBean(DynamoDbSnapshotTable.class);
        assertThat(table.find(PlayerId.of(gone))).isEmpty();
        assertThat(versionsUnder("states/" + gone + "/")).isZero();
        // Nothing of the refused batch was enqueued: the other player is still at version 1.
        assertThat(table.find(PlayerId.of(kept)))
                .hasValueSatisfying(s -> assertThat(s.version()).isEqualTo(1));
        assertThat(app.call("snapshotLoad", "{\"playerId\":\"" + kept + "\"}").status())
                .isEqualTo(200);
    }

    @Test
    void eraseDeletesTheItemAndEveryVersionOfEveryBlobAndTheExportIsWhatLoadAnswered() {
        String gone = "erased-" + RUN;
        String neighbour = gone + "0"; // shares the id as a prefix, never the blob prefix
        assertThat(ingest(full(gone, 1, BIG)).status()).isEqualTo(202);
        write();
        assertThat(ingest(full(gone, 1, BIG + "y")).status()).isEqualTo(202); // same key, a second version
        assertThat(ingest("{\"playerId\":\"" + gone + "\",\"version\":2,\"baseVersion\":1,\"patch\":{\"big\":\"" + BIG
                                + "z\"}}")
                        .status())
                .isEqualTo(202);
        assertThat(ingest(full(neighbour, 1, BIG)).status()).isEqualTo(202);
        write();
        assertThat(versionsUnder("states/" + gone + "/")).isGreaterThanOrEqualTo(3);
        assertThat(versionsUnder("patches/" + gone + "/")).isEqualTo(1);

        SnapshotPlayerData data = app.context.getBean(SnapshotPlayerData.class);
        Response load = app.call("snapshotLoad", "{\"playerId\":\"" + gone + "\"}");
        assertThat(load.status()).isEqualTo(200);
        // The same JSON text as snapshotLoad's answer (compared as text: the states are 200 KB each,
        // too large for a failure message, and Jackson's int and long nodes never compare equal).
        String exported = SnapshotJson.MAPPER.writeValueAsString(data.export(PlayerId.of(gone)));
        assertThat(exported.equals(load.body()))
                .as(
                        "export (%d chars) equals snapshotLoad's answer (%d chars)",
                        exported.length(), load.body().length())
                .isTrue();
        assertThat(load.json().get("version").asLong()).isEqualTo(2);
        assertThat(load.json().get("state").get("big").asString()).endsWith("z");

        data.freeze(PlayerId.of(gone));
        data.erase(PlayerId.of(gone));

        assertThat(app.context.getBean(DynamoDbSnapshotTable.class).find(PlayerId.of(gone)))
                .isEmpty();
        assertThat(versionsUnder("states/" + gone + "/")).isZero();
        assertThat(versionsUnder("patches/" + gone + "/")).isZero();
        assertThat(data.export(PlayerId.of(gone))).isEmpty();
        assertThat(versionsUnder("states/" + neighbour + "/")).isEqualTo(1);
        assertThat(app.call("snapshotLoad", "{\"playerId\":\"" + neighbour + "\"}")
                        .status())
                .isEqualTo(200);

        data.erase(PlayerId.of(gone)); // a second erase finds nothing and changes nothing
        assertThat(versionsUnder("states/" + neighbour + "/")).isEqualTo(1);
        assertThat(data.export(PlayerId.of(neighbour))).containsEntry("version", 1L);
    }
}
