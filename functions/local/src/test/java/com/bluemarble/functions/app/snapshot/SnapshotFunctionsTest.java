package com.bluemarble.functions.app.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.bluemarble.functions.app.FunctionsTestContext.Response;
import com.bluemarble.functions.emulators.AwsEmulator;
import com.bluemarble.functions.emulators.AwsResources;
import com.bluemarble.functions.emulators.Emulators;
import com.bluemarble.functions.emulators.Ports;
import com.bluemarble.functions.local.SqsEventSourcePoller;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** snapshotIngest, snapshotWriter and snapshotLoad as beans of the function application, on the AWS emulator. */
class SnapshotFunctionsTest {

    private static SnapshotAppFixture app;
    private static SqsClient sqs;

    @BeforeAll
    static void start() {
        AwsResources resources = SnapshotAppFixture.provision("app");
        // a small state limit so the oversized case stays small
        app = SnapshotAppFixture.start(
                resources,
                Emulators.aws().endpoint().toString(),
                Map.of("bluemarble.snapshots.max-state-bytes", 4096, "bluemarble.snapshots.claim-check-bytes", 1024));
        sqs = AwsEmulator.clientsAt(Emulators.aws().endpoint())
                .configure(SqsClient.builder(), Duration.ofSeconds(30))
                .build();
    }

    @AfterAll
    static void stop() {
        app.close();
        sqs.close();
    }

    private static int queued() {
        return sqs
                .getQueueAttributes(r -> r.queueUrl(app.resources.queueUrl("player-snapshots"))
                        .attributeNames(
                                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
                .attributes()
                .values()
                .stream()
                .mapToInt(Integer::parseInt)
                .sum();
    }

    @SuppressWarnings("unchecked")
    private static SqsEventSourcePoller.PollResult drainOnce() {
        Function<SQSEvent, SQSBatchResponse> writer = app.context.getBean("snapshotWriter", Function.class);
        SqsEventSourcePoller poller = new SqsEventSourcePoller(
                sqs,
                new SqsEventSourcePoller.Settings(
                        app.resources.queueUrl("player-snapshots"),
                        100,
                        Duration.ofSeconds(1),
                        1,
                        AwsEmulator.REGION.id()),
                writer);
        return poller.pollOnce();
    }

    @Test
    void ingestIsAcceptedThenWrittenByThePolledWriterAndLoadedBack() {
        String big = "x".repeat(2000); // above the 1 KiB claim-check threshold: travels through S3
        Response accepted = app.call(
                "snapshotIngest",
                "{\"snapshots\":["
                        + "{\"playerId\":\"app-ana\",\"version\":1,\"state\":{\"zone\":\"a\"}},"
                        + "{\"playerId\":\"app-ana\",\"version\":2,\"state\":{\"zone\":\"b\",\"notes\":\"" + big
                        + "\"}},"
                        + "{\"playerId\":\"app-ana\",\"version\":3,\"baseVersion\":2,\"patch\":{\"zone\":\"c\"}},"
                        + "{\"playerId\":\"app-ben\",\"version\":7,\"state\":{\"hp\":3}}]}");
        assertThat(accepted.status()).isEqualTo(202);
        assertThat(accepted.json().get("accepted").asBoolean()).isTrue();
        assertThat(accepted.json().get("snapshots").asInt()).isEqualTo(4);

        assertThat(app.call("snapshotLoad", "{\"playerId\":\"app-ana\"}").status())
                .as("not written yet")
                .isEqualTo(404);
        SqsEventSourcePoller.PollResult drained = drainOnce();
        assertThat(drained.received()).isEqualTo(4);
        assertThat(drained.deleted()).isEqualTo(4);

        Response ana = app.call("snapshotLoad", "{\"playerId\":\"app-ana\"}");
        assertThat(ana.status()).isEqualTo(200);
        assertThat(ana.json().get("version").asLong()).isEqualTo(3);
        assertThat(ana.json().get("state").get("zone").asString()).isEqualTo("c");
        assertThat(ana.json().get("state").get("notes").asString()).isEqualTo(big);
        assertThat(app.call("snapshotLoad", "{\"playerId\":\"app-ben\"}")
                        .json()
                        .get("state")
                        .get("hp")
                        .asInt())
                .isEqualTo(3);
    }

    /** Issue 11 item 6: numbers come back exactly as sent, inline, claim-checked (S3) and merged by a patch. */
    @Test
    void numbersRoundTripExactlyThroughQueueTableBlobAndPatch() {
        String numbers = "\"a\":1e400,\"b\":1e-400,\"c\":1.00000000000000000001,\"d\":-0,\"e\":-0.0,"
                + "\"f\":[1E+2,12345678901234567890123,-9223372036854775809],\"g\":0.1,\"h\":7,\"i\":1.50";
        String inline = "{" + numbers + "}";
        String claimChecked = "{" + numbers + ",\"pad\":\"" + "p".repeat(1500) + "\"}";
        Response accepted = app.call(
                "snapshotIngest",
                "{\"snapshots\":["
                        + "{\"playerId\":\"num-inline\",\"version\":1,\"state\":" + inline + "},"
                        + "{\"playerId\":\"num-blob\",\"version\":1,\"state\":" + claimChecked + "},"
                        + "{\"playerId\":\"num-patch\",\"version\":1,\"state\":{\"x\":{\"y\":1.0}}}]}");
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        assertThat(drainOnce().deleted()).isEqualTo(3);
        Response patched = app.call(
                "snapshotIngest",
                "{\"playerId\":\"num-patch\",\"version\":2,\"baseVersion\":1,\"patch\":{\"x\":{\"z\":2e-9999},"
                        + "\"w\":-0E0}}");
        assertThat(patched.status()).as(patched.body()).isEqualTo(202);
        assertThat(drainOnce().deleted()).isEqualTo(1);

        assertThat(app.call("snapshotLoad", "{\"playerId\":\"num-inline\"}").body())
                .contains("\"state\":" + inline);
        assertThat(app.call("snapshotLoad", "{\"playerId\":\"num-blob\"}").body())
                .contains("\"state\":" + claimChecked);
        assertThat(app.call("snapshotLoad", "{\"playerId\":\"num-patch\"}").body())
                .contains("\"state\":{\"x\":{\"y\":1.0,\"z\":2e-9999},\"w\":-0E0}");
    }

    @Test
    void badInputIs400AndEnqueuesNothing() {
        int before = queued();
        Map<String, String> cases = Map.of(
                "{\"playerId\":\"p1\",\"state\":{}}",
                "MISSING_FIELD",
                "{\"playerId\":\"p1\",\"version\":-1,\"state\":{}}",
                "INVALID_VERSION",
                "{\"playerId\":\"p1\",\"version\":1,\"state\":{\"blob\":\"" + "y".repeat(5000) + "\"}}",
                "STATE_TOO_LARGE",
                "{\"playerId\":\"p1\",\"version\":1,\"state\":{\"currency\":{\"gold\":5}}}",
                "ECONOMY_FIELD",
                "{\"playerId\":\"p1\",\"version\":1,\"state\":{\"inventory\":[]}}",
                "ECONOMY_FIELD",
                "{\"playerId\":\"p1\",\"version\":1,\"state\":{}",
                "MALFORMED_JSON",
                "{\"playerId\":\"p1\",\"version\":\"1\",\"state\":{}}",
                "INVALID_FIELD",
                "{\"playerId\":\"p1\",\"version\":1,\"state\":{},\"extra\":1}",
                "UNKNOWN_FIELD",
                "{\"snapshots\":[{\"playerId\":\"p1\",\"version\":1,\"state\":{}},{\"playerId\":\"p1\",\"version\":2,\"state\":{\"wallet\":1}}]}",
                "ECONOMY_FIELD");
        cases.forEach((body, code) -> {
            Response response = app.call("snapshotIngest", body);
            assertThat(response.status()).as(body).isEqualTo(400);
            assertThat(response.json().get("error").asString()).as(body).isEqualTo(code);
            assertThat(response.json().get("message").asString()).isNotBlank();
        });
        assertThat(queued()).as("nothing was enqueued").isEqualTo(before);
    }

    @Test
    void unknownPlayerIs404() {
        Response response = app.call("snapshotLoad", "{\"playerId\":\"never-seen\"}");
        assertThat(response.status()).isEqualTo(404);
        assertThat(response.json().get("error").asString()).isEqualTo("UNKNOWN_PLAYER");
    }

    @Test
    void unreachableAwsIs503WithinTheCallTimeout() {
        String nothingListens = "http://127.0.0.1:" + Ports.freePort();
        try (SnapshotAppFixture dead = SnapshotAppFixture.start(
                app.resources,
                nothingListens,
                Map.of("bluemarble.snapshots.call-timeout", "2s", "bluemarble.snapshots.send-attempts", 2))) {
            long start = System.nanoTime();
            Response ingest = dead.call("snapshotIngest", "{\"playerId\":\"p1\",\"version\":1,\"state\":{}}");
            Response load = dead.call("snapshotLoad", "{\"playerId\":\"p1\"}");
            assertThat(ingest.status()).isEqualTo(503);
            assertThat(ingest.json().get("error").asString()).isEqualTo("STORE_UNAVAILABLE");
            assertThat(load.status()).isEqualTo(503);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
        }
    }
}
