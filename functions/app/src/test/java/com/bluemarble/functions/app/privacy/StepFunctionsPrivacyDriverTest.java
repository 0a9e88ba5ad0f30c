package com.bluemarble.functions.app.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.bluemarble.functions.app.JsonFunctions;
import com.bluemarble.functions.core.error.DomainException;
import com.bluemarble.functions.core.error.ErrorCode;
import com.bluemarble.functions.emulators.AwsEmulator;
import com.bluemarble.functions.emulators.Emulators;
import com.bluemarble.functions.emulators.Ports;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;

/** The AWS driver against moto's Step Functions: one execution per id, named after it, with the id as input. */
class StepFunctionsPrivacyDriverTest {

    static SfnClient sfn;
    static String erasureArn;
    static String exportArn;

    @BeforeAll
    static void stateMachines() {
        AwsEmulator aws = Emulators.aws();
        sfn = aws.clients().configure(SfnClient.builder()).build();
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        erasureArn = create("player-erasure-" + suffix);
        exportArn = create("player-export-" + suffix);
    }

    private static String create(String name) {
        return sfn.createStateMachine(r -> r.name(name)
                        .roleArn("arn:aws:iam::123456789012:role/" + name)
                        .definition("{\"StartAt\":\"Done\",\"States\":{\"Done\":{\"Type\":\"Succeed\"}}}"))
                .stateMachineArn();
    }

    @AfterAll
    static void close() {
        sfn.deleteStateMachine(r -> r.stateMachineArn(erasureArn));
        sfn.deleteStateMachine(r -> r.stateMachineArn(exportArn));
        sfn.close();
    }

    private static List<ExecutionListItem> executions(String arn) {
        return sfn.listExecutions(r -> r.stateMachineArn(arn)).executions();
    }

    @Test
    void startingTwiceIsOneExecutionNamedAfterTheId() {
        UUID eraseId = UUID.randomUUID();
        UUID exportId = UUID.randomUUID();
        StepFunctionsPrivacyDriver driver = new StepFunctionsPrivacyDriver(sfn, erasureArn, exportArn);

        driver.driveErasure(eraseId);
        driver.driveErasure(eraseId); // a replay of playerErase while it runs: the same execution
        driver.driveExport(exportId);

        assertThat(executions(erasureArn)).extracting(ExecutionListItem::name).containsExactly(eraseId.toString());
        assertThat(executions(exportArn)).extracting(ExecutionListItem::name).containsExactly(exportId.toString());
        String input = sfn.describeExecution(
                        r -> r.executionArn(executions(erasureArn).get(0).executionArn()))
                .input();
        assertThat(JsonFunctions.JSON.readTree(input).get("eraseId").asString()).isEqualTo(eraseId.toString());
        // A replay after the execution ended (succeeded, or failed for good): ExecutionAlreadyExists, fine.
        sfn.stopExecution(r -> r.executionArn(executions(erasureArn).get(0).executionArn()));
        assertThat(driver.start(erasureArn, "p", "eraseId", eraseId)).isFalse();
        assertThat(executions(erasureArn)).hasSize(1);
    }

    @Test
    void anUnreachableStepFunctionsIs503AndAMissingArnIsAConfigurationError() {
        URI nowhere = URI.create("http://127.0.0.1:" + Ports.freePort());
        try (SfnClient down = AwsEmulator.clientsAt(nowhere)
                .configure(SfnClient.builder(), Duration.ofSeconds(2))
                .build()) {
            StepFunctionsPrivacyDriver driver = new StepFunctionsPrivacyDriver(down, erasureArn, exportArn);
            assertThatThrownBy(() -> driver.driveErasure(UUID.randomUUID()))
                    .isInstanceOfSatisfying(
                            DomainException.class,
                            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.STORE_UNAVAILABLE));
        }
        assertThatThrownBy(() -> new StepFunctionsPrivacyDriver(sfn, "", exportArn).driveErasure(UUID.randomUUID()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("bluemarble.privacy.erasure-state-machine-arn");
    }
}
