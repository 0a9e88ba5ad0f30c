package com.bluemarble.functions.adapter.sqs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.bluemarble.functions.core.error.DomainException;
import com.bluemarble.functions.core.error.ErrorKind;
import com.bluemarble.functions.emulators.AwsEmulator;
import com.bluemarble.functions.emulators.AwsResources;
import com.bluemarble.functions.emulators.Emulators;
import com.bluemarble.functions.emulators.Ports;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/** SendMessageBatch on the real SQS API, with entry failures injected into the client's calls. */
class SqsSnapshotQueueTest {

    private static AwsEmulator aws;
    private static AwsResources resources;
    private static SqsClient sqs;

    @BeforeAll
    static void provision() {
        aws = Emulators.aws();
        resources = aws.provision("sqsq-" + UUID.randomUUID().toString().substring(0, 8));
        sqs = AwsEmulator.clientsAt(aws.endpoint())
                .configure(SqsClient.builder(), Duration.ofSeconds(10))
                .build();
    }

    @AfterAll
    static void close() {
        sqs.close();
    }

    /**
     * Makes SQS "fail" chosen entries: they are taken out of the request before it is sent and
     * reported back as failed with a server fault, as SQS does for an internal error. Records
     * the entry ids of every call.
     */
    static final class EntryFailures implements ExecutionInterceptor {
        final List<List<String>> calls = new ArrayList<>();
        final Set<String> failNextTime = new HashSet<>();
        boolean failForever;
        private final Set<String> failedNow = new HashSet<>();

        @Override
        public synchronized SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
            if (!(context.request() instanceof SendMessageBatchRequest request)) {
                return context.request();
            }
            calls.add(request.entries().stream()
                    .map(SendMessageBatchRequestEntry::id)
                    .toList());
            failedNow.clear();
            List<SendMessageBatchRequestEntry> kept = new ArrayList<>();
            for (SendMessageBatchRequestEntry entry : request.entries()) {
                if (failNextTime.contains(entry.id())) {
                    failedNow.add(entry.id());
                } else {
                    kept.add(entry);
                }
            }
            if (!failForever) {
                failNextTime.clear();
            }
            if (kept.isEmpty()) {
                // SQS refuses an empty batch; send a harmless probe to another queue instead.
                return request.toBuilder()
                        .queueUrl(resources.queueUrl("player-snapshots-dlq"))
                        .entries(SendMessageBatchRequestEntry.builder()
                                .id("probe")
                                .messageBody("probe")
                                .build())
                        .build();
            }
            return request.toBuilder().entries(kept).build();
        }

        @Override
        public synchronized SdkResponse modifyResponse(Context.ModifyResponse context, ExecutionAttributes attributes) {
            if (!(context.response() instanceof SendMessageBatchResponse response) || failedNow.isEmpty()) {
                return context.response();
            }
            List<BatchResultErrorEntry> failed = new ArrayList<>(response.failed());
            failedNow.forEach(id -> failed.add(BatchResultErrorEntry.builder()
                    .id(id)
                    .senderFault(false)
                    .code("InternalError")
                    .message("injected by the test")
                    .build()));
            return response.toBuilder()
                    .failed(failed)
                    .successful(response.successful().stream()
                            .filter(s -> !s.id().equals("probe"))
                            .toList())
                    .build();
        }
    }

    private static String freshQueue() {
        return sqs.createQueue(
                        r -> r.queueName("q-" + UUID.randomUUID().toString().substring(0, 8)))
                .queueUrl();
    }

    private static List<String> bodiesIn(String queueUrl) {
        List<String> bodies = new ArrayList<>();
        while (true) {
            List<Message> messages = sqs.receiveMessage(
                            r -> r.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(0))
                    .messages();
            if (messages.isEmpty()) {
                return bodies;
            }
            messages.forEach(m -> bodies.add(m.body()));
        }
    }

    @Test
    void groupsAtMostTenEntriesAnd256KiBPerCall() {
        List<String> small =
                IntStream.range(0, 25).mapToObj(i -> "{\"n\":" + i + "}").toList();
        assertThat(SqsSnapshotQueue.calls(small)).extracting(List::size).containsExactly(10, 10, 5);

        String big = "x".repeat(100 * 1024);
        assertThat(SqsSnapshotQueue.calls(List.of(big, big, big, "{}")))
                .extracting(List::size)
                .containsExactly(2, 2);
    }

    @Test
    void retriesOnlyTheEntriesThatFailedAndEveryBodyArrivesOnce() {
        EntryFailures failures = new EntryFailures();
        failures.failNextTime.addAll(Set.of("2", "5", "7"));
        String queueUrl = freshQueue();
        try (SqsClient faulty = SqsClient.builder()
                .endpointOverride(aws.endpoint())
                .region(AwsEmulator.REGION)
                .credentialsProvider(AwsEmulator.CREDENTIALS)
                .overrideConfiguration(c -> c.addExecutionInterceptor(failures))
                .build()) {
            List<String> bodies =
                    IntStream.range(0, 12).mapToObj(i -> "{\"n\":" + i + "}").toList();

            new SqsSnapshotQueue(faulty, queueUrl, 3, Duration.ofMillis(10)).sendAll(bodies);

            assertThat(failures.calls)
                    .containsExactly(
                            List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"),
                            List.of("2", "5", "7"),
                            List.of("10", "11"));
            assertThat(bodiesIn(queueUrl)).containsExactlyInAnyOrderElementsOf(bodies);
        }
    }

    @Test
    void anEntryThatKeepsFailingIsA503AfterTheBoundedAttempts() {
        EntryFailures failures = new EntryFailures();
        failures.failNextTime.add("1");
        failures.failForever = true;
        try (SqsClient faulty = SqsClient.builder()
                .endpointOverride(aws.endpoint())
                .region(AwsEmulator.REGION)
                .credentialsProvider(AwsEmulator.CREDENTIALS)
                .overrideConfiguration(c -> c.addExecutionInterceptor(failures))
                .build()) {
            SqsSnapshotQueue queue = new SqsSnapshotQueue(faulty, freshQueue(), 3, Duration.ofMillis(10));

            assertThatThrownBy(() -> queue.sendAll(List.of("{\"a\":1}", "{\"b\":2}")))
                    .isInstanceOfSatisfying(
                            DomainException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.UNAVAILABLE));
            assertThat(failures.calls).containsExactly(List.of("0", "1"), List.of("1"), List.of("1"));
        }
    }

    @Test
    void anUnreachableQueueIsA503WithinABoundedTime() {
        URI nothingListens = URI.create("http://127.0.0.1:" + Ports.freePort());
        try (SqsClient dead = AwsEmulator.clientsAt(nothingListens)
                .configure(SqsClient.builder(), Duration.ofSeconds(2))
                .build()) {
            SqsSnapshotQueue queue = new SqsSnapshotQueue(
                    dead, nothingListens + "/000000000000/player-snapshots", 3, Duration.ofMillis(50));
            long start = System.nanoTime();
            assertThatThrownBy(() -> queue.sendAll(List.of("{}"))).isInstanceOfSatisfying(DomainException.class, e -> {
                assertThat(e.kind()).isEqualTo(ErrorKind.UNAVAILABLE);
                assertThat(e.code()).isEqualTo("STORE_UNAVAILABLE");
            });
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        }
    }
}
