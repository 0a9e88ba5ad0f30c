package com.bluemarble.functions.app.snapshot;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.bluemarble.functions.adapter.sqs.SnapshotBatchHandler;
import com.bluemarble.functions.app.JsonFunctions;
import com.bluemarble.functions.app.Reply;
import com.bluemarble.functions.app.telemetry.AppTelemetry;
import com.bluemarble.functions.app.telemetry.Invocation;
import com.bluemarble.functions.app.telemetry.RequestKeys;
import com.bluemarble.functions.core.player.PlayerId;
import com.bluemarble.functions.core.snapshot.LoadedSnapshot;
import com.bluemarble.functions.core.snapshot.SnapshotIngestRequest;
import com.bluemarble.functions.core.snapshot.SnapshotService;
import com.bluemarble.functions.core.snapshot.SnapshotWriter;
import java.util.function.Function;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;
import tools.jackson.databind.JsonNode;

/**
 * {@code snapshotIngest}, {@code snapshotLoad} (JSON in, JSON out) and {@code snapshotWriter}
 * (the SQS-triggered batch writer: {@code SQSEvent} in, {@code SQSBatchResponse} out).
 */
@Configuration(proxyBeanMethods = false)
public class SnapshotFunctions {

    record IngestAnswer(boolean accepted, int snapshots) {}

    record LoadRequest(String playerId) {}

    record LoadAnswer(String playerId, long version, JsonNode state) {}

    @Bean
    Function<Message<byte[]>, Message<byte[]>> snapshotIngest(
            SnapshotService snapshots, SnapshotProperties properties) {
        return JsonFunctions.endpoint(
                "snapshotIngest",
                SnapshotIngestRequest.class,
                properties.maxRequestBytes(),
                request -> Reply.accepted(new IngestAnswer(true, snapshots.ingest(request))));
    }

    @Bean
    Function<Message<byte[]>, Message<byte[]>> snapshotLoad(SnapshotService snapshots) {
        return JsonFunctions.endpoint("snapshotLoad", LoadRequest.class, 4 * 1024, request -> {
            LoadedSnapshot loaded = snapshots.load(PlayerId.of(request.playerId()));
            return Reply.ok(new LoadAnswer(loaded.playerId().value(), loaded.version(), loaded.state()));
        });
    }

    @Bean
    Function<SQSEvent, SQSBatchResponse> snapshotWriter(SnapshotWriter writer) {
        AppTelemetry.install();
        SnapshotBatchHandler handler = new SnapshotBatchHandler(writer);
        // The same log context, metrics and summary line as the JSON functions (docs/operations.md).
        return event -> {
            try (Invocation invocation = Invocation.start("snapshotWriter", null, RequestKeys.NONE)) {
                try {
                    return handler.apply(event);
                } catch (RuntimeException e) {
                    invocation.answered(500, "INTERNAL");
                    throw e;
                }
            }
        };
    }
}
