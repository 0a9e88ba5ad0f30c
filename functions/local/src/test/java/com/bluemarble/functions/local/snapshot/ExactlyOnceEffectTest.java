package com.bluemarble.functions.local.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import com.bluemarble.functions.core.error.DomainException;
import com.bluemarble.functions.core.player.PlayerId;
import com.bluemarble.functions.core.snapshot.LoadedSnapshot;
import com.bluemarble.functions.core.snapshot.SnapshotIngestRequest;
import com.bluemarble.functions.core.snapshot.SnapshotJson;
import com.bluemarble.functions.core.snapshot.SnapshotLimits;
import com.bluemarble.functions.local.SqsEventSourcePoller;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The exactly-once-effect test on the real path: snapshotIngest (SendMessageBatch) ->
 * SQS -> the local event source poller -> the batch writer -> DynamoDB, with every snapshot sent
 * 1 to 3 times in shuffled order and the writer killed in the middle of a batch.
 */
class ExactlyOnceEffectTest {

    private static final Logger log = LoggerFactory.getLogger(ExactlyOnceEffectTest.class);
    private static final int PLAYERS = 100;
    private static final int VERSIONS_PER_PLAYER = 50; // 5,000 distinct snapshots
    /**
     * moto's SQS costs time proportional to the queue depth for every message sent or received,
     * so producer and writer take turns in small steps that keep the queue shallow (in AWS the
     * depth costs nothing and the writer runs with resources.json's batch size of 100).
     */
    private static final int STEP = 25;

    private static SnapshotTestStack stack;

    @BeforeAll
    static void provision() {
        stack = new SnapshotTestStack("once", SnapshotLimits.defaults());
        stack.visibilityTimeout(3); // the killed batch comes back after 3 s instead of 180 s
    }

    @AfterAll
    static void close() {
        stack.close();
    }

    private static ObjectNode state(int player, long version) {
        ObjectNode state = SnapshotJson.NODES.objectNode();
        state.put("zone", "z" + (player % 7));
        state.putArray("pos").add(version * 1.5).add(player).add(-version);
        state.put("savedAt", version);
        return SnapshotJson.object(SnapshotJson.text(state), "state"); // as read back: small longs become ints
    }

    @Test
    void everyPlayerEndsAtItsHighestVersionAndSentEqualsStoredPlusDeadLettered() throws Exception {
        Random random = new Random(20261121);
        List<SnapshotIngestRequest> deliveries = new ArrayList<>();
        for (int p = 0; p < PLAYERS; p++) {
            for (long v = 1; v <= VERSIONS_PER_PLAYER; v++) {
                double draw = random.nextDouble(); // 1, 2 or 3 deliveries: 60 %, 30 %, 10 %
                int copies = draw < 0.6 ? 1 : draw < 0.9 ? 2 : 3;
                for (int c = 0; c < copies; c++) {
                    deliveries.add(SnapshotIngestRequest.full("player-" + p, v, state(p, v)));
                }
            }
        }
        Collections.shuffle(deliveries, random);
        int sent = deliveries.size();

        // A reader that keeps loading players while the writer drains: no version it sees may go down.
        Map<String, Long> seen = new ConcurrentHashMap<>();
        AtomicInteger regressions = new AtomicInteger();
        AtomicBoolean reading = new AtomicBoolean(true);
        Thread reader = new Thread(
                () -> {
                    Random r = new Random(7);
                    while (reading.get()) {
                        String player = "player-" + r.nextInt(PLAYERS);
                        try {
                            LoadedSnapshot loaded = stack.service.load(PlayerId.of(player));
                            Long before = seen.put(player, loaded.version());
                            if (before != null && before > loaded.version()) {
                                regressions.incrementAndGet();
                            }
                            Thread.sleep(50);
                        } catch (DomainException notYetWritten) {
                            // 404 until the first write of that player
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                },
                "regression-reader");
        reader.start();

        SqsEventSourcePoller poller = stack.poller(STEP, stack.handler);
        long start = System.nanoTime();
        int deleted = 0;
        int batches = 0;
        int killedBatches = 0;
        int ingested = 0;
        // Bounded by progress, not by a total time: a loaded machine (moto is one Python process) drains
        // slower but steadily; a stuck pipeline deletes nothing for a minute (20 visibility timeouts) and fails.
        long stallLimit = Duration.ofSeconds(60).toNanos();
        long lastProgress = System.nanoTime();
        while (deleted < sent && System.nanoTime() - lastProgress < stallLimit) {
            if (ingested < sent) {
                List<SnapshotIngestRequest> chunk = deliveries.subList(ingested, Math.min(ingested + STEP, sent));
                stack.service.ingest(SnapshotIngestRequest.batch(chunk));
                ingested += chunk.size();
            }
            if (batches == 3 && killedBatches == 0) {
                stack.table.crashAtWriteRequest(10); // dies after 9 players of the next batch were written
            }
            SqsEventSourcePoller.PollResult result = poller.pollOnce();
            if (result.received() > 0) {
                batches++;
            }
            killedBatches += result.invocationFailed() ? 1 : 0;
            deleted += result.deleted();
            if (result.deleted() > 0) {
                lastProgress = System.nanoTime();
            }
        }
        reading.set(false);
        reader.join();
        int deadLettered = stack.drainDeadLetters().size();
        log.info(
                "{} messages ({} distinct snapshots) ingested and drained in {} batches ({} killed), {} ms; {} PutItem requests",
                sent,
                PLAYERS * VERSIONS_PER_PLAYER,
                batches,
                killedBatches,
                (System.nanoTime() - start) / 1_000_000,
                stack.table.writeRequests());

        assertThat(killedBatches).as("the writer was killed mid-batch").isEqualTo(1);
        assertThat(deleted + deadLettered)
                .as("sent = stored (deleted after success) + dead-lettered")
                .isEqualTo(sent);
        assertThat(deadLettered).isZero();
        assertThat(stack.messagesIn(stack.queueUrl)).isZero();
        assertThat(regressions.get())
                .as("no version seen by a reader ever went down")
                .isZero();
        assertThat(seen).as("the reader really observed players").isNotEmpty();

        Map<PlayerId, Long> lastWritten = new HashMap<>();
        for (CountingSnapshotTable.Write write : stack.table.effectiveWrites()) {
            Long previous = lastWritten.put(write.player(), write.version());
            assertThat(previous == null || previous < write.version())
                    .as("stored versions only go up: %s", write)
                    .isTrue();
        }
        for (int p = 0; p < PLAYERS; p++) {
            LoadedSnapshot loaded = stack.service.load(PlayerId.of("player-" + p));
            assertThat(loaded.version()).isEqualTo(VERSIONS_PER_PLAYER);
            assertThat(loaded.state()).isEqualTo(state(p, VERSIONS_PER_PLAYER));
        }
    }
}
