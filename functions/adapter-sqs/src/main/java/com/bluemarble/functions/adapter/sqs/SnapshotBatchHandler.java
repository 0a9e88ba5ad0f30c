package com.bluemarble.functions.adapter.sqs;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.bluemarble.functions.core.snapshot.SnapshotWriter;
import com.bluemarble.functions.core.telemetry.MetricNames;
import com.bluemarble.functions.core.telemetry.Metrics;
import com.bluemarble.functions.core.telemetry.Telemetry;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code snapshotWriter} function: an SQS event in, the messages that really failed out
 * ({@code batchItemFailures}, for the event source mapping's ReportBatchItemFailures), so SQS
 * redelivers those alone. Superseded (stale) messages are successes.
 */
public final class SnapshotBatchHandler implements Function<SQSEvent, SQSBatchResponse> {

    private static final Logger log = LoggerFactory.getLogger(SnapshotBatchHandler.class);

    private final SnapshotWriter writer;

    public SnapshotBatchHandler(SnapshotWriter writer) {
        this.writer = writer;
    }

    @Override
    public SQSBatchResponse apply(SQSEvent event) {
        List<SnapshotWriter.QueuedMessage> batch = new ArrayList<>();
        if (event != null && event.getRecords() != null) {
            for (SQSEvent.SQSMessage record : event.getRecords()) {
                batch.add(new SnapshotWriter.QueuedMessage(record.getMessageId(), record.getBody()));
            }
        }
        SnapshotWriter.BatchReport report = writer.write(batch);
        count(batch.size(), report);
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        for (String id : report.failedMessageIds()) {
            failures.add(SQSBatchResponse.BatchItemFailure.builder()
                    .withItemIdentifier(id)
                    .build());
            log.info(
                    "snapshot message {} failed ({}): {}",
                    id,
                    report.outcomes().get(id),
                    report.reasons().get(id));
        }
        log.debug(
                "snapshot batch of {}: {} table writes, {} failed",
                batch.size(),
                report.tableWrites(),
                failures.size());
        return SQSBatchResponse.builder().withBatchItemFailures(failures).build();
    }

    /** The writer's figures (docs/operations.md); DLQ-bound = failures that no redelivery can fix. */
    private static void count(int messages, SnapshotWriter.BatchReport report) {
        Metrics metrics = Telemetry.metrics();
        metrics.count(MetricNames.SNAPSHOT_MESSAGES_IN, messages);
        metrics.count(MetricNames.SNAPSHOT_PLAYERS_WRITTEN, report.tableWrites());
        metrics.count(MetricNames.SNAPSHOT_SUPERSEDED, report.count(SnapshotWriter.Outcome.SUPERSEDED));
        metrics.count(MetricNames.SNAPSHOT_FAILED, report.failedMessageIds().size());
        metrics.count(
                MetricNames.SNAPSHOT_DLQ_BOUND,
                report.count(SnapshotWriter.Outcome.MALFORMED) + report.count(SnapshotWriter.Outcome.BASE_SUPERSEDED));
    }
}
