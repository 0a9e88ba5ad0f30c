package com.bluemarble.functions.adapter.sqs;

import com.bluemarble.functions.core.error.DomainException;
import com.bluemarble.functions.core.error.ErrorCode;
import com.bluemarble.functions.core.snapshot.QueueText;
import com.bluemarble.functions.core.snapshot.SnapshotQueue;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/**
 * Sends snapshot messages with {@code SendMessageBatch}: at most 10 entries and 256 KiB per call.
 * Entries SQS reports as failed (and whole calls that fail) are retried alone, a bounded number of
 * times with jittered backoff; {@link #sendAll} returns only when SQS has acknowledged every entry.
 */
public final class SqsSnapshotQueue implements SnapshotQueue {

    private static final Logger log = LoggerFactory.getLogger(SqsSnapshotQueue.class);
    static final int MAX_ENTRIES_PER_CALL = 10;
    /** SQS's classic limit for one message and for the sum of a batch's messages. */
    static final int MAX_BYTES_PER_CALL = 256 * 1024;

    private final SqsClient sqs;
    private final String queueUrl;
    private final int maxAttempts;
    private final Duration firstBackoff;

    /**
     * @param maxAttempts tries per entry (the first send included) before the request is a 503
     * @param firstBackoff pause before the first retry; doubled per retry, with jitter
     */
    public SqsSnapshotQueue(SqsClient sqs, String queueUrl, int maxAttempts, Duration firstBackoff) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.maxAttempts = maxAttempts;
        this.firstBackoff = firstBackoff;
    }

    public SqsSnapshotQueue(SqsClient sqs, String queueUrl) {
        this(sqs, queueUrl, 4, Duration.ofMillis(50));
    }

    @Override
    public void sendAll(List<String> messageBodies) {
        for (List<SendMessageBatchRequestEntry> call : calls(messageBodies)) {
            send(call);
        }
    }

    /** Groups the bodies into calls of at most 10 entries and 256 KiB, in order. */
    static List<List<SendMessageBatchRequestEntry>> calls(List<String> bodies) {
        List<List<SendMessageBatchRequestEntry>> calls = new ArrayList<>();
        List<SendMessageBatchRequestEntry> current = new ArrayList<>();
        int currentBytes = 0;
        for (int i = 0; i < bodies.size(); i++) {
            String body = bodies.get(i);
            int bytes = body.getBytes(StandardCharsets.UTF_8).length;
            if (bytes > MAX_BYTES_PER_CALL) {
                // The claim-check threshold keeps messages far below this; reaching it is a configuration bug.
                throw new DomainException(
                        ErrorCode.MESSAGE_TOO_LARGE,
                        "a snapshot message of " + bytes + " bytes exceeds SQS's " + MAX_BYTES_PER_CALL
                                + "; lower the claim-check threshold");
            }
            int uncarriable = QueueText.firstUncarriable(body);
            if (uncarriable >= 0) {
                // Ingest refuses such text (400); sending it would leave a message no receive can return.
                throw new DomainException(
                        ErrorCode.SQS_REJECTED_MESSAGE,
                        "a snapshot message holds character U+"
                                + Integer.toHexString(body.charAt(uncarriable)).toUpperCase(java.util.Locale.ROOT)
                                + " at " + uncarriable + ", which SQS cannot carry; nothing was sent");
            }
            if (current.size() == MAX_ENTRIES_PER_CALL || currentBytes + bytes > MAX_BYTES_PER_CALL) {
                calls.add(current);
                current = new ArrayList<>();
                currentBytes = 0;
            }
            current.add(SendMessageBatchRequestEntry.builder()
                    .id(Integer.toString(i))
                    .messageBody(body)
                    .build());
            currentBytes += bytes;
        }
        if (!current.isEmpty()) {
            calls.add(current);
        }
        return calls;
    }

    private void send(List<SendMessageBatchRequestEntry> entries) {
        Map<String, SendMessageBatchRequestEntry> unacknowledged = new LinkedHashMap<>();
        entries.forEach(e -> unacknowledged.put(e.id(), e));
        String lastProblem = null;
        SdkException lastError = null;
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            if (attempt > 1) {
                pause(attempt);
            }
            try {
                SendMessageBatchResponse response =
                        sqs.sendMessageBatch(r -> r.queueUrl(queueUrl).entries(List.copyOf(unacknowledged.values())));
                response.successful().forEach(ok -> unacknowledged.remove(ok.id()));
                if (unacknowledged.isEmpty()) {
                    return;
                }
                for (BatchResultErrorEntry failed : response.failed()) {
                    if (Boolean.TRUE.equals(failed.senderFault())) {
                        // Our own request is wrong (size, characters): retrying cannot help.
                        throw new DomainException(
                                ErrorCode.SQS_REJECTED_MESSAGE,
                                "SQS refused a snapshot message: " + failed.code() + " " + failed.message());
                    }
                    lastProblem = failed.code() + ": " + failed.message();
                }
                log.debug(
                        "SendMessageBatch attempt {}: {} of {} entries not acknowledged ({})",
                        attempt,
                        unacknowledged.size(),
                        entries.size(),
                        lastProblem);
            } catch (SdkException e) {
                lastError = e;
                lastProblem = e.getMessage();
                log.debug("SendMessageBatch attempt {} failed: {}", attempt, e.toString());
            }
        }
        DomainException unavailable = DomainException.unavailable("SQS (snapshot queue)", lastError);
        log.warn(
                "{} snapshot messages not acknowledged by SQS after {} attempts: {}",
                unacknowledged.size(),
                maxAttempts,
                lastProblem);
        throw unavailable;
    }

    private void pause(int attempt) {
        long base = firstBackoff.toMillis() << Math.min(attempt - 2, 6);
        long millis = base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1);
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw DomainException.unavailable("SQS (snapshot queue)", null);
        }
    }
}
