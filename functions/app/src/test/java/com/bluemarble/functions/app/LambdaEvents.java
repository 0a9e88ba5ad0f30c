package com.bluemarble.functions.app;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.springframework.cloud.function.adapter.aws.FunctionInvoker;
import tools.jackson.databind.JsonNode;

/** Feeds Lambda event fixtures ({@code src/test/resources/events/}) to the real handler. */
public final class LambdaEvents {
    private LambdaEvents() {}

    /** What the handler writes for this event when called without a Lambda context (as the older tests do). */
    public static JsonNode invoke(FunctionInvoker invoker, String fixture) throws IOException {
        return invoke(invoker, fixture, null);
    }

    /**
     * What the handler writes for this event, called as the Lambda runtime calls it: with a {@link Context} (the
     * runtime always passes one). A non-2xx answer to a direct invocation is thrown (a Lambda function error).
     */
    public static JsonNode invoke(FunctionInvoker invoker, String fixture, Context context) throws IOException {
        try (InputStream event = LambdaEvents.class.getResourceAsStream("/events/" + fixture)) {
            if (event == null) {
                throw new IllegalArgumentException("no fixture events/" + fixture);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            invoker.handleRequest(new ByteArrayInputStream(event.readAllBytes()), out, context);
            return JsonFunctions.JSON.readTree(out.toByteArray());
        }
    }

    /** The context the Lambda runtime hands the handler: a request id, the function's name, no client data. */
    public static Context lambdaContext(String functionName) {
        String requestId = UUID.randomUUID().toString();
        return new Context() {
            @Override
            public String getAwsRequestId() {
                return requestId;
            }

            @Override
            public String getLogGroupName() {
                return "/aws/lambda/" + functionName;
            }

            @Override
            public String getLogStreamName() {
                return "2026/11/29/[$LATEST]" + requestId.replace("-", "");
            }

            @Override
            public String getFunctionName() {
                return functionName;
            }

            @Override
            public String getFunctionVersion() {
                return "1";
            }

            @Override
            public String getInvokedFunctionArn() {
                return "arn:aws:lambda:us-east-1:111111111111:function:" + functionName + ":live";
            }

            @Override
            public CognitoIdentity getIdentity() {
                return null;
            }

            @Override
            public ClientContext getClientContext() {
                return null;
            }

            @Override
            public int getRemainingTimeInMillis() {
                return 20_000;
            }

            @Override
            public int getMemoryLimitInMB() {
                return 1536;
            }

            @Override
            public LambdaLogger getLogger() {
                return new LambdaLogger() {
                    @Override
                    public void log(String message) {
                        System.out.print(message);
                    }

                    @Override
                    public void log(byte[] message) {
                        System.out.print(new String(message, StandardCharsets.UTF_8));
                    }
                };
            }
        };
    }

    /** The JSON body of an API Gateway HTTP API response. */
    public static JsonNode httpBody(JsonNode httpResponse) {
        return JsonFunctions.JSON.readTree(httpResponse.get("body").asString());
    }
}
