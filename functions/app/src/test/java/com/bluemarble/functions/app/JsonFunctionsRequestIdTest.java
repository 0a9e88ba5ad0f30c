package com.bluemarble.functions.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.Context;
import java.lang.reflect.Proxy;
import org.junit.jupiter.api.Test;
import org.springframework.cloud.function.adapter.aws.AWSLambdaUtils;
import org.springframework.messaging.support.MessageBuilder;

/** The request id in the logs is Lambda's: the AWS adapter hands the invocation's Context over in a header. */
class JsonFunctionsRequestIdTest {

    @Test
    void theRequestIdIsLambdasAwsRequestIdWhenThereIsAContext() {
        Context context = (Context) Proxy.newProxyInstance(
                Context.class.getClassLoader(),
                new Class<?>[] {Context.class},
                (proxy, method, args) -> method.getName().equals("getAwsRequestId") ? "8f5e7c1a-lambda" : null);
        var inLambda = MessageBuilder.withPayload(new byte[0])
                .setHeader(AWSLambdaUtils.AWS_CONTEXT, context)
                .build();
        assertThat(JsonFunctions.awsRequestId(inLambda)).isEqualTo("8f5e7c1a-lambda");
        assertThat(JsonFunctions.awsRequestId(
                        MessageBuilder.withPayload(new byte[0]).build()))
                .isNull(); // then Invocation generates one
    }

    @Test
    void theErrorCodeOfAnAnswerIsItsErrorField() {
        record Rejected(String status, String error) {}
        assertThat(JsonFunctions.errorCode(new Reply(422, new Rejected("REJECTED", "INSUFFICIENT_FUNDS"))))
                .isEqualTo("INSUFFICIENT_FUNDS");
        assertThat(JsonFunctions.errorCode(new Reply(400, new ErrorBody("UNKNOWN_FIELD", "x"))))
                .isEqualTo("UNKNOWN_FIELD");
        assertThat(JsonFunctions.errorCode(new Reply(200, new ErrorBody("X", "y"))))
                .isNull();
    }
}
