package com.bluemarble.functions.bench;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.bluemarble.functions.adapter.dynamodb.DynamoDbSnapshotTable;
import com.bluemarble.functions.aws.AwsClientConfigurer;
import com.bluemarble.functions.bench.report.Goal;
import com.bluemarble.functions.bench.report.Report;
import com.bluemarble.functions.bench.report.Row;
import com.bluemarble.functions.core.player.PlayerId;
import com.bluemarble.functions.core.snapshot.SnapshotJson;
import com.bluemarble.functions.core.snapshot.StateDocument;
import com.bluemarble.functions.core.snapshot.StoredSnapshot;
import com.bluemarble.functions.emulators.AwsEmulator;
import com.bluemarble.functions.emulators.AwsResourceDefinitions;
import com.bluemarble.functions.local.SqsEventSourcePoller;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import tools.jackson.databind.node.ObjectNode;

/**
 * Write-behind snapshots. 20 updates per player go through snapshotIngest (SQS) and are written
 * by the snapshotWriter bean fed by the same poller ./dev up uses in place of the event source
 * mapping (batch size and window from localstack/resources.json); the DynamoDB write requests
 * are counted at the SDK ({@link DynamoDbWriteCounter}) against write-through (one conditional
 * PutItem per update through the same table adapter). Two arrival orders: rounds (every player
 * sends update k before anyone sends k+1, as game servers flushing all their players do) and
 * bursts (a player's 20 updates together). Throughput: the pipeline draining a backlog vs a bare
 * ReceiveMessage(10) + DeleteMessageBatch loop draining an equal backlog on the same queue.
 */
final class WriteBehindBench {

    private static final int UPDATES = 20;
    private static final int PER_REQUEST = 100;

    record Drain(long messages, double seconds, long writes) {
        double rate() {
            return messages / seconds;
        }
    }

    @SuppressWarnings("unchecked")
    static void run(BenchEnv env, Report report, PrintStream log, int players) throws Exception {
        String queueUrl = env.aws.queueUrl("player-snapshots");
        String tableName = env.aws.table("player-snapshots");
        Function<SQSEvent, SQSBatchResponse> writer = env.context.getBean("snapshotWriter", Function.class);
        AwsResourceDefinitions.SnapshotWriter mapping =
                AwsResourceDefinitions.load().snapshotWriter();
        AwsClientConfigurer aws = env.context.getBean(AwsClientConfigurer.class);
        try (SqsClient sqs = aws.configure(SqsClient.builder(), Duration.ofSeconds(30))
                        .build();
                DynamoDbClient dynamo = aws.configure(DynamoDbClient.builder(), Duration.ofSeconds(30))
                        .build()) {
            SqsEventSourcePoller poller = new SqsEventSourcePoller(
                    sqs,
                    new SqsEventSourcePoller.Settings(
                            queueUrl,
                            mapping.batchSize(),
                            Duration.ofSeconds(mapping.maximumBatchingWindowSeconds()),
                            1,
                            AwsEmulator.REGION.id()),
                    writer);
            long expected = (long) players * UPDATES;

            // Warm-up: a few messages through both paths.
            ingestRounds(env, "warm", 5, 2);
            drainPipeline(poller);
            ingestRounds(env, "warm2", 5, 2);
            drainBare(sqs, queueUrl);

            ingestRounds(env, "wr", players, UPDATES);
            Drain rounds = drainPipeline(poller);
            ingestBursts(env, "wb", players, UPDATES);
            Drain bursts = drainPipeline(poller);
            ingestRounds(env, "wq", players, UPDATES);
            Drain bare = drainBare(sqs, queueUrl);
            check(rounds, expected, "rounds");
            check(bursts, expected, "bursts");
            check(bare, expected, "bare loop");

            DynamoDbSnapshotTable table = new DynamoDbSnapshotTable(dynamo, tableName);
            long before = DynamoDbWriteCounter.writes();
            long start = System.nanoTime();
            for (int version = 1; version <= UPDATES; version++) {
                for (int p = 0; p < players; p++) {
                    table.putIfNewer(new StoredSnapshot(
                            PlayerId.of("wt-" + p), version, StateDocument.inline(state(p, version))));
                }
            }
            double throughSeconds = (System.nanoTime() - start) / 1e9;
            long through = DynamoDbWriteCounter.writes() - before;
            log.printf(
                    "  write-through %d writes in %.1f s; pipeline rounds %d writes, bursts %d writes; drains %.0f / %.0f msgs/s, bare %.0f msgs/s%n",
                    through,
                    throughSeconds,
                    rounds.writes(),
                    bursts.writes(),
                    rounds.rate(),
                    bursts.rate(),
                    bare.rate());
            String how = players + " players x " + UPDATES + " updates; writer batch " + mapping.batchSize()
                    + ", window " + mapping.maximumBatchingWindowSeconds()
                    + " s (resources.json); DynamoDB write requests counted at the SDK";
            report.add(Row.of(
                    "write-behind: DynamoDB writes, pipeline vs write-through (updates in rounds)",
                    rounds.writes(),
                    through,
                    Goal.ratioAtMost(0.05),
                    "writes",
                    how + "; rounds: every player's update k is queued before anyone's k+1"));
            report.add(Row.of(
                    "write-behind: DynamoDB writes, pipeline vs write-through (updates in bursts)",
                    bursts.writes(),
                    through,
                    Goal.ratioAtMost(0.05),
                    "writes",
                    how + "; bursts: each player's 20 updates queued together"));
            report.add(Row.of(
                    "write-behind: pipeline throughput vs bare SQS receive+delete loop",
                    rounds.rate(),
                    bare.rate(),
                    Goal.ratioAtLeast(0.8),
                    "msgs/s",
                    "draining a backlog of " + expected + " messages each (same queue, same emulator): "
                            + "poller + snapshotWriter bean + DynamoDB vs ReceiveMessage(10, wait 1 s) + DeleteMessageBatch; "
                            + String.format("pipeline %.1f s, bare %.1f s", rounds.seconds(), bare.seconds())));
        }
    }

    private static void check(Drain drain, long expected, String what) {
        if (drain.messages() != expected) {
            throw new IllegalStateException(what + " drained " + drain.messages() + " messages, expected " + expected);
        }
    }

    static ObjectNode state(int player, int version) {
        ObjectNode state = SnapshotJson.NODES.objectNode();
        state.put("x", player * 31 + version * 7)
                .put("y", version * 3)
                .put("hp", 100 - version)
                .put("zone", "z" + (player % 9));
        state.putObject("quests").put("q1", version).put("q2", "active");
        return state;
    }

    private static void ingestRounds(BenchEnv env, String prefix, int players, int updates) {
        List<String> pending = new ArrayList<>();
        for (int version = 1; version <= updates; version++) {
            for (int p = 0; p < players; p++) {
                pending.add(snapshot(prefix + "-" + p, p, version));
                if (pending.size() == PER_REQUEST) {
                    send(env, pending);
                }
            }
        }
        send(env, pending);
    }

    private static void ingestBursts(BenchEnv env, String prefix, int players, int updates) {
        List<String> pending = new ArrayList<>();
        for (int p = 0; p < players; p++) {
            for (int version = 1; version <= updates; version++) {
                pending.add(snapshot(prefix + "-" + p, p, version));
                if (pending.size() == PER_REQUEST) {
                    send(env, pending);
                }
            }
        }
        send(env, pending);
    }

    private static String snapshot(String player, int p, int version) {
        return "{\"playerId\":\"" + player + "\",\"version\":" + version + ",\"state\":"
                + SnapshotJson.text(state(p, version)) + "}";
    }

    private static void send(BenchEnv env, List<String> snapshots) {
        if (snapshots.isEmpty()) {
            return;
        }
        env.require("snapshotIngest", "{\"snapshots\":[" + String.join(",", snapshots) + "]}", 202);
        snapshots.clear();
    }

    /** Polls until a poll comes back empty; the time runs to the end of the last non-empty poll. */
    private static Drain drainPipeline(SqsEventSourcePoller poller) {
        long writesBefore = DynamoDbWriteCounter.writes();
        long start = System.nanoTime();
        long end = start;
        long messages = 0;
        while (true) {
            SqsEventSourcePoller.PollResult result = poller.pollOnce();
            if (result.received() == 0) {
                break;
            }
            if (result.invocationFailed() || result.reportedFailed() > 0) {
                throw new IllegalStateException("the writer failed messages: " + result);
            }
            messages += result.deleted();
            end = System.nanoTime();
        }
        return new Drain(messages, (end - start) / 1e9, DynamoDbWriteCounter.writes() - writesBefore);
    }

    private static Drain drainBare(SqsClient sqs, String queueUrl) {
        long start = System.nanoTime();
        long end = start;
        long messages = 0;
        while (true) {
            List<Message> batch = sqs.receiveMessage(
                            r -> r.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1))
                    .messages();
            if (batch.isEmpty()) {
                break;
            }
            List<DeleteMessageBatchRequestEntry> entries = new ArrayList<>();
            for (int i = 0; i < batch.size(); i++) {
                entries.add(DeleteMessageBatchRequestEntry.builder()
                        .id(Integer.toString(i))
                        .receiptHandle(batch.get(i).receiptHandle())
                        .build());
            }
            var deleted = sqs.deleteMessageBatch(r -> r.queueUrl(queueUrl).entries(entries));
            if (!deleted.failed().isEmpty()) {
                throw new IllegalStateException("bare delete failed: " + deleted.failed());
            }
            messages += batch.size();
            end = System.nanoTime();
        }
        return new Drain(messages, (end - start) / 1e9, 0);
    }

    private WriteBehindBench() {}
}
