package com.bluemarble.functions.local.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.bluemarble.functions.adapter.dynamodb.DynamoDbSnapshotTable;
import com.bluemarble.functions.adapter.sqs.SnapshotBatchHandler;
import com.bluemarble.functions.core.player.PlayerId;
import com.bluemarble.functions.core.snapshot.JsonMergePatch;
import com.bluemarble.functions.core.snapshot.LoadedSnapshot;
import com.bluemarble.functions.core.snapshot.SnapshotIngestRequest;
import com.bluemarble.functions.core.snapshot.SnapshotJson;
import com.bluemarble.functions.core.snapshot.SnapshotLimits;
import com.bluemarble.functions.core.snapshot.SnapshotWriter;
import com.bluemarble.functions.emulators.AwsEmulator;
import com.bluemarble.functions.emulators.Ports;
import com.bluemarble.functions.local.SqsEventSourcePoller;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.model.Message;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The poison, delta, coalescing, claim-check and store-outage tests, each on its own namespace. */
class SnapshotWritePathTest {

    private SnapshotTestStack stack;

    @AfterEach
    void close() {
        if (stack != null) {
            stack.close();
        }
    }

    private static ObjectNode json(String text) {
        return SnapshotJson.object(text, "test");
    }

    /** Polls until {@code done} or the time is up; returns the number of invocations. */
    private static int pollUntil(SqsEventSourcePoller poller, java.util.function.BooleanSupplier done, Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        int invocations = 0;
        while (!done.getAsBoolean() && System.nanoTime() < deadline) {
            invocations += poller.pollOnce().received() > 0 ? 1 : 0;
        }
        assertThat(done.getAsBoolean()).as("finished within " + max).isTrue();
        return invocations;
    }

    @Test
    void aPoisonMessageReachesTheDeadLetterQueueAfterExactlyFiveReceivesWhileItsBatchMatesAreStored() {
        stack = new SnapshotTestStack("poison", SnapshotLimits.defaults());
        stack.visibilityTimeout(2); // longer than the 1 s batching window, as in production (180 s)
        stack.sqs.sendMessage(r ->
                r.queueUrl(stack.queueUrl).messageBody("{\"playerId\":\"p-poison\",\"version\":\"not a number\"}"));
        stack.service.ingest(SnapshotIngestRequest.batch(List.of(
                SnapshotIngestRequest.full("mate-1", 4, json("{\"hp\":1}")),
                SnapshotIngestRequest.full("mate-2", 9, json("{\"hp\":2}")))));
        AtomicInteger poisonReceives = new AtomicInteger();
        List<Integer> batchSizes = new ArrayList<>();
        SqsEventSourcePoller poller = stack.poller(10, event -> {
            batchSizes.add(event.getRecords().size());
            event.getRecords().stream()
                    .filter(r -> r.getBody().contains("not a number"))
                    .forEach(r -> {
                        poisonReceives.incrementAndGet();
                        assertThat(r.getAttributes().get("ApproximateReceiveCount"))
                                .isEqualTo(Integer.toString(poisonReceives.get()));
                    });
            return stack.handler.apply(event);
        });

        List<Message> deadLetters = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
        while (deadLetters.isEmpty() && System.nanoTime() < deadline) {
            poller.pollOnce();
            deadLetters.addAll(stack.drainDeadLetters());
        }

        assertThat(deadLetters)
                .extracting(Message::body)
                .containsExactly("{\"playerId\":\"p-poison\",\"version\":\"not a number\"}");
        assertThat(poisonReceives.get()).isEqualTo(5);
        assertThat(batchSizes.get(0))
                .as("the poison shared its first batch with its mates")
                .isEqualTo(3);
        assertThat(stack.service.load(PlayerId.of("mate-1")).version()).isEqualTo(4);
        assertThat(stack.service.load(PlayerId.of("mate-2")).version()).isEqualTo(9);
        assertThat(stack.messagesIn(stack.queueUrl)).isZero();
    }

    @Test
    void outOfOrderDeltasConvergeToTheStateOfInOrderApplication() {
        stack = new SnapshotTestStack("delta", SnapshotLimits.defaults().withClaimCheckBytes(120));
        stack.visibilityTimeout(2); // longer than the 1 s batching window, as in production
        Random random = new Random(42);
        List<SnapshotIngestRequest> updates = new ArrayList<>();
        List<ObjectNode> expected = new ArrayList<>();
        for (int p = 0; p < 3; p++) {
            String player = "delta-" + p;
            ObjectNode state = json("{\"zone\":\"start\",\"hp\":100,\"quests\":{}}");
            updates.add(SnapshotIngestRequest.full(player, 1, state.deepCopy()));
            for (long v = 2; v <= 6; v++) {
                ObjectNode patch = SnapshotJson.NODES.objectNode();
                patch.put("hp", random.nextInt(100));
                patch.putObject("quests").put("q" + random.nextInt(4), v % 2 == 0 ? "open" : "done");
                if (v == 4) {
                    patch.putNull("zone");
                    patch.put("notes", "n".repeat(200)); // this patch (and the states after it) travel through S3
                }
                state = (ObjectNode) JsonMergePatch.apply(state, patch);
                updates.add(SnapshotIngestRequest.delta(player, v, v - 1, patch));
            }
            expected.add(state);
        }
        // Newest first, the first nine shuffled: most deltas arrive before their base, yet each one
        // applies within a few redeliveries, well inside the 5 receives the redrive policy allows.
        Collections.reverse(updates);
        Collections.shuffle(updates.subList(0, 9), random);
        for (SnapshotIngestRequest update : updates) {
            stack.service.ingest(update);
        }
        AtomicInteger waitedForBase = new AtomicInteger();
        SqsEventSourcePoller poller = stack.poller(4, event -> {
            SQSBatchResponse response = stack.handler.apply(event);
            waitedForBase.addAndGet(response.getBatchItemFailures().size());
            return response;
        });

        pollUntil(poller, () -> stack.messagesIn(stack.queueUrl) == 0, Duration.ofSeconds(60));

        assertThat(waitedForBase.get())
                .as("some deltas really arrived before their base")
                .isPositive();
        assertThat(stack.drainDeadLetters()).isEmpty();
        for (int p = 0; p < 3; p++) {
            LoadedSnapshot loaded = stack.service.load(PlayerId.of("delta-" + p));
            assertThat(loaded.version()).isEqualTo(6);
            assertThat((JsonNode) loaded.state()).isEqualTo(expected.get(p));
        }
    }

    @Test
    void aDrainedBatchCostsOneDynamoDbWritePerDistinctPlayer() {
        stack = new SnapshotTestStack("coalesce", SnapshotLimits.defaults());
        List<SnapshotIngestRequest> snapshots = new ArrayList<>();
        Set<String> players = new HashSet<>();
        Random random = new Random(3);
        for (int i = 0; i < 60; i++) {
            String player = "co-" + random.nextInt(7);
            players.add(player);
            snapshots.add(SnapshotIngestRequest.full(player, 1 + random.nextInt(1000), json("{\"i\":" + i + "}")));
        }
        stack.service.ingest(SnapshotIngestRequest.batch(snapshots));
        int writesBefore = stack.table.writeRequests();

        // A wide batching window, so that a slow emulator cannot split the batch this test is about.
        SqsEventSourcePoller.PollResult result = stack.poller(
                        SnapshotTestStack.WRITER_SETTINGS.batchSize(), Duration.ofSeconds(10), stack.handler)
                .pollOnce();

        assertThat(result.received()).as("one batch held all 60 messages").isEqualTo(60);
        assertThat(result.deleted()).isEqualTo(60);
        assertThat(stack.table.writeRequests() - writesBefore)
                .as("PutItem requests")
                .isEqualTo(players.size());
        for (String player : players) {
            long highest = snapshots.stream()
                    .filter(s -> s.playerId().equals(player))
                    .mapToLong(SnapshotIngestRequest::version)
                    .max()
                    .orElseThrow();
            assertThat(stack.service.load(PlayerId.of(player)).version()).isEqualTo(highest);
        }
    }

    @Test
    void aLargeStateTravelsThroughS3AndTheMessageAndItemCarryOnlyItsKey() {
        stack = new SnapshotTestStack("claim", SnapshotLimits.defaults());
        ObjectNode big = json("{}");
        big.put("map", "m".repeat(300 * 1024)); // above the 200 KiB threshold, below the 1 MiB limit
        stack.service.ingest(SnapshotIngestRequest.full("big-1", 1, big));
        List<String> bodies = new ArrayList<>();
        SqsEventSourcePoller poller = stack.poller(10, event -> {
            event.getRecords().forEach(r -> bodies.add(r.getBody()));
            return stack.handler.apply(event);
        });

        pollUntil(poller, () -> !bodies.isEmpty(), Duration.ofSeconds(10));

        assertThat(bodies.get(0))
                .isEqualTo("{\"playerId\":\"big-1\",\"version\":1,\"stateRef\":\"states/big-1/1.json\"}");
        var stored = stack.table.find(PlayerId.of("big-1")).orElseThrow();
        assertThat(stored.state().blobKey()).isEqualTo("states/big-1/1.json");
        assertThat((JsonNode) stack.service.load(PlayerId.of("big-1")).state()).isEqualTo(big);
    }

    @Test
    void whileDynamoDbIsUnreachableEveryMessageIsReportedFailedAndNothingIsLost() throws Exception {
        stack = new SnapshotTestStack("outage", SnapshotLimits.defaults());
        stack.visibilityTimeout(2); // longer than the 1 s batching window, as in production
        stack.service.ingest(SnapshotIngestRequest.batch(List.of(
                SnapshotIngestRequest.full("out-1", 1, json("{\"a\":1}")),
                SnapshotIngestRequest.full("out-2", 2, json("{\"b\":2}")),
                SnapshotIngestRequest.full("out-1", 3, json("{\"a\":3}")))));
        URI nothingListens = URI.create("http://127.0.0.1:" + Ports.freePort());
        try (DynamoDbClient dead = AwsEmulator.clientsAt(nothingListens)
                .configure(DynamoDbClient.builder(), Duration.ofSeconds(1))
                .build()) {
            SnapshotBatchHandler cutOff = new SnapshotBatchHandler(new SnapshotWriter(
                    new DynamoDbSnapshotTable(dead, "player-snapshots"), stack.blobs, SnapshotLimits.defaults()));
            List<Integer> failures = new ArrayList<>();
            SqsEventSourcePoller poller = stack.poller(10, (SQSEvent event) -> {
                SQSBatchResponse response = cutOff.apply(event);
                failures.add(response.getBatchItemFailures().size());
                return response;
            });

            SqsEventSourcePoller.PollResult result = poller.pollOnce();

            assertThat(result).isEqualTo(new SqsEventSourcePoller.PollResult(3, 0, 3, false));
            assertThat(failures).containsExactly(3);
        }
        Thread.sleep(2_100);
        pollUntil(stack.poller(10, stack.handler), () -> stack.messagesIn(stack.queueUrl) == 0, Duration.ofSeconds(20));
        assertThat(stack.service.load(PlayerId.of("out-1")).version()).isEqualTo(3);
        assertThat(stack.service.load(PlayerId.of("out-2")).version()).isEqualTo(2);
    }
}
