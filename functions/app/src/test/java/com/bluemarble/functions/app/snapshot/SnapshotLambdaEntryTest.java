package com.bluemarble.functions.app.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import com.bluemarble.functions.adapter.dynamodb.DynamoDbSnapshotTable;
import com.bluemarble.functions.app.BlueMarbleFunctionsApplication;
import com.bluemarble.functions.app.LambdaEvents;
import com.bluemarble.functions.core.player.PlayerId;
import com.bluemarble.functions.emulators.AwsEmulator;
import com.bluemarble.functions.emulators.AwsResources;
import com.bluemarble.functions.emulators.Emulators;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.cloud.function.adapter.aws.FunctionInvoker;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import tools.jackson.databind.JsonNode;

/** The batch writer's Lambda entry exactly as AWS runs it: FunctionInvoker fed a raw SQS event. */
class SnapshotLambdaEntryTest {

    private static AwsResources resources;
    private static Map<String, Object> properties;

    @BeforeAll
    static void environment() {
        resources = SnapshotAppFixture.provision("lambda");
        properties = SnapshotAppFixture.properties(Emulators.aws().endpoint().toString(), resources);
        System.setProperty("MAIN_CLASS", BlueMarbleFunctionsApplication.class.getName());
        properties.forEach((k, v) -> System.setProperty(k, v.toString()));
    }

    @AfterAll
    static void clear() {
        properties.keySet().forEach(System::clearProperty);
        System.clearProperty("MAIN_CLASS");
    }

    @Test
    void reportsOnlyThePoisonAndTheDeltaWaitingForItsBaseAsBatchItemFailures() throws Exception {
        FunctionInvoker invoker = new FunctionInvoker("snapshotWriter");
        JsonNode response = LambdaEvents.invoke(invoker, "sqs-snapshot-batch.json");

        List<String> failed = new ArrayList<>();
        response.get("batchItemFailures")
                .forEach(f -> failed.add(f.get("itemIdentifier").asString()));
        assertThat(failed)
                .containsExactlyInAnyOrder(
                        "9a1f7a52-3c1d-4c55-8d8e-5b0f0c1a2b02", "9a1f7a52-3c1d-4c55-8d8e-5b0f0c1a2b03");

        try (DynamoDbClient dynamo = AwsEmulator.clientsAt(Emulators.aws().endpoint())
                .configure(DynamoDbClient.builder(), Duration.ofSeconds(10))
                .build()) {
            var stored = new DynamoDbSnapshotTable(dynamo, resources.table("player-snapshots"))
                    .find(PlayerId.of("fixture-ana"));
            assertThat(stored).hasValueSatisfying(s -> {
                assertThat(s.version()).isEqualTo(3);
                assertThat(s.state().inline().get("zone").asString()).isEqualTo("harbor");
            });
        }
    }
}
