package com.bluemarble.functions.app.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.bluemarble.functions.app.FunctionsTestContext;
import com.bluemarble.functions.app.FunctionsTestContext.Response;
import com.bluemarble.functions.app.JsonFunctions;
import com.bluemarble.functions.core.telemetry.MetricNames;
import com.bluemarble.functions.emulators.AwsEmulator;
import com.bluemarble.functions.emulators.AwsResources;
import com.bluemarble.functions.emulators.Emulators;
import com.bluemarble.functions.emulators.Ports;
import com.bluemarble.functions.emulators.RedisServers;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import tools.jackson.databind.JsonNode;

/**
 * What an operator gets from the functions (docs/operations.md): JSON log lines with the
 * invocation's fields, no state or secret in them, and valid EMF for every function family. One
 * application on the emulators, with one leaderboard region pointed at a port nothing listens on
 * (its calls answer 503).
 */
class ObservabilityTest {

    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final String MARKER = "STATE-MARKER-" + RUN;

    private static FunctionsTestContext app;
    private static AwsResources resources;
    private static S3Client s3;
    private static String configBucket;
    private static final List<String> emf = new CopyOnWriteArrayList<>();
    private static Runnable stopListening;

    @BeforeAll
    static void start() {
        resources = Emulators.aws().provision("obs" + RUN);
        RedisServers redis = Emulators.redis();
        configBucket = resources.bucket("bluemarble-config");
        s3 = S3Client.builder()
                .endpointOverride(Emulators.aws().endpoint())
                .region(AwsEmulator.REGION)
                .credentialsProvider(AwsEmulator.CREDENTIALS)
                .forcePathStyle(true)
                .build();
        publishConfig(1);
        Map<String, Object> properties = FunctionsTestContext.awsStoreProperties(resources);
        properties.put("bluemarble.config.bucket", configBucket);
        properties.put("bluemarble.config.poll-interval", "100ms");
        properties.put(
                "bluemarble.leaderboard.endpoints",
                "us-east-1=" + redis.uris().get(0) + ",ap-southeast-1=redis://127.0.0.1:" + Ports.freePort());
        properties.put("bluemarble.leaderboard.connect-timeout", "300ms");
        properties.put("bluemarble.leaderboard.archive.bucket", resources.bucket("bluemarble-backups"));
        app = FunctionsTestContext.start(properties);
        stopListening = EmfMetrics.instance().listen(emf::add);
    }

    @AfterAll
    static void stop() {
        stopListening.run();
        app.close();
        s3.close();
    }

    private static void publishConfig(long version) {
        s3.putObject(
                r -> r.bucket(configBucket).key("game-config.json"),
                RequestBody.fromString("{\"version\":" + version + ",\"trade\":{\"maxAssetsPerSide\":32,"
                        + "\"maxUniqueInstancesPerRequest\":100,\"untradableSkus\":[]}}"));
    }

    private static String grant(String player, String currency) {
        return "{\"grantId\":\"" + UUID.randomUUID() + "\",\"playerId\":\"" + player + "\",\"currency\":{\"" + currency
                + "\":100}}";
    }

    /** Runs {@code calls} with stdout (where the JSON log lines go) captured; returns the lines. */
    private static List<String> logLines(Runnable calls) {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(new Tee(original, captured), true, StandardCharsets.UTF_8));
        try {
            calls.run();
        } finally {
            System.setOut(original);
        }
        return captured.toString(StandardCharsets.UTF_8).lines().toList();
    }

    private static JsonNode summary(List<String> lines, String function, String requestText) {
        List<JsonNode> summaries = lines.stream()
                .map(JsonFunctions.JSON::readTree)
                .filter(line -> line.path("function").asString("").equals(function)
                        && line.has("status")
                        && line.has("durationMs"))
                .toList();
        assertThat(summaries)
                .as("one summary line of " + function + " (" + requestText + ")")
                .hasSize(1);
        return summaries.get(0);
    }

    @Test
    void everyLogLineIsJsonWithTheInvocationFieldsAndNoStateReachesIt() {
        String alice = "obs-alice-" + RUN;
        String grantId = UUID.randomUUID().toString();
        String tradeId = UUID.randomUUID().toString();
        Response[] answers = new Response[5];
        List<String> lines = logLines(() -> {
            answers[0] = app.call(
                    "grant",
                    "{\"grantId\":\"" + grantId + "\",\"playerId\":\"" + alice + "\",\"currency\":{\"gold\":5}}");
            answers[1] = app.call(
                    "trade",
                    "{\"tradeId\":\"" + tradeId + "\",\"a\":{\"playerId\":\"" + alice + "\"},\"secret\":\"" + MARKER
                            + "\"}");
            answers[2] = app.call(
                    "leaderboardSubmit",
                    "{\"board\":\"global-score\",\"playerId\":\"" + alice
                            + "\",\"region\":\"ap-southeast-1\",\"score\":7}");
            answers[3] = app.call(
                    "snapshotIngest",
                    "{\"playerId\":\"" + alice + "\",\"version\":1,\"state\":{\"note\":\"" + MARKER + "\"}}");
            answers[4] = app.call(
                    "snapshotIngest", "{\"playerId\":\"" + alice + "\",\"version\":\"x\",\"note\":\"" + MARKER + "\"}");
            writeQueuedSnapshots();
        });
        assertThat(answers[0].status()).as(answers[0].body()).isEqualTo(200);
        assertThat(answers[1].status()).as(answers[1].body()).isEqualTo(400);
        assertThat(answers[2].status()).as(answers[2].body()).isEqualTo(503);
        assertThat(answers[3].status()).as(answers[3].body()).isEqualTo(202);
        assertThat(answers[4].status()).as(answers[4].body()).isEqualTo(400);

        assertThat(lines).isNotEmpty();
        for (String line : lines) {
            JsonNode json = JsonFunctions.JSON.readTree(line); // throws unless each line is one JSON object
            assertThat(json.isObject()).as(line).isTrue();
            assertThat(json.has("@timestamp") && json.has("level") && json.has("message"))
                    .as(line)
                    .isTrue();
        }
        assertThat(String.join("\n", lines))
                .as("no state or request body in the log")
                .doesNotContain(MARKER);

        JsonNode success = summary(lines, "grant", "success");
        assertThat(success.get("status").asInt()).isEqualTo(200);
        assertThat(success.get("idempotencyKey").asString()).isEqualTo(grantId);
        assertThat(success.get("playerIds").asString()).isEqualTo(alice);
        assertInvocationFields(success);

        JsonNode refused = summary(lines, "trade", "4xx");
        assertThat(refused.get("status").asInt()).isEqualTo(400);
        assertThat(refused.get("errorCode").asString()).isEqualTo("UNKNOWN_FIELD");
        assertThat(refused.get("idempotencyKey").asString()).isEqualTo(tradeId);
        assertInvocationFields(refused);

        JsonNode unavailable = summary(lines, "leaderboardSubmit", "503");
        assertThat(unavailable.get("status").asInt()).isEqualTo(503);
        assertThat(unavailable.get("errorCode").asString()).isEqualTo("STORE_UNAVAILABLE");
        assertThat(unavailable.get("playerIds").asString()).isEqualTo(alice);
        assertInvocationFields(unavailable);
        // The 503's warning line carries the same request id as its summary.
        assertThat(lines.stream()
                        .map(JsonFunctions.JSON::readTree)
                        .filter(l -> l.path("level").asString("").equals("WARN")
                                && l.path("requestId")
                                        .asString("")
                                        .equals(unavailable.get("requestId").asString())))
                .isNotEmpty();

        JsonNode writer = summary(lines, "snapshotWriter", "queue batch");
        assertInvocationFields(writer);
    }

    private static void assertInvocationFields(JsonNode line) {
        assertThat(line.get("requestId").asString()).isNotBlank();
        assertThat(line.get("coldStart").asString()).isIn("true", "false");
        assertThat(line.get("durationMs").isNumber()).isTrue();
        assertThat(line.get("logger_name").asString()).isEqualTo(Invocation.class.getName());
    }

    /** What the event source mapping does: the queued messages, as one SQS event, to snapshotWriter. */
    @SuppressWarnings("unchecked")
    private static SQSBatchResponse writeQueuedSnapshots() {
        try (SqsClient sqs = SqsClient.builder()
                .endpointOverride(Emulators.aws().endpoint())
                .region(AwsEmulator.REGION)
                .credentialsProvider(AwsEmulator.CREDENTIALS)
                .build()) {
            List<SQSEvent.SQSMessage> records = new ArrayList<>();
            String queue = resources.queueUrl("player-snapshots");
            for (Message message : sqs.receiveMessage(
                            r -> r.queueUrl(queue).maxNumberOfMessages(10).waitTimeSeconds(2))
                    .messages()) {
                SQSEvent.SQSMessage record = new SQSEvent.SQSMessage();
                record.setMessageId(message.messageId());
                record.setBody(message.body());
                records.add(record);
            }
            SQSEvent.SQSMessage malformed = new SQSEvent.SQSMessage();
            malformed.setMessageId("malformed-" + RUN);
            malformed.setBody("{\"not\":\"a snapshot\"}");
            records.add(malformed);
            SQSEvent event = new SQSEvent();
            event.setRecords(records);
            Function<SQSEvent, SQSBatchResponse> writer = app.catalog().lookup("snapshotWriter");
            return writer.apply(event);
        }
    }

    @Test
    void everyFunctionFamilyEmitsValidEmf() {
        emf.clear();
        String bob = "obs-bob-" + RUN;
        String cy = "obs-cy-" + RUN;
        // economy: commits, attempts, a rejection by code
        assertThat(app.call("grant", grant(bob, "gold")).status()).isEqualTo(200);
        assertThat(app.call("grant", grant(cy, "gems")).status()).isEqualTo(200);
        Response rejected = app.call(
                "trade",
                "{\"tradeId\":\"" + UUID.randomUUID() + "\",\"a\":{\"playerId\":\"" + bob
                        + "\",\"gives\":{\"currency\":{\"gold\":1000000}}},\"b\":{\"playerId\":\"" + cy
                        + "\",\"gives\":{\"currency\":{\"gems\":1}}}}");
        assertThat(rejected.status()).as(rejected.body()).isEqualTo(422);
        // config: a new version, picked up by a later economy write
        publishConfig(2);
        long deadline = System.currentTimeMillis() + 30_000;
        while (!has(MetricNames.CONFIG_RELOADS) && System.currentTimeMillis() < deadline) {
            app.call("grant", grant(bob, "gold")); // economy calls read the config in force
            sleep(150);
        }
        // snapshots: ingest, then the writer's batch
        assertThat(app.call("snapshotIngest", "{\"playerId\":\"" + bob + "\",\"version\":1,\"state\":{\"hp\":1}}")
                        .status())
                .isEqualTo(202);
        writeQueuedSnapshots();
        // leaderboards: one live shard, one dead
        assertThat(app.call(
                                "leaderboardSubmit",
                                "{\"board\":\"global-score\",\"playerId\":\"" + bob
                                        + "\",\"region\":\"us-east-1\",\"score\":5}")
                        .status())
                .isEqualTo(200);
        assertThat(app.call(
                                "leaderboardSubmit",
                                "{\"board\":\"global-score\",\"playerId\":\"" + bob
                                        + "\",\"region\":\"ap-southeast-1\",\"score\":5}")
                        .status())
                .isEqualTo(503);
        // terrain: bytes in and out
        String data = Base64.getEncoder().encodeToString(new byte[100]);
        assertThat(app.call(
                                "terrainPut",
                                "{\"world\":\"earth\",\"lod\":0,\"x\":1,\"z\":" + (RUN.hashCode() & 0xffff)
                                        + ",\"data\":\"" + data + "\"}")
                        .status())
                .isEqualTo(200);
        assertThat(app.call(
                                "terrainGet",
                                "{\"world\":\"earth\",\"lod\":0,\"x\":1,\"z\":" + (RUN.hashCode() & 0xffff) + "}")
                        .status())
                .isEqualTo(200);

        List<EmfSpec.Datum> data1 = emf.stream()
                .flatMap(document -> EmfSpec.validate(document).stream())
                .toList();
        Map<String, Set<String>> functionsByMetric = data1.stream()
                .collect(Collectors.groupingBy(
                        EmfSpec.Datum::metric,
                        Collectors.mapping(d -> d.dimensions().get(MetricNames.FUNCTION), Collectors.toSet())));
        assertThat(functionsByMetric.get(MetricNames.INVOCATIONS))
                .contains("grant", "trade", "snapshotIngest", "snapshotWriter", "leaderboardSubmit", "terrainPut");
        assertThat(functionsByMetric.get(MetricNames.LATENCY)).contains("grant", "terrainGet");
        assertThat(functionsByMetric.get(MetricNames.ECONOMY_COMMITS)).containsExactly("grant");
        assertThat(functionsByMetric.get(MetricNames.SPANNER_TRANSACTION_ATTEMPTS))
                .contains("grant", "trade");
        assertThat(functionsByMetric.get(MetricNames.CONFIG_RELOADS)).isNotEmpty();
        assertThat(functionsByMetric.get(MetricNames.SNAPSHOT_MESSAGES_IN)).containsExactly("snapshotWriter");
        assertThat(functionsByMetric.get(MetricNames.SNAPSHOT_PLAYERS_WRITTEN)).containsExactly("snapshotWriter");
        assertThat(functionsByMetric.get(MetricNames.SNAPSHOT_DLQ_BOUND)).containsExactly("snapshotWriter");
        assertThat(functionsByMetric.get(MetricNames.TERRAIN_BYTES_IN)).containsExactly("terrainPut");
        assertThat(functionsByMetric.get(MetricNames.TERRAIN_BYTES_OUT)).containsExactly("terrainGet");
        assertThat(functionsByMetric.get(MetricNames.SERVER_ERRORS)).containsExactly("leaderboardSubmit");

        assertThat(data1)
                .anySatisfy(d -> {
                    assertThat(d.metric()).isEqualTo(MetricNames.ECONOMY_REJECTIONS);
                    assertThat(d.dimensions()).containsEntry(MetricNames.ERROR_CODE, "INSUFFICIENT_FUNDS");
                })
                .anySatisfy(d -> {
                    assertThat(d.metric()).isEqualTo(MetricNames.ERRORS);
                    assertThat(d.dimensions())
                            .containsEntry(MetricNames.FUNCTION, "trade")
                            .containsEntry(MetricNames.ERROR_CODE, "INSUFFICIENT_FUNDS");
                })
                .anySatisfy(d -> {
                    assertThat(d.metric()).isEqualTo(MetricNames.LEADERBOARD_SHARD_CALLS);
                    assertThat(d.dimensions())
                            .containsEntry(MetricNames.FUNCTION, "leaderboardSubmit")
                            .containsEntry(MetricNames.SHARD, "us-east-1");
                })
                .anySatisfy(d -> {
                    assertThat(d.metric()).isEqualTo(MetricNames.LEADERBOARD_SHARD_LATENCY);
                    assertThat(d.dimensions()).containsEntry(MetricNames.SHARD, "ap-southeast-1");
                });
        // Never a player id in a dimension.
        assertThat(data1)
                .allSatisfy(d -> assertThat(String.join(",", d.dimensions().values()))
                        .doesNotContain(bob)
                        .doesNotContain(cy));
    }

    @Test
    void snapStartPrimingIsSilentAndLeavesTheColdStartToTheFirstRealCall() {
        String function = "primed-" + RUN;
        emf.clear();
        List<String> lines = logLines(() -> Invocation.priming(() -> {
            for (int i = 0; i < 3; i++) {
                try (Invocation invocation = Invocation.start(function, null, RequestKeys.NONE)) {
                    invocation.answered(400, "UNKNOWN_FIELD");
                }
            }
            app.call("grant", "{\"snapStartPriming\":true}");
        }));
        assertThat(lines).as("no summary line while priming").isEmpty();
        assertThat(emf).as("no EMF while priming").isEmpty();

        String coldStart;
        try (Invocation first = Invocation.start(function, "after-restore", RequestKeys.NONE)) {
            coldStart = org.slf4j.MDC.get(Invocation.COLD_START);
        }
        assertThat(coldStart).isEqualTo("true");
        assertThat(emf).anySatisfy(document -> assertThat(document).contains("\"" + function + "\""));
    }

    private static boolean has(String metric) {
        return emf.stream().anyMatch(document -> document.contains("\"" + metric + "\""));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Writes to the original stdout (surefire's report) and to the capture. */
    private static final class Tee extends OutputStream {
        private final OutputStream first;
        private final OutputStream second;

        Tee(OutputStream first, OutputStream second) {
            this.first = first;
            this.second = second;
        }

        @Override
        public void write(int b) throws java.io.IOException {
            first.write(b);
            second.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws java.io.IOException {
            first.write(b, off, len);
            second.write(b, off, len);
        }

        @Override
        public void flush() throws java.io.IOException {
            first.flush();
            second.flush();
        }
    }
}
