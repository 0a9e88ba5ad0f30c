package com.bluemarble.functions.app.privacy;

import com.bluemarble.functions.app.JsonFunctions;
import com.bluemarble.functions.app.Reply;
import com.bluemarble.functions.aws.AwsClientConfigurer;
import com.bluemarble.functions.core.privacy.ErasureLog;
import com.bluemarble.functions.core.privacy.ErasureSaga;
import com.bluemarble.functions.core.privacy.ExportBucket;
import com.bluemarble.functions.core.privacy.ExportJob;
import com.bluemarble.functions.core.privacy.ExportLog;
import com.bluemarble.functions.core.privacy.LocalPrivacyDriver;
import com.bluemarble.functions.core.privacy.PlayerDataStore;
import com.bluemarble.functions.core.privacy.PrivacyDriver;
import com.bluemarble.functions.core.privacy.PrivacyRequests;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * A player's data rights (docs/data-rights.md): {@code playerErase} records the erasure and freezes every
 * store before it answers 202, then the driver runs the remaining steps ({@code playerEraseStep}, one per
 * store); {@code playerExport} starts an export whose steps ({@code playerExportStep}) write one part per
 * store and assemble the document; the status functions report progress. The driver is
 * {@code bluemarble.privacy.driver}: {@code step-functions} (AWS: one execution per id), {@code local}
 * (the local runner: an in-process pool) or {@code none} (steps are called by hand, e.g. in tests).
 */
@Configuration(proxyBeanMethods = false)
public class PrivacyFunctions {

    private static final int MAX_REQUEST_BYTES = 4 * 1024;

    /**
     * {@code playerExportStep {"exportId", "step": "fail"}}: what the export state machine's catch
     * invokes once a step's retries are spent; the export is FAILED from then on.
     */
    static final String FAIL_STEP = "fail";

    record Erase(String eraseId, String playerId, String reason) {}

    record EraseStatus(String eraseId) {}

    record EraseStep(String eraseId, String step) {}

    record Export(String exportId, String playerId) {}

    record ExportStatus(String exportId) {}

    record ExportStep(String exportId, String step) {}

    record Erasure(
            String eraseId,
            String playerId,
            String status,
            List<String> stepsDone,
            List<String> stepsPending,
            String recordedAt) {
        static Erasure of(ErasureSaga.Progress p, boolean withRecordedAt) {
            return new Erasure(
                    p.record().eraseId().toString(),
                    p.record().player().value(),
                    p.state().name(),
                    p.stepsDone(),
                    p.stepsPending(),
                    withRecordedAt ? p.record().recordedAt().toString() : null);
        }
    }

    record EraseStepDone(String eraseId, String step, String outcome) {}

    record Exported(String exportId, String playerId, String status, String url, String failure) {
        static Exported of(ExportJob.Progress p, boolean withUrl) {
            return new Exported(
                    p.record().exportId().toString(),
                    p.record().player().value(),
                    p.state().name(),
                    withUrl ? p.url().orElse(null) : null,
                    p.record().failure().orElse(null));
        }
    }

    record ExportStepDone(String exportId, String step, String outcome) {}

    @Bean
    ErasureSaga erasureSaga(ErasureLog erasureLog, List<PlayerDataStore> playerDataStores) {
        return new ErasureSaga(erasureLog, playerDataStores, Clock.systemUTC());
    }

    @Bean
    ExportJob exportJob(
            ExportLog exportLog,
            List<PlayerDataStore> playerDataStores,
            ExportBucket exportBucket,
            @Value("${bluemarble.privacy.export-url-validity:1h}") Duration urlValidity) {
        return new ExportJob(exportLog, playerDataStores, exportBucket, Clock.systemUTC(), urlValidity);
    }

    /** The driver that runs the steps after the 202 ({@code bluemarble.privacy.driver}); closed with the context. */
    @Bean
    PrivacyDriver privacyDriver(
            @Value("${bluemarble.privacy.driver:step-functions}") String driver,
            ObjectProvider<ErasureSaga> erasures,
            ObjectProvider<ExportJob> exports,
            ObjectProvider<AwsClientConfigurer> aws,
            @Value("${bluemarble.privacy.erasure-state-machine-arn:}") String erasureArn,
            @Value("${bluemarble.privacy.export-state-machine-arn:}") String exportArn,
            @Value("${bluemarble.privacy.local.threads:2}") int threads,
            @Value("${bluemarble.privacy.local.first-backoff:200ms}") Duration firstBackoff,
            @Value("${bluemarble.privacy.local.max-backoff:10s}") Duration maxBackoff,
            @Value("${bluemarble.privacy.local.attempts:6}") int attempts) {
        return switch (driver) {
            case "step-functions" ->
                new StepFunctionsPrivacyDriver(
                        aws.getObject().configure(SfnClient.builder()).build(), erasureArn, exportArn);
            case "local" ->
                new LocalPrivacyDriver(
                        erasures.getObject(),
                        exports.getObject(),
                        new LocalPrivacyDriver.Backoff(firstBackoff, maxBackoff, attempts),
                        threads);
            case "none" -> PrivacyDriver.NONE;
            default ->
                throw new IllegalStateException(
                        "bluemarble.privacy.driver must be step-functions, local or none; got " + driver);
        };
    }

    @Bean
    Function<Message<byte[]>, Message<byte[]>> playerErase(ErasureSaga erasures, PrivacyDriver privacyDriver) {
        return JsonFunctions.endpoint("playerErase", Erase.class, MAX_REQUEST_BYTES, request -> {
            UUID eraseId = PrivacyRequests.id("eraseId", request.eraseId());
            var player = PrivacyRequests.player(request.playerId());
            String reason = PrivacyRequests.reason(request.reason());
            ErasureSaga.Progress progress = erasures.request(eraseId, player, reason);
            if (progress.state() == ErasureSaga.State.RUNNING) {
                privacyDriver.driveErasure(eraseId);
            }
            return Reply.accepted(Erasure.of(progress, false));
        });
    }

    @Bean
    Function<Message<byte[]>, Message<byte[]>> playerEraseStatus(ErasureSaga erasures) {
        return JsonFunctions.endpoint(
                "playerEraseStatus",
                EraseStatus.class,
                MAX_REQUEST_BYTES,
                request -> Reply.ok(
                        Erasure.of(erasures.progress(PrivacyRequests.id("eraseId", request.eraseId())), true)));
    }

    @Bean
    Function<Message<byte[]>, Message<byte[]>> playerEraseStep(ErasureSaga erasures) {
        return JsonFunctions.endpoint("playerEraseStep", EraseStep.class, MAX_REQUEST_BYTES, request -> {
            UUID eraseId = PrivacyRequests.id("eraseId", request.eraseId());
            String step = PrivacyRequests.step(request.step(), ErasureSaga.STEPS);
            ErasureSaga.Outcome outcome = erasures.runStep(eraseId, step);
            return Reply.ok(new EraseStepDone(eraseId.toString(), step, outcome.name()));
        });
    }

    @Bean
    Function<Message<byte[]>, Message<byte[]>> playerExport(ExportJob exports, PrivacyDriver privacyDriver) {
        return JsonFunctions.endpoint("playerExport", Export.class, MAX_REQUEST_BYTES, request -> {
            UUID exportId = PrivacyRequests.id("exportId", request.exportId());
            ExportJob.Progress progress = exports.start(exportId, PrivacyRequests.player(request.playerId()));
            if (progress.state() == ExportJob.State.RUNNING) {
                privacyDriver.driveExport(exportId);
            }
            return Reply.accepted(Exported.of(progress, false));
        });
    }

    @Bean
    Function<Message<byte[]>, Message<byte[]>> playerExportStatus(ExportJob exports) {
        return JsonFunctions.endpoint(
                "playerExportStatus",
                ExportStatus.class,
                MAX_REQUEST_BYTES,
                request -> Reply.ok(
                        Exported.of(exports.progress(PrivacyRequests.id("exportId", request.exportId())), true)));
    }

    @Bean
    Function<Message<byte[]>, Message<byte[]>> playerExportStep(ExportJob exports) {
        return JsonFunctions.endpoint("playerExportStep", ExportStep.class, MAX_REQUEST_BYTES, request -> {
            UUID exportId = PrivacyRequests.id("exportId", request.exportId());
            if (FAIL_STEP.equals(request.step())) { // the state machine's catch: it gave up on a step
                exports.fail(exportId, "the state machine gave up after its retries");
                return Reply.ok(new ExportStepDone(exportId.toString(), FAIL_STEP, ExportJob.State.FAILED.name()));
            }
            String step = PrivacyRequests.step(request.step(), ExportJob.STEPS);
            ErasureSaga.Outcome outcome = exports.runStep(exportId, step);
            return Reply.ok(new ExportStepDone(exportId.toString(), step, outcome.name()));
        });
    }
}
