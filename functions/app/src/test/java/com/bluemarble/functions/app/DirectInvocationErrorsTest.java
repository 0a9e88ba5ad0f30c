package com.bluemarble.functions.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.amazonaws.services.lambda.runtime.api.client.runtimeapi.converters.LambdaErrorConverter;
import com.amazonaws.services.lambda.runtime.api.client.runtimeapi.dto.ErrorRequest;
import com.bluemarble.functions.core.error.DomainException;
import com.bluemarble.functions.core.error.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.springframework.cloud.function.adapter.aws.AWSLambdaUtils;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;
import tools.jackson.databind.JsonNode;

/**
 * A non-2xx answer to a direct Lambda invocation is a Lambda function error whose errorType is the error code, as
 * the Java runtime's own converter ({@link LambdaErrorConverter}, what the managed runtime reports to Lambda) turns
 * the thrown error into the error document; API Gateway events and calls without a Lambda context (the local server,
 * SnapStart priming) keep the answer and its status header.
 */
class DirectInvocationErrorsTest {

    record Probe(String outcome) {}

    record Rejected(String status, String error) {}

    private static final Function<Message<byte[]>, Message<byte[]>> PROBE =
            JsonFunctions.endpoint("probe", Probe.class, 1000, probe -> switch (probe.outcome()) {
                case "down" -> throw new DomainException(ErrorCode.STORE_UNAVAILABLE, "Spanner did not answer");
                case "rejected" -> new Reply(422, new Rejected("REJECTED", "INSUFFICIENT_FUNDS"));
                case "odd" -> new Reply(409, new Rejected("REJECTED", "not a code"));
                default -> new Reply(200, new Probe("fine"));
            });

    private static Message<byte[]> direct(String outcome) {
        return MessageBuilder.withPayload(body(outcome))
                .setHeader(AWSLambdaUtils.AWS_CONTEXT, LambdaEvents.lambdaContext("probe"))
                .build();
    }

    private static byte[] body(String outcome) {
        return ("{\"outcome\":\"" + outcome + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    /** What Lambda reports for the error the handler threw. */
    private static ErrorRequest lambdaError(Message<byte[]> request) {
        Throwable thrown = catchThrowable(() -> PROBE.apply(request));
        assertThat(thrown).as("a direct invocation's non-2xx answer is thrown").isInstanceOf(LambdaFunctionError.class);
        return LambdaErrorConverter.fromThrowable(thrown);
    }

    @Test
    void aStoreOutageIsAFunctionErrorOfTypeStoreUnavailableWithTheJsonBodyAsMessage() {
        ErrorRequest error = lambdaError(direct("down"));
        assertThat(error.errorType).isEqualTo("STORE_UNAVAILABLE");
        JsonNode body = JsonFunctions.JSON.readTree(error.errorMessage);
        assertThat(body.get("error").asString()).isEqualTo("STORE_UNAVAILABLE");
        assertThat(body.get("message").asString()).isEqualTo("Spanner did not answer");
        assertThat(error.stackTrace)
                .as("no stack trace: the code and body say it all")
                .isEmpty();
        // The same type every time (one generated class per code), so Retry/Catch match by name.
        assertThat(catchThrowable(() -> PROBE.apply(direct("down"))).getClass())
                .isSameAs(catchThrowable(() -> PROBE.apply(direct("down"))).getClass());
    }

    @Test
    void everyNon2xxAnswerIsAnErrorNamedByItsCodeOrStatusAndA2xxAnswerIsTheBody() {
        assertThat(lambdaError(direct("rejected")).errorType).isEqualTo("INSUFFICIENT_FUNDS");
        ErrorRequest invalid =
                lambdaError(MessageBuilder.withPayload("{\"outcome\":1}".getBytes(StandardCharsets.UTF_8))
                        .setHeader(AWSLambdaUtils.AWS_CONTEXT, LambdaEvents.lambdaContext("probe"))
                        .build());
        assertThat(invalid.errorType).isEqualTo("INVALID_FIELD");
        assertThat(lambdaError(direct("odd")).errorType)
                .as("not a code: named by status")
                .isEqualTo("HTTP_409");

        Message<byte[]> fine = PROBE.apply(direct("fine"));
        assertThat(fine.getHeaders().get(JsonFunctions.STATUS_HEADER)).isEqualTo(200);
        assertThat(new String(fine.getPayload(), StandardCharsets.UTF_8)).isEqualTo("{\"outcome\":\"fine\"}");
    }

    @Test
    void apiGatewayEventsAndCallsWithoutALambdaContextKeepTheStatusAndBody() {
        Message<byte[]> viaApiGateway = MessageBuilder.withPayload(
                        ("{\"version\":\"2.0\",\"routeKey\":\"POST /probe\",\"body\":\"{\\\"outcome\\\":\\\"down\\\"}\"}")
                                .getBytes(StandardCharsets.UTF_8))
                .setHeader(AWSLambdaUtils.AWS_CONTEXT, LambdaEvents.lambdaContext("probe"))
                .setHeader(JsonFunctions.API_GATEWAY_HEADER, true)
                .build();
        Message<byte[]> http = PROBE.apply(viaApiGateway);
        assertThat(http.getHeaders().get(JsonFunctions.STATUS_HEADER)).isEqualTo(503);
        assertThat(JsonFunctions.JSON.readTree(http.getPayload()).get("error").asString())
                .isEqualTo("STORE_UNAVAILABLE");

        Message<byte[]> local =
                PROBE.apply(MessageBuilder.withPayload(body("down")).build());
        assertThat(local.getHeaders().get(JsonFunctions.STATUS_HEADER)).isEqualTo(503);
        assertThat(JsonFunctions.JSON.readTree(local.getPayload()).get("error").asString())
                .isEqualTo("STORE_UNAVAILABLE");
    }
}
