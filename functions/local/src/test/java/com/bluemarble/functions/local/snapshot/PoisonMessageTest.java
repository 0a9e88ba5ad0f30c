package com.bluemarble.functions.local.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.bluemarble.functions.core.error.DomainException;
import com.bluemarble.functions.core.player.PlayerId;
import com.bluemarble.functions.core.snapshot.SnapshotIngestRequest;
import com.bluemarble.functions.core.snapshot.SnapshotJson;
import com.bluemarble.functions.core.snapshot.SnapshotLimits;
import com.bluemarble.functions.local.SqsEventSourcePoller;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/**
 * Issue 11 item 2: one message that no receive can return (a lone surrogate, which moto stores
 * and then answers 500 on every receive that includes it) must not send its batch-mates' acknowledged
 * snapshots to the DLQ.
 */
class PoisonMessageTest {

    private SnapshotTestStack stack;

    @AfterEach
    void close() {
        if (stack != null) {
            stack.close();
        }
    }

    private static void waitFor(BooleanSupplier done, Duration max, String what) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (!done.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertThat(done.getAsBoolean()).as(what + " within " + max).isTrue();
    }

    @Test
    void ingestRefusesTextTheQueueCannotCarry() {
        stack = new SnapshotTestStack("poison-ingest", SnapshotLimits.defaults());
        ObjectNode state = SnapshotJson.NODES.objectNode().put("n", "\ud800");
        assertThatThrownBy(() -> stack.service.ingest(SnapshotIngestRequest.full("p1", 1, state)))
                .isInstanceOfSatisfying(
                        DomainException.class, e -> assertThat(e.code()).isEqualTo("UNSUPPORTED_CHARACTER"))
                .hasMessageContaining("state.n");
        ObjectNode badKey = SnapshotJson.NODES.objectNode();
        badKey.putObject("inv").put("ok\uffff", 1);
        assertThatThrownBy(() -> stack.service.ingest(SnapshotIngestRequest.full("p1", 1, badKey)))
                .hasMessageContaining("state.inv.ok");
        assertThat(stack.messagesIn(stack.queueUrl)).isZero();
        // A paired surrogate (an emoji) and control characters (escaped by the JSON encoding) travel fine.
        stack.service.ingest(SnapshotIngestRequest.full(
                "p1", 1, SnapshotJson.NODES.objectNode().put("n", "\ud83d\ude00 tab\t nul\u0000")));
        assertThat(stack.messagesIn(stack.queueUrl)).isEqualTo(1);
    }

    @Test
    void aPoisonMessageFailsAloneAndEveryGoodSnapshotIsStored() throws Exception {
        stack = new SnapshotTestStack("poison", SnapshotLimits.defaults());
        stack.visibilityTimeout(2);
        // What an unvalidated sender leaves behind: moto stores the body, then answers 500.
        try {
            stack.sqs.sendMessage(r -> r.queueUrl(stack.queueUrl)
                    .messageBody("{\"playerId\":\"poison\",\"version\":1,\"state\":{\"n\":\"\ud800\"}}"));
        } catch (RuntimeException expected) {
            // each SDK attempt stored one more copy
        }
        int poison = stack.messagesIn(stack.queueUrl);
        assertThat(poison).as("poison messages left by the failed send").isPositive();
        List<String> players = IntStream.range(0, 20).mapToObj(i -> "good-" + i).toList();
        for (String player : players) {
            stack.service.ingest(SnapshotIngestRequest.full(
                    player, 1, SnapshotJson.NODES.objectNode().put("name", player)));
        }

        try (SqsEventSourcePoller poller = stack.poller(100, stack.handler).start()) {
            waitFor(
                    () -> players.stream()
                            .allMatch(p -> stack.table.find(PlayerId.of(p)).isPresent()),
                    Duration.ofSeconds(90),
                    "every good snapshot stored");
            waitFor(
                    () -> stack.messagesIn(stack.dlqUrl) == poison && stack.messagesIn(stack.queueUrl) == 0,
                    Duration.ofSeconds(90),
                    "the poison (and only it) in the DLQ");
        }
        assertThat(stack.messagesIn(stack.dlqUrl)).isEqualTo(poison);
    }
}
