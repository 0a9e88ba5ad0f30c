package com.bluemarble.functions.app.leaderboard;

import static com.bluemarble.functions.app.LambdaEvents.httpBody;
import static com.bluemarble.functions.app.LambdaEvents.invoke;
import static org.assertj.core.api.Assertions.assertThat;

import com.bluemarble.functions.app.BlueMarbleFunctionsApplication;
import com.bluemarble.functions.emulators.Emulators;
import com.bluemarble.functions.emulators.RedisServers;
import java.io.IOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.cloud.function.adapter.aws.FunctionInvoker;
import tools.jackson.databind.JsonNode;

/** The leaderboard functions behind Lambda's handler, fed raw events (direct and API Gateway HTTP API v2). */
class LeaderboardLambdaEntryTest {

    private static final String ENDPOINTS = "bluemarble.leaderboard.endpoints";

    @BeforeAll
    static void environment() {
        // What the Lambda environment provides: the start class and each region's Redis.
        RedisServers redis = Emulators.redis();
        System.setProperty("MAIN_CLASS", BlueMarbleFunctionsApplication.class.getName());
        System.setProperty(
                ENDPOINTS,
                "us-east-1=" + redis.uris().get(0) + ",eu-west-1="
                        + redis.uris().get(1) + ",ap-southeast-1="
                        + redis.uris().get(0));
    }

    @AfterAll
    static void clear() {
        System.clearProperty(ENDPOINTS);
        System.clearProperty("MAIN_CLASS");
    }

    @Test
    void submitDirectlyThenReadTheBoardThroughTheHttpApi() throws IOException {
        JsonNode submitted = invoke(new FunctionInvoker("leaderboardSubmit"), "leaderboard-submit-direct.json");
        assertThat(submitted.get("playerId").asString()).isEqualTo("lambda-ann");
        assertThat(submitted.get("score").asLong()).isEqualTo(77);

        FunctionInvoker top = new FunctionInvoker("leaderboardTop");
        JsonNode listed = invoke(top, "leaderboard-top-http-api-v2.json");
        assertThat(listed.get("statusCode").asInt()).isEqualTo(200);
        assertThat(httpBody(listed).get("entries").findValuesAsString("playerId"))
                .contains("lambda-ann");

        JsonNode unknown = invoke(top, "leaderboard-top-http-api-v2-unknown-board.json");
        assertThat(unknown.get("statusCode").asInt()).isEqualTo(404);
        assertThat(httpBody(unknown).get("error").asString()).isEqualTo("UNKNOWN_BOARD");

        JsonNode capped =
                invoke(new FunctionInvoker("leaderboardRank"), "leaderboard-rank-http-api-v2-around-too-large.json");
        assertThat(capped.get("statusCode").asInt()).isEqualTo(400);
        assertThat(httpBody(capped).get("error").asString()).isEqualTo("AROUND_TOO_LARGE");
    }
}
