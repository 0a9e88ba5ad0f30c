package com.bluemarble.functions.local.snapshot;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.bluemarble.functions.adapter.dynamodb.DynamoDbSnapshotTable;
import com.bluemarble.functions.adapter.s3.snapshot.S3StateBlobStore;
import com.bluemarble.functions.adapter.sqs.SnapshotBatchHandler;
import com.bluemarble.functions.adapter.sqs.SqsSnapshotQueue;
import com.bluemarble.functions.core.snapshot.SnapshotLimits;
import com.bluemarble.functions.core.snapshot.SnapshotService;
import com.bluemarble.functions.core.snapshot.SnapshotWriter;
import com.bluemarble.functions.emulators.AwsEmulator;
import com.bluemarble.functions.emulators.AwsResourceDefinitions;
import com.bluemarble.functions.emulators.AwsResources;
import com.bluemarble.functions.emulators.Emulators;
import com.bluemarble.functions.local.SqsEventSourcePoller;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The whole snapshot path on the shared AWS emulator, in a fresh namespace: real SQS queue (with
 * its DLQ and redrive policy from resources.json), DynamoDB table and S3 bucket, the core service
 * and writer wired to the real adapters, and the counting table decorator.
 */
final class SnapshotTestStack implements AutoCloseable {

    static final AwsResourceDefinitions.SnapshotWriter WRITER_SETTINGS =
            AwsResourceDefinitions.load().snapshotWriter();

    final AwsEmulator aws = Emulators.aws();
    final AwsResources resources;
    final SqsClient sqs;
    final DynamoDbClient dynamo;
    final S3Client s3;
    final String queueUrl;
    final String dlqUrl;
    final CountingSnapshotTable table;
    final S3StateBlobStore blobs;
    final SnapshotService service;
    final SnapshotWriter writer;
    final SnapshotBatchHandler handler;

    SnapshotTestStack(String prefix, SnapshotLimits limits) {
        resources = aws.provision(prefix + "-" + UUID.randomUUID().toString().substring(0, 8));
        sqs = AwsEmulator.clientsAt(aws.endpoint())
                .configure(SqsClient.builder(), Duration.ofSeconds(30), Duration.ofSeconds(30))
                .build();
        dynamo = AwsEmulator.clientsAt(aws.endpoint())
                .configure(DynamoDbClient.builder(), Duration.ofSeconds(10))
                .build();
        s3 = AwsEmulator.clientsAt(aws.endpoint())
                .configure(S3Client.builder(), Duration.ofSeconds(10))
                .build();
        queueUrl = resources.queueUrl(WRITER_SETTINGS.queue());
        dlqUrl = resources.queueUrl("player-snapshots-dlq");
        table = new CountingSnapshotTable(new DynamoDbSnapshotTable(dynamo, resources.table("player-snapshots")));
        blobs = new S3StateBlobStore(s3, resources.bucket("bluemarble-snapshot-states"));
        service = new SnapshotService(new SqsSnapshotQueue(sqs, queueUrl), table, blobs, limits);
        writer = new SnapshotWriter(table, blobs, limits);
        handler = new SnapshotBatchHandler(writer);
    }

    /** Tests shorten the 180 s of resources.json so that redelivery happens within the test. */
    void visibilityTimeout(int seconds) {
        sqs.setQueueAttributes(r -> r.queueUrl(queueUrl)
                .attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, Integer.toString(seconds))));
    }

    /** A poller with resources.json's batching window and a 1 s long poll (so an idle test does not wait 20 s). */
    SqsEventSourcePoller poller(int batchSize, Function<SQSEvent, SQSBatchResponse> function) {
        return poller(batchSize, Duration.ofSeconds(WRITER_SETTINGS.maximumBatchingWindowSeconds()), function);
    }

    SqsEventSourcePoller poller(int batchSize, Duration batchingWindow, Function<SQSEvent, SQSBatchResponse> function) {
        return new SqsEventSourcePoller(
                sqs,
                new SqsEventSourcePoller.Settings(queueUrl, batchSize, batchingWindow, 1, AwsEmulator.REGION.id()),
                function);
    }

    /** Visible + in flight + delayed messages of a queue. */
    int messagesIn(String url) {
        Map<QueueAttributeName, String> attributes = sqs.getQueueAttributes(r -> r.queueUrl(url)
                        .attributeNames(
                                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
                                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED))
                .attributes();
        return attributes.values().stream().mapToInt(Integer::parseInt).sum();
    }

    /** Takes every message out of the dead-letter queue. */
    List<Message> drainDeadLetters() {
        List<Message> all = new ArrayList<>();
        while (true) {
            List<Message> messages = sqs.receiveMessage(r -> r.queueUrl(dlqUrl)
                            .maxNumberOfMessages(10)
                            .waitTimeSeconds(0)
                            .messageSystemAttributeNames(MessageSystemAttributeName.ALL))
                    .messages();
            if (messages.isEmpty()) {
                return all;
            }
            all.addAll(messages);
            for (Message message : messages) {
                sqs.deleteMessage(r -> r.queueUrl(dlqUrl).receiptHandle(message.receiptHandle()));
            }
        }
    }

    @Override
    public void close() {
        sqs.close();
        dynamo.close();
        s3.close();
    }
}
