package com.bluemarble.functions.local.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.bluemarble.functions.core.snapshot.SnapshotLimits;
import com.bluemarble.functions.local.SqsEventSourcePoller;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/** The local event source mapping on the real SQS API. */
class SqsEventSourcePollerTest {

    private static SnapshotTestStack stack;

    @BeforeAll
    static void provision() {
        stack = new SnapshotTestStack("poll", SnapshotLimits.defaults());
        stack.visibilityTimeout(2); // longer than the 1 s batching window, as in production
    }

    @AfterAll
    static void close() {
        stack.close();
    }

    private static void send(int count, String prefix) {
        for (int from = 0; from < count; from += 10) {
            List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
            for (int i = from; i < Math.min(count, from + 10); i++) {
                entries.add(SendMessageBatchRequestEntry.builder()
                        .id("e" + i)
                        .messageBody(prefix + i)
                        .messageAttributes(Map.of(
                                "origin",
                                MessageAttributeValue.builder()
                                        .dataType("String")
                                        .stringValue("test")
                                        .build()))
                        .build());
            }
            stack.sqs.sendMessageBatch(r -> r.queueUrl(stack.queueUrl).entries(entries));
        }
    }

    private static SQSBatchResponse failing(SQSEvent event, String bodyToFail) {
        List<SQSBatchResponse.BatchItemFailure> failures = event.getRecords().stream()
                .filter(r -> r.getBody().equals(bodyToFail))
                .map(r -> SQSBatchResponse.BatchItemFailure.builder()
                        .withItemIdentifier(r.getMessageId())
                        .build())
                .toList();
        return SQSBatchResponse.builder().withBatchItemFailures(failures).build();
    }

    @Test
    void gathersABatchWithinTheWindowDeletesWhatSucceededAndRedeliversTheFailedOne() throws Exception {
        send(25, "a-");
        List<SQSEvent> events = new CopyOnWriteArrayList<>();
        SqsEventSourcePoller poller = stack.poller(100, event -> {
            events.add(event);
            return failing(event, "a-7");
        });

        SqsEventSourcePoller.PollResult first = poller.pollOnce();

        assertThat(first).isEqualTo(new SqsEventSourcePoller.PollResult(25, 24, 1, false));
        SQSEvent.SQSMessage record = events.get(0).getRecords().get(0);
        assertThat(record.getEventSource()).isEqualTo("aws:sqs");
        assertThat(record.getEventSourceArn())
                .startsWith("arn:aws:sqs:")
                .endsWith(stack.queueUrl.substring(stack.queueUrl.lastIndexOf('/') + 1));
        assertThat(record.getReceiptHandle()).isNotBlank();
        assertThat(record.getMd5OfBody()).isNotBlank();
        assertThat(record.getAttributes())
                .containsEntry("ApproximateReceiveCount", "1")
                .containsKey("SentTimestamp");
        assertThat(record.getMessageAttributes().get("origin").getStringValue()).isEqualTo("test");
        assertThat(events.get(0).getRecords())
                .extracting(SQSEvent.SQSMessage::getBody)
                .containsExactlyInAnyOrderElementsOf(
                        IntStream.range(0, 25).mapToObj(i -> "a-" + i).toList());

        Thread.sleep(2_200); // the failed message's visibility timeout
        SqsEventSourcePoller.PollResult second = poller.pollOnce();

        assertThat(second).isEqualTo(new SqsEventSourcePoller.PollResult(1, 0, 1, false));
        SQSEvent.SQSMessage again = events.get(1).getRecords().get(0);
        assertThat(again.getBody()).isEqualTo("a-7");
        assertThat(again.getAttributes()).containsEntry("ApproximateReceiveCount", "2");
        Thread.sleep(2_200);
        assertThat(stack.poller(100, event -> null).pollOnce().deleted())
                .as("a null response means all succeeded")
                .isEqualTo(1);
        assertThat(stack.messagesIn(stack.queueUrl)).isZero();
    }

    @Test
    void aFunctionThatThrowsDeletesNothingAndAnUnknownFailureIdFailsTheWholeBatch() throws Exception {
        send(3, "b-");
        SqsEventSourcePoller throwing = stack.poller(10, event -> {
            throw new IllegalStateException("boom");
        });
        assertThat(throwing.pollOnce()).isEqualTo(new SqsEventSourcePoller.PollResult(3, 0, 3, true));

        Thread.sleep(2_200);
        SqsEventSourcePoller confused = stack.poller(
                10,
                event -> SQSBatchResponse.builder()
                        .withBatchItemFailures(List.of(SQSBatchResponse.BatchItemFailure.builder()
                                .withItemIdentifier("not-in-batch")
                                .build()))
                        .build());
        assertThat(confused.pollOnce()).isEqualTo(new SqsEventSourcePoller.PollResult(3, 0, 3, false));

        Thread.sleep(2_200);
        assertThat(stack.poller(
                                10,
                                event -> SQSBatchResponse.builder()
                                        .withBatchItemFailures(List.of())
                                        .build())
                        .pollOnce())
                .isEqualTo(new SqsEventSourcePoller.PollResult(3, 3, 0, false));
        assertThat(stack.messagesIn(stack.queueUrl)).isZero();
    }

    @Test
    void anEmptyQueueIsAnEmptyPoll() {
        assertThat(stack.poller(10, event -> {
                            throw new AssertionError("not invoked for nothing");
                        })
                        .pollOnce())
                .isEqualTo(SqsEventSourcePoller.PollResult.EMPTY);
    }
}
