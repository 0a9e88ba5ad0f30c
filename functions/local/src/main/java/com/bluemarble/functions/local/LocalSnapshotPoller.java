package com.bluemarble.functions.local;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.bluemarble.functions.aws.AwsClientConfigurer;
import com.bluemarble.functions.emulators.AwsResourceDefinitions;
import java.time.Duration;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationContext;
import org.springframework.context.event.EventListener;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The local stand-in for the Lambda event source mapping of {@code snapshotWriter}: once the
 * application is up it polls the snapshot queue with the batch size, batching window and long-poll
 * wait of {@code localstack/resources.json} and feeds the writer bean real {@code SQSEvent}s.
 */
class LocalSnapshotPoller implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(LocalSnapshotPoller.class);

    private final ApplicationContext context;
    private final String queueUrl;
    private final AwsClientConfigurer aws;
    private SqsClient sqs;
    private SqsEventSourcePoller poller;

    LocalSnapshotPoller(
            ApplicationContext context,
            @Value("${bluemarble.snapshots.queue-url}") String queueUrl,
            AwsClientConfigurer aws) {
        this.context = context;
        this.queueUrl = queueUrl;
        this.aws = aws;
    }

    static final int LOCAL_MAX_WAIT_SECONDS = 1;

    @EventListener(ApplicationReadyEvent.class)
    @SuppressWarnings("unchecked")
    public void start() {
        AwsResourceDefinitions definitions = AwsResourceDefinitions.load();
        AwsResourceDefinitions.SnapshotWriter mapping = definitions.snapshotWriter();
        Integer wait = definitions.queue(mapping.queue()).receiveWaitTimeSeconds();
        Function<SQSEvent, SQSBatchResponse> writer = context.getBean("snapshotWriter", Function.class);
        // Shorter long polls than the queue's: a stopped stack leaves its last long poll pending inside moto, which
        // hands a message arriving meanwhile to that dead request, invisible for the visibility timeout (180 s),
        // so the next stack on the same emulator (tests; ./dev up restarted) would not see it for minutes.
        // One second bounds that window; an idle local poller costs one receive a second.
        int waitSeconds = Math.min(wait == null ? 20 : wait, LOCAL_MAX_WAIT_SECONDS);
        // Its own client: one attempt of a long poll waits up to waitSeconds by design.
        Duration longPoll = Duration.ofSeconds(waitSeconds + 10);
        sqs = aws.configure(SqsClient.builder(), longPoll, longPoll).build();
        poller = new SqsEventSourcePoller(
                        sqs,
                        new SqsEventSourcePoller.Settings(
                                queueUrl,
                                mapping.batchSize(),
                                Duration.ofSeconds(mapping.maximumBatchingWindowSeconds()),
                                waitSeconds,
                                aws.settings().region()),
                        writer)
                .start();
        log.info(
                "Polling {} for snapshotWriter (batch size {}, window {} s)",
                queueUrl,
                mapping.batchSize(),
                mapping.maximumBatchingWindowSeconds());
    }

    @Override
    public void destroy() {
        if (poller != null) {
            poller.close();
            sqs.close();
        }
    }
}
