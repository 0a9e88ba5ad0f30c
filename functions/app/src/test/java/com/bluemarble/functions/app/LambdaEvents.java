package com.bluemarble.functions.app;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import org.springframework.cloud.function.adapter.aws.FunctionInvoker;
import tools.jackson.databind.JsonNode;

/** Feeds Lambda event fixtures ({@code src/test/resources/events/}) to the real handler. */
public final class LambdaEvents {
    private LambdaEvents() {}

    /** What the Lambda runtime would return for this event. */
    public static JsonNode invoke(FunctionInvoker invoker, String fixture) throws IOException {
        try (InputStream event = LambdaEvents.class.getResourceAsStream("/events/" + fixture)) {
            if (event == null) {
                throw new IllegalArgumentException("no fixture events/" + fixture);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            invoker.handleRequest(new ByteArrayInputStream(event.readAllBytes()), out, null);
            return JsonFunctions.JSON.readTree(out.toByteArray());
        }
    }

    /** The JSON body of an API Gateway HTTP API response. */
    public static JsonNode httpBody(JsonNode httpResponse) {
        return JsonFunctions.JSON.readTree(httpResponse.get("body").asString());
    }
}
