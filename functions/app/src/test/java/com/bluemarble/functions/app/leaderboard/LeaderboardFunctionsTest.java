package com.bluemarble.functions.app.leaderboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.bluemarble.functions.app.BlueMarbleFunctionsApplication;
import com.bluemarble.functions.app.FunctionsTestContext.Response;
import com.bluemarble.functions.app.JsonFunctions;
import com.bluemarble.functions.app.SnapStartPriming;
import com.bluemarble.functions.emulators.AwsEmulator;
import com.bluemarble.functions.emulators.Emulators;
import com.bluemarble.functions.emulators.RedisServers;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.cloud.function.context.FunctionCatalog;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;
import tools.jackson.databind.JsonNode;

/** The leaderboard function beans with the shipped board configuration, on two real redis-servers. */
class LeaderboardFunctionsTest {

    private static ConfigurableApplicationContext context;
    private static FunctionCatalog catalog;
    private static final String RUN = UUID.randomUUID().toString().substring(0, 6);

    @BeforeAll
    static void start() {
        RedisServers redis = Emulators.redis();
        AwsEmulator aws = Emulators.aws();
        String bucket = aws.provision("lbapp" + RUN).bucket("bluemarble-backups");
        context = new SpringApplicationBuilder(BlueMarbleFunctionsApplication.class)
                .web(WebApplicationType.NONE)
                .run(
                        "--bluemarble.leaderboard.endpoints=us-east-1="
                                + redis.uris().get(0) + ",eu-west-1="
                                + redis.uris().get(1) + ",ap-southeast-1="
                                + redis.uris().get(0),
                        "--bluemarble.aws.endpoint-url=" + aws.endpoint(),
                        "--bluemarble.aws.region=" + AwsEmulator.REGION.id(),
                        "--bluemarble.leaderboard.archive.bucket=" + bucket);
        catalog = context.getBean(FunctionCatalog.class);
    }

    @AfterAll
    static void stop() {
        context.close();
    }

    private static Response call(String function, String json) {
        Function<Message<byte[]>, Message<byte[]>> bean = catalog.lookup(function);
        Message<byte[]> reply = bean.apply(MessageBuilder.withPayload(json.getBytes(StandardCharsets.UTF_8))
                .build());
        return new Response(
                (Integer) reply.getHeaders().get(JsonFunctions.STATUS_HEADER),
                new String(reply.getPayload(), StandardCharsets.UTF_8));
    }

    private static JsonNode ok(Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    private static void assertError(Response response, int status, String code) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.json().get("error").asString()).as(response.body()).isEqualTo(code);
        assertThat(response.json().get("message").asString()).isNotBlank();
    }

    private static String submit(String board, String player, String region, String score) {
        return "{\"board\":\"" + board + "\",\"playerId\":\"" + player + "\",\"region\":\"" + region + "\",\"score\":"
                + score + "}";
    }

    @Test
    void submitTopAndRankFollowTheContract() {
        String ana = "ana" + RUN;
        String ben = "ben" + RUN;
        String cy = "cy" + RUN;
        JsonNode first = ok(call("leaderboardSubmit", submit("weekly-score", ana, "us-east-1", "300")));
        assertThat(first.get("improved").asBoolean()).isTrue();
        assertThat(first.get("season").asString()).matches("\\d{4}-W\\d{2}");
        ok(call("leaderboardSubmit", submit("weekly-score", ben, "eu-west-1", "500")));
        ok(call("leaderboardSubmit", submit("weekly-score", cy, "ap-southeast-1", "400")));
        JsonNode lower = ok(call("leaderboardSubmit", submit("weekly-score", ana, "us-east-1", "100")));
        assertThat(lower.get("improved").asBoolean()).isFalse();
        assertThat(lower.get("score").asLong()).isEqualTo(300);

        JsonNode top = ok(call("leaderboardTop", "{\"board\":\"weekly-score\",\"limit\":3}"));
        assertThat(top.get("entries").toString())
                .isEqualTo("[{\"rank\":1,\"playerId\":\"" + ben + "\",\"region\":\"eu-west-1\",\"score\":500},"
                        + "{\"rank\":2,\"playerId\":\"" + cy + "\",\"region\":\"ap-southeast-1\",\"score\":400},"
                        + "{\"rank\":3,\"playerId\":\"" + ana + "\",\"region\":\"us-east-1\",\"score\":300}]");
        JsonNode us = ok(call("leaderboardTop", "{\"board\":\"weekly-score\",\"region\":\"us-east-1\",\"limit\":5}"));
        assertThat(us.get("region").asString()).isEqualTo("us-east-1");
        assertThat(us.get("entries").get(0).get("playerId").asString()).isEqualTo(ana);

        JsonNode rank =
                ok(call("leaderboardRank", "{\"board\":\"weekly-score\",\"playerId\":\"" + cy + "\",\"around\":1}"));
        assertThat(rank.get("globalRank").asLong()).isEqualTo(2);
        assertThat(rank.get("regionalRank").asLong()).isEqualTo(1);
        assertThat(rank.get("region").asString()).isEqualTo("ap-southeast-1");
        assertThat(rank.get("score").asLong()).isEqualTo(400);
        assertThat(rank.get("around").findValuesAsString("playerId")).containsExactly(ben, ana);
    }

    @Test
    void badInputIs400AndUnknownThingsAre404() {
        assertError(call("leaderboardTop", "{\"board\":\"monthly-score\",\"limit\":3}"), 404, "UNKNOWN_BOARD");
        assertError(
                call("leaderboardRank", "{\"board\":\"global-score\",\"playerId\":\"nobody-" + RUN + "\"}"),
                404,
                "UNKNOWN_PLAYER");
        assertError(call("leaderboardTop", "{\"board\":\"global-score\",\"limit\":101}"), 400, "LIMIT_TOO_LARGE");
        assertError(call("leaderboardTop", "{\"board\":\"global-score\"}"), 400, "MISSING_FIELD");
        assertError(
                call("leaderboardRank", "{\"board\":\"global-score\",\"playerId\":\"a\",\"around\":26}"),
                400,
                "AROUND_TOO_LARGE");
        assertError(
                call("leaderboardSubmit", submit("global-score", "a", "us-east-1", "9007199254740993")),
                400,
                "SCORE_OUT_OF_RANGE");
        assertError(
                call("leaderboardSubmit", submit("global-score", "a", "us-east-1", "92233720368547758070")),
                400,
                "NUMBER_OUT_OF_RANGE");
        assertError(call("leaderboardSubmit", submit("global-score", "a", "us-east-1", "1.5")), 400, "INVALID_FIELD");
        assertError(call("leaderboardSubmit", submit("global-score", "a", "us-east-1", "\"7\"")), 400, "INVALID_FIELD");
        assertError(call("leaderboardSubmit", submit("global-score", "a", "mars-1", "7")), 400, "UNKNOWN_REGION");
        assertError(
                call("leaderboardSubmit", "{\"board\":\"global-score\",\"region\":\"us-east-1\",\"score\":1}"),
                400,
                "MISSING_FIELD");
        assertError(
                call(
                        "leaderboardSubmit",
                        "{\"board\":\"global-score\",\"playerId\":\"a\",\"region\":\"us-east-1\",\"score\":1,\"cheat\":true}"),
                400,
                "UNKNOWN_FIELD");
        assertError(call("leaderboardSubmit", "{\"board\":\"global-score\""), 400, "MALFORMED_JSON");
        // nothing above reached the board
        assertError(call("leaderboardRank", "{\"board\":\"global-score\",\"playerId\":\"a\"}"), 404, "UNKNOWN_PLAYER");
    }

    @Test
    void aBatchOfSubmitsIsAppliedAsAWholeAndAnsweredInOrder() {
        String a = "ba-" + RUN, b = "bb-" + RUN, c = "bc-" + RUN;
        JsonNode batch = ok(call(
                "leaderboardSubmit",
                "{\"entries\":[" + submit("weekly-score", a, "eu-west-1", "300") + ","
                        + submit("weekly-score", b, "us-east-1", "200") + ","
                        + submit("weekly-score", a, "eu-west-1", "100") + ","
                        + submit("weekly-score", c, "ap-southeast-1", "250") + "]}"));
        JsonNode entries = batch.get("entries");
        assertThat(entries).hasSize(4);
        assertThat(entries.get(0).get("playerId").asString()).isEqualTo(a);
        assertThat(entries.get(0).get("improved").asBoolean()).isTrue();
        assertThat(entries.get(2).get("improved").asBoolean())
                .as("a lower score of the same player")
                .isFalse();
        assertThat(entries.get(2).get("score").asLong()).as("the kept best").isEqualTo(300);
        assertThat(entries.get(1).get("regionalRank").asLong()).isPositive();
        assertThat(entries.get(3).get("region").asString()).isEqualTo("ap-southeast-1");

        // One bad entry refuses the whole batch: nothing applied.
        String d = "bd-" + RUN;
        assertError(
                call(
                        "leaderboardSubmit",
                        "{\"entries\":[" + submit("weekly-score", d, "eu-west-1", "999") + ","
                                + submit("weekly-score", d, "mars-1", "5") + "]}"),
                400,
                "UNKNOWN_REGION");
        assertError(
                call("leaderboardRank", "{\"board\":\"weekly-score\",\"playerId\":\"" + d + "\"}"),
                404,
                "UNKNOWN_PLAYER");
        assertError(
                call("leaderboardSubmit", "{\"entries\":[" + submit("nope", d, "eu-west-1", "1") + "]}"),
                404,
                "UNKNOWN_BOARD");
        assertError(call("leaderboardSubmit", "{\"entries\":[]}"), 400, "TOO_MANY_ENTRIES");
        StringBuilder tooMany = new StringBuilder("{\"entries\":[");
        for (int i = 0; i <= 1000; i++) {
            tooMany.append(i == 0 ? "" : ",").append(submit("weekly-score", "p" + i, "eu-west-1", "1"));
        }
        assertError(call("leaderboardSubmit", tooMany.append("]}").toString()), 400, "TOO_MANY_ENTRIES");
        assertError(
                call(
                        "leaderboardSubmit",
                        "{\"board\":\"weekly-score\",\"entries\":[" + submit("weekly-score", d, "eu-west-1", "1")
                                + "]}"),
                400,
                "INVALID_REQUEST");
        assertError(
                call("leaderboardSubmit", "{\"entries\":[{\"board\":\"weekly-score\",\"playerId\":\"" + d + "\"}]}"),
                400,
                "MISSING_FIELD");
        assertError(
                call("leaderboardRank", "{\"board\":\"weekly-score\",\"playerId\":\"" + d + "\"}"),
                404,
                "UNKNOWN_PLAYER");

        // 1,000 entries, the cap, in one call; negative scores, so the shared boards' tops (other tests read
        // them on the same Redis) stay as they were.
        StringBuilder full = new StringBuilder("{\"entries\":[");
        for (int i = 0; i < 1000; i++) {
            full.append(i == 0 ? "" : ",")
                    .append(submit(
                            "global-score",
                            "m" + i + "-" + RUN,
                            i % 2 == 0 ? "eu-west-1" : "us-east-1",
                            Integer.toString(-1 - i)));
        }
        JsonNode thousand = ok(call("leaderboardSubmit", full.append("]}").toString()));
        assertThat(thousand.get("entries")).hasSize(1000);
        assertThat(thousand.get("entries").get(999).get("score").asLong()).isEqualTo(-1000);
    }

    @Test
    void snapStartPrimingRunsEveryLeaderboardFunctionOnARequestItRefuses() {
        for (String name :
                new String[] {"leaderboardSubmit", "leaderboardTop", "leaderboardRank", "leaderboardArchiveSeasons"}) {
            new SnapStartPriming(catalog, name).beforeCheckpoint(null); // what Lambda runs before the snapshot
            assertError(call(name, "{\"snapStartPriming\":true}"), 400, "UNKNOWN_FIELD");
        }
    }

    @Test
    void theArchiveJobRunsAndFindsNothingToArchiveMidSeason() {
        JsonNode answer = ok(call("leaderboardArchiveSeasons", "{}"));
        assertThat(answer.get("archived").isArray()).isTrue();
    }
}
