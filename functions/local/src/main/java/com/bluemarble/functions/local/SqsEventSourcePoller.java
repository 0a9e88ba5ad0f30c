package com.bluemarble.functions.local;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Does locally what the Lambda event source mapping does for an SQS-triggered function in AWS:
 * long-polls the queue, gathers up to {@code batchSize} messages within the batching window,
 * invokes the function with a real {@link SQSEvent}, deletes only the messages the
 * {@link SQSBatchResponse} does not report as failed (all of them are kept if the invocation
 * throws), and leaves the rest to the visibility timeout and the queue's redrive policy (DLQ).
 */
public final class SqsEventSourcePoller implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SqsEventSourcePoller.class);
    private static final int MAX_PER_RECEIVE = 10; // SQS's cap for one ReceiveMessage
    /** A retried receive hides one more batch of messages; the poll loop retries instead, with backoff. */
    private static final Consumer<AwsRequestOverrideConfiguration.Builder> NO_SDK_RETRIES = o ->
            o.addPlugin(config -> config.overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry())));

    /**
     * @param batchSize most messages per invocation (Lambda's BatchSize)
     * @param batchingWindow how long to keep gathering once a message arrived (MaximumBatchingWindowInSeconds)
     * @param waitTimeSeconds long-poll wait of a receive while the queue is empty (at most 20)
     * @param region reported in each record's {@code awsRegion}
     */
    public record Settings(
            String queueUrl, int batchSize, Duration batchingWindow, int waitTimeSeconds, String region) {
        public Settings {
            if (batchSize < 1 || waitTimeSeconds < 0 || waitTimeSeconds > 20) {
                throw new IllegalArgumentException("batchSize >= 1 and 0 <= waitTimeSeconds <= 20");
            }
        }
    }

    /** What one poll did. {@code invocationFailed}: the function threw, so nothing was deleted. */
    public record PollResult(int received, int deleted, int reportedFailed, boolean invocationFailed) {
        public static final PollResult EMPTY = new PollResult(0, 0, 0, false);
    }

    private final SqsClient sqs;
    private final Settings settings;
    private final Function<SQSEvent, SQSBatchResponse> function;
    private final String queueArn;
    private volatile boolean running;
    /** Set by close(): a receive that fails after it is the shutdown, not a poison message. */
    private volatile boolean closed;

    private Thread thread;
    /** Until then (System.nanoTime), receive one message per call; see the class comment. */
    private long isolateUntilNanos = System.nanoTime();

    private boolean isolating;

    public SqsEventSourcePoller(SqsClient sqs, Settings settings, Function<SQSEvent, SQSBatchResponse> function) {
        this.sqs = sqs;
        this.settings = settings;
        this.function = function;
        this.queueArn = sqs.getQueueAttributes(
                        r -> r.queueUrl(settings.queueUrl()).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes()
                .get(QueueAttributeName.QUEUE_ARN);
    }

    /** Polls in a background thread until {@link #close()}. */
    public synchronized SqsEventSourcePoller start() {
        if (thread != null) {
            throw new IllegalStateException("already started");
        }
        running = true;
        thread = new Thread(this::loop, "sqs-poller-" + queueArn.substring(queueArn.lastIndexOf(':') + 1));
        thread.setDaemon(true);
        thread.start();
        return this;
    }

    private void loop() {
        long backoffMillis = 100;
        while (running) {
            try {
                pollOnce();
                backoffMillis = 100;
            } catch (RuntimeException e) {
                if (!running) {
                    return; // closed while a call was in flight (the client may be shut down already)
                }
                // SQS unreachable: keep trying, like the event source mapping does.
                log.warn("polling {} failed: {}", settings.queueUrl(), e.toString());
                sleep(backoffMillis);
                backoffMillis = Math.min(backoffMillis * 2, 5_000);
            }
        }
    }

    /** One batch: receive, invoke, delete what succeeded. Returns {@link PollResult#EMPTY} if nothing arrived. */
    public PollResult pollOnce() {
        List<Message> batch = receiveBatch();
        if (batch.isEmpty()) {
            return PollResult.EMPTY;
        }
        SQSEvent event = toEvent(batch);
        Set<String> failed;
        try {
            failed = failedIds(function.apply(event), batch);
        } catch (VirtualMachineError e) {
            throw e;
        } catch (RuntimeException | Error e) {
            // As in Lambda: a function that throws (or dies) fails the whole batch; nothing is deleted.
            log.warn(
                    "the function failed on a batch of {} messages; all return after the visibility timeout: {}",
                    batch.size(),
                    e.toString());
            return new PollResult(batch.size(), 0, batch.size(), true);
        }
        List<Message> succeeded =
                batch.stream().filter(m -> !failed.contains(m.messageId())).toList();
        int deleted = delete(succeeded);
        return new PollResult(batch.size(), deleted, failed.size(), false);
    }

    private List<Message> receiveBatch() {
        List<Message> batch = new ArrayList<>();
        Map<String, Integer> positions = new HashMap<>();
        long deadline = 0;
        while (batch.size() < settings.batchSize()) {
            int wait;
            if (batch.isEmpty()) {
                wait = settings.waitTimeSeconds();
            } else {
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    break;
                }
                wait = (int) Duration.ofNanos(remaining).toSeconds();
            }
            int max = isolating() ? 1 : Math.min(MAX_PER_RECEIVE, settings.batchSize() - batch.size());
            List<Message> received;
            try {
                received = sqs.receiveMessage(r -> r.queueUrl(settings.queueUrl())
                                .maxNumberOfMessages(max)
                                .waitTimeSeconds(wait)
                                .messageSystemAttributeNames(MessageSystemAttributeName.ALL)
                                .messageAttributeNames("All")
                                .overrideConfiguration(NO_SDK_RETRIES))
                        .messages();
            } catch (RuntimeException e) {
                if (closed) {
                    throw e; // closed during the long poll: not a message's fault
                }
                startIsolating(e);
                if (batch.isEmpty()) {
                    throw e;
                }
                break; // what was gathered before is still ours: invoke with it
            }
            if (batch.isEmpty()) {
                if (received.isEmpty()) {
                    return batch; // an empty long poll
                }
                deadline = System.nanoTime() + settings.batchingWindow().toNanos();
            }
            for (Message message : received) {
                Integer position = positions.putIfAbsent(message.messageId(), batch.size());
                if (position == null) {
                    batch.add(message);
                } else {
                    // Received again within the window (its visibility timeout is shorter than the window):
                    // only the newest receipt handle can delete it.
                    batch.set(position, message);
                }
            }
            if (received.isEmpty()) {
                sleep(Math.min(
                        50,
                        Math.max(
                                1,
                                Duration.ofNanos(deadline - System.nanoTime()).toMillis())));
            }
        }
        return batch;
    }

    private boolean isolating() {
        if (isolating && System.nanoTime() - isolateUntilNanos >= 0) {
            isolating = false;
            log.info("receiving batches from {} again", settings.queueUrl());
        }
        return isolating;
    }

    private void startIsolating(RuntimeException cause) {
        long visibilitySeconds = 30;
        try {
            visibilitySeconds = Long.parseLong(sqs.getQueueAttributes(
                            r -> r.queueUrl(settings.queueUrl()).attributeNames(QueueAttributeName.VISIBILITY_TIMEOUT))
                    .attributes()
                    .get(QueueAttributeName.VISIBILITY_TIMEOUT));
        } catch (RuntimeException ignored) {
            // the queue is unreachable too: the default bound serves
        }
        long until = System.nanoTime()
                + Duration.ofSeconds(2 * visibilitySeconds)
                        .plus(settings.batchingWindow())
                        .toNanos();
        if (!isolating) {
            log.warn(
                    "a receive from {} failed ({}); receiving one message at a time for {} s so that a message"
                            + " that cannot be received fails alone",
                    settings.queueUrl(),
                    cause.toString(),
                    2 * visibilitySeconds);
        }
        isolating = true;
        isolateUntilNanos = until;
    }

    private SQSEvent toEvent(List<Message> batch) {
        List<SQSEvent.SQSMessage> records = new ArrayList<>(batch.size());
        for (Message message : batch) {
            SQSEvent.SQSMessage record = new SQSEvent.SQSMessage();
            record.setMessageId(message.messageId());
            record.setReceiptHandle(message.receiptHandle());
            record.setBody(message.body());
            record.setMd5OfBody(message.md5OfBody());
            record.setMd5OfMessageAttributes(message.md5OfMessageAttributes());
            Map<String, String> attributes = new HashMap<>();
            message.attributes().forEach((name, value) -> attributes.put(name.toString(), value));
            record.setAttributes(attributes);
            Map<String, SQSEvent.MessageAttribute> messageAttributes = new HashMap<>();
            message.messageAttributes().forEach((name, value) -> messageAttributes.put(name, toEventAttribute(value)));
            record.setMessageAttributes(messageAttributes);
            record.setEventSource("aws:sqs");
            record.setEventSourceArn(queueArn);
            record.setAwsRegion(settings.region());
            records.add(record);
        }
        SQSEvent event = new SQSEvent();
        event.setRecords(records);
        return event;
    }

    private static SQSEvent.MessageAttribute toEventAttribute(MessageAttributeValue value) {
        SQSEvent.MessageAttribute attribute = new SQSEvent.MessageAttribute();
        attribute.setDataType(value.dataType());
        attribute.setStringValue(value.stringValue());
        if (value.binaryValue() != null) {
            attribute.setBinaryValue(value.binaryValue().asByteBuffer());
        }
        return attribute;
    }

    /**
     * The ids the response reports as failed. As in Lambda, a null response or an empty list means
     * all succeeded, and an item that names no message of the batch fails the whole batch.
     */
    private static Set<String> failedIds(SQSBatchResponse response, List<Message> batch) {
        Set<String> failed = new HashSet<>();
        if (response == null || response.getBatchItemFailures() == null) {
            return failed;
        }
        Set<String> inBatch = new HashSet<>();
        batch.forEach(m -> inBatch.add(m.messageId()));
        for (SQSBatchResponse.BatchItemFailure failure : response.getBatchItemFailures()) {
            String id = failure == null ? null : failure.getItemIdentifier();
            if (id == null || !inBatch.contains(id)) {
                log.warn("batchItemFailures names {}, which is not in the batch: the whole batch is failed", id);
                return inBatch;
            }
            failed.add(id);
        }
        return failed;
    }

    private int delete(List<Message> succeeded) {
        int deleted = 0;
        for (int from = 0; from < succeeded.size(); from += MAX_PER_RECEIVE) {
            List<Message> chunk = succeeded.subList(from, Math.min(from + MAX_PER_RECEIVE, succeeded.size()));
            List<DeleteMessageBatchRequestEntry> entries = new ArrayList<>();
            for (int i = 0; i < chunk.size(); i++) {
                entries.add(DeleteMessageBatchRequestEntry.builder()
                        .id(Integer.toString(i))
                        .receiptHandle(chunk.get(i).receiptHandle())
                        .build());
            }
            try {
                DeleteMessageBatchResponse response = sqs.deleteMessageBatch(
                        r -> r.queueUrl(settings.queueUrl()).entries(entries));
                deleted += response.successful().size();
                if (!response.failed().isEmpty()) {
                    // Harmless: the message comes back and the writer finds it superseded.
                    log.warn(
                            "{} processed messages could not be deleted and will be redelivered: {}",
                            response.failed().size(),
                            response.failed().get(0).message());
                }
            } catch (SdkException e) {
                log.warn(
                        "deleting {} processed messages failed; they will be redelivered: {}",
                        entries.size(),
                        e.toString());
            }
        }
        return deleted;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Stops polling. Waits briefly for the batch in flight; a long poll or batch still running after
     * that ends with the JVM, and its messages come back after the visibility timeout (at least once).
     */
    @Override
    public void close() {
        Thread polling;
        synchronized (this) {
            running = false;
            closed = true;
            polling = thread;
        }
        if (polling != null) {
            try {
                polling.join(Duration.ofSeconds(2).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
