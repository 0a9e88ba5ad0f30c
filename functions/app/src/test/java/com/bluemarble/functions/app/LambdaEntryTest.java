package com.bluemarble.functions.app;

import static com.bluemarble.functions.app.LambdaEvents.httpBody;
import static com.bluemarble.functions.app.LambdaEvents.invoke;
import static com.bluemarble.functions.app.LambdaEvents.lambdaContext;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.amazonaws.services.lambda.runtime.api.client.runtimeapi.converters.LambdaErrorConverter;
import com.amazonaws.services.lambda.runtime.api.client.runtimeapi.dto.ErrorRequest;
import java.io.IOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.cloud.function.adapter.aws.FunctionInvoker;
import tools.jackson.databind.JsonNode;

/**
 * The Lambda entry point exactly as AWS runs it: {@link FunctionInvoker} (the handler) fed raw
 * event JSON, both direct invocations and API Gateway HTTP API v2 events.
 */
class LambdaEntryTest {

    private static FunctionInvoker grant;
    private static FunctionInvoker trade;

    @BeforeAll
    static void startInvokers() {
        // What the Lambda environment provides: the start class and the database coordinates.
        System.setProperty("MAIN_CLASS", BlueMarbleFunctionsApplication.class.getName());
        FunctionsTestContext.properties(FunctionsTestContext.newDatabase())
                .forEach((k, v) -> System.setProperty(k, v.toString()));
        grant = new FunctionInvoker("grant");
        trade = new FunctionInvoker("trade");
    }

    @AfterAll
    static void clearProperties() {
        FunctionsTestContext.properties("x").keySet().forEach(System::clearProperty);
        System.clearProperty("MAIN_CLASS");
    }

    @Test
    void directAndHttpApiInvocationsFollowTheContract() throws IOException {
        JsonNode alice = invoke(grant, "grant-alice-direct.json");
        assertThat(alice.get("status").asString()).isEqualTo("COMMITTED");
        assertThat(alice.get("grantId").asString()).isEqualTo("0b6f1c3e-2a4d-4c1b-9e2f-6a7b8c9d0e1f");
        assertThat(alice.has("commitTimestamp")).isTrue();
        assertThat(invoke(grant, "grant-bob-direct.json").get("status").asString())
                .isEqualTo("COMMITTED");

        JsonNode committed = invoke(trade, "trade-http-api-v2.json");
        assertThat(committed.get("statusCode").asInt()).isEqualTo(200);
        assertThat(committed.get("headers").get("Content-Type").asString()).isEqualTo("application/json");
        assertThat(httpBody(committed).get("status").asString()).isEqualTo("COMMITTED");
        assertThat(httpBody(committed).get("tradeId").asString()).isEqualTo("2d8b3e5a-4c6f-4e3d-9a4b-8c9d0e1f2a3b");

        // The same request again, base64-encoded by API Gateway: the identical first answer.
        JsonNode replay = invoke(trade, "trade-http-api-v2-base64.json");
        assertThat(replay.get("statusCode").asInt()).isEqualTo(200);
        assertThat(replay.get("body").asString())
                .isEqualTo(committed.get("body").asString());

        // The same key with another body, invoked directly: 409 as the error body.
        JsonNode reused = invoke(trade, "trade-direct-reused-key.json");
        assertThat(reused.get("error").asString()).isEqualTo("IDEMPOTENCY_KEY_REUSED");

        JsonNode malformed = invoke(trade, "trade-http-api-v2-malformed.json");
        assertThat(malformed.get("statusCode").asInt()).isEqualTo(400);
        assertThat(httpBody(malformed).get("error").asString()).isEqualTo("MALFORMED_JSON");

        JsonNode insufficient = invoke(trade, "trade-http-api-v2-insufficient.json");
        assertThat(insufficient.get("statusCode").asInt()).isEqualTo(422);
        assertThat(httpBody(insufficient).get("status").asString()).isEqualTo("REJECTED");
        assertThat(httpBody(insufficient).get("error").asString()).isEqualTo("INSUFFICIENT_FUNDS");
    }

    /**
     * With the Context the Lambda runtime always passes: a direct invocation (Step Functions, EventBridge, {@code aws
     * lambda invoke}) answered non-2xx fails as a function error named by its code, which is what a state machine's
     * Retry/Catch match on; the same handler behind API Gateway answers the HTTP status and JSON body as before.
     */
    @Test
    void aDirectInvocationAnsweredNon2xxIsALambdaFunctionErrorNamedByItsCode() throws IOException {
        Throwable thrown =
                catchThrowable(() -> invoke(trade, "trade-direct-unknown-field.json", lambdaContext("trade")));
        assertThat(thrown).isInstanceOf(LambdaFunctionError.class);
        // What the Java runtime reports to Lambda for the thrown error (its own converter).
        ErrorRequest error = LambdaErrorConverter.fromThrowable(thrown);
        assertThat(error.errorType).isEqualTo("UNKNOWN_FIELD");
        JsonNode body = JsonFunctions.JSON.readTree(error.errorMessage);
        assertThat(body.get("error").asString()).isEqualTo("UNKNOWN_FIELD");
        assertThat(body.get("message").asString()).contains("memo");

        // 2xx direct: the body, as before.
        JsonNode alice = invoke(grant, "grant-alice-direct.json", lambdaContext("grant"));
        assertThat(alice.get("status").asString()).isEqualTo("COMMITTED");

        // Through API Gateway, with the same kind of context: the HTTP answer, unchanged.
        JsonNode malformed = invoke(trade, "trade-http-api-v2-malformed.json", lambdaContext("trade"));
        assertThat(malformed.get("statusCode").asInt()).isEqualTo(400);
        assertThat(httpBody(malformed).get("error").asString()).isEqualTo("MALFORMED_JSON");
    }
}
