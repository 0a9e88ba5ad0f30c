package com.bluemarble.functions.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;
import tools.jackson.databind.JsonNode;

/**
 * Issue 11 item 5: the shared request parser never coerces. Every field type the functions' requests
 * use (strings, integers, booleans, maps of integers, nested objects, arrays of objects) answers
 * 400 INVALID_FIELD for a value of another JSON type, and the message names the field path and the
 * expected type, never an internal class.
 */
class StrictJsonTypesTest {

    record Side(String playerId, Map<String, Long> currency) {}

    record Item(String playerId, Long version) {}

    record Request(String id, Long count, Integer limit, Boolean force, Side a, List<Item> items, JsonNode state) {}

    private static final Function<Message<byte[]>, Message<byte[]>> ECHO =
            JsonFunctions.endpoint("echo", Request.class, 64 * 1024, request -> Reply.ok(Map.of("ok", true)));

    private static JsonNode call(String json) {
        Message<byte[]> reply = ECHO.apply(MessageBuilder.withPayload(json.getBytes(StandardCharsets.UTF_8))
                .build());
        JsonNode body = JsonFunctions.JSON.readTree(reply.getPayload());
        ((tools.jackson.databind.node.ObjectNode) body)
                .put("status", (Integer) reply.getHeaders().get("statusCode"));
        return body;
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "{\"id\": true}                                | id               | a string",
                "{\"id\": 1}                                   | id               | a string",
                "{\"id\": 1.5}                                 | id               | a string",
                "{\"id\": -0}                                  | id               | a string",
                "{\"id\": []}                                  | id               | a string",
                "{\"id\": {}}                                  | id               | a string",
                "{\"count\": \"1\"}                            | count            | an integer",
                "{\"count\": true}                             | count            | an integer",
                "{\"count\": 1.0}                              | count            | an integer",
                "{\"count\": \"\"}                             | count            | an integer",
                "{\"count\": []}                               | count            | an integer",
                "{\"limit\": \"10\"}                           | limit            | an integer",
                "{\"limit\": false}                            | limit            | an integer",
                "{\"force\": \"true\"}                         | force            | true or false",
                "{\"force\": 1}                                | force            | true or false",
                "{\"force\": \"\"}                             | force            | true or false",
                "{\"a\": \"ann\"}                              | a                | an object",
                "{\"a\": 1}                                    | a                | an object",
                "{\"a\": true}                                 | a                | an object",
                "{\"a\": []}                                   | a                | an object",
                "{\"a\": {\"playerId\": true}}                 | a.playerId       | a string",
                "{\"a\": {\"playerId\": 7}}                    | a.playerId       | a string",
                "{\"a\": {\"currency\": []}}                   | a.currency       | an object",
                "{\"a\": {\"currency\": {\"gold\": \"5\"}}}    | a.currency.gold  | an integer",
                "{\"a\": {\"currency\": {\"gold\": true}}}     | a.currency.gold  | an integer",
                "{\"items\": {}}                               | items            | an array",
                "{\"items\": \"x\"}                            | items            | an array",
                "{\"items\": [1]}                              | items[0]         | an object",
                "{\"items\": [{\"playerId\": false}]}          | items[0].playerId | a string",
                "{\"items\": [{\"version\": \"2\"}]}           | items[0].version | an integer",
            })
    void aValueOfAnotherJsonTypeIsInvalidFieldNamingThePathAndTheExpectedType(
            String json, String path, String expected) {
        JsonNode body = call(json);

        assertThat(body.get("status").asInt()).as(body.toString()).isEqualTo(400);
        assertThat(body.get("error").asString()).as(body.toString()).isEqualTo("INVALID_FIELD");
        String message = body.get("message").asString();
        assertThat(message).contains("'" + path + "'").contains(expected);
        assertThat(message).doesNotContain("$", "com.", "java.", "tools.", "`");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "{\"id\": \"x\", \"count\": 1, \"limit\": 2, \"force\": true}",
                "{\"a\": {\"playerId\": \"p\", \"currency\": {\"gold\": 5}}, \"items\": [{\"version\": 1}]}",
                "{\"state\": {\"any\": [1, \"two\", true, null, 1e400]}}",
                "{\"id\": null, \"count\": null}",
            })
    void valuesOfTheRightTypeAreAccepted(String json) {
        assertThat(call(json).get("status").asInt()).isEqualTo(200);
    }
}
