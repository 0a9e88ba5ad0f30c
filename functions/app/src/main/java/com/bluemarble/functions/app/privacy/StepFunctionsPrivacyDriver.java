package com.bluemarble.functions.app.privacy;

import com.bluemarble.functions.app.JsonFunctions;
import com.bluemarble.functions.core.error.DomainException;
import com.bluemarble.functions.core.privacy.PrivacyDriver;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionAlreadyExistsException;

/**
 * The driver in AWS: one Step Functions execution per erasure or export, named after its id, so a
 * replayed {@code playerErase} starts nothing new ({@code ExecutionAlreadyExists} means it is running
 * or ran). The state machines (infra) invoke {@code playerEraseStep} / {@code playerExportStep} for each
 * step, with retries and backoff; their input is {@code {"eraseId": ...}} / {@code {"exportId": ...}}.
 */
public final class StepFunctionsPrivacyDriver implements PrivacyDriver, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(StepFunctionsPrivacyDriver.class);

    private final SfnClient sfn;
    private final String erasureStateMachineArn;
    private final String exportStateMachineArn;

    public StepFunctionsPrivacyDriver(SfnClient sfn, String erasureStateMachineArn, String exportStateMachineArn) {
        this.sfn = sfn;
        this.erasureStateMachineArn = erasureStateMachineArn;
        this.exportStateMachineArn = exportStateMachineArn;
    }

    @Override
    public void driveErasure(UUID eraseId) {
        start(erasureStateMachineArn, "bluemarble.privacy.erasure-state-machine-arn", "eraseId", eraseId);
    }

    @Override
    public void driveExport(UUID exportId) {
        start(exportStateMachineArn, "bluemarble.privacy.export-state-machine-arn", "exportId", exportId);
    }

    /** @return false when the id's execution had ended before (a running one is returned as started: AWS is idempotent on name and input) */
    boolean start(String stateMachineArn, String property, String field, UUID id) {
        if (stateMachineArn == null || stateMachineArn.isBlank()) {
            throw new IllegalStateException(property + " is not set: nothing can run the steps of " + field + " " + id);
        }
        try {
            sfn.startExecution(r -> r.stateMachineArn(stateMachineArn)
                    .name(id.toString())
                    .input(JsonFunctions.JSON.writeValueAsString(Map.of(field, id.toString()))));
            log.info("{} {}: started the execution of {}", field, id, stateMachineArn);
            return true;
        } catch (ExecutionAlreadyExistsException e) {
            return false; // started before (a replay): that execution drives it
        } catch (SdkException e) {
            throw DomainException.unavailable("Step Functions", e);
        }
    }

    @Override
    public void close() {
        sfn.close();
    }
}
