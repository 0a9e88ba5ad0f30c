package com.bluemarble.functions.app.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import com.bluemarble.functions.app.FunctionsTestContext;
import com.bluemarble.functions.app.FunctionsTestContext.Response;
import com.bluemarble.functions.emulators.AwsResources;
import com.bluemarble.functions.emulators.Emulators;
import com.bluemarble.functions.emulators.Ports;
import com.bluemarble.functions.emulators.RedisServers;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Traces leave the process as the ADOT collector layer receives them (docs/operations.md, "Traces"): OTLP/HTTP
 * protobuf, decoded here with the protocol's own classes by a receiver standing where the collector listens.
 * Each invocation is a child of the X-Ray header Lambda hands the runtime, each store call (Spanner, DynamoDB,
 * SQS, S3, Redis) a child of its invocation annotated with the function and the idempotency key, and the spans
 * are exported before the function answers (Lambda freezes the process after that).
 */
class TracesTest {

    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final String MARKER = "STATE-MARKER-" + RUN;
    private static final String LAMBDA_TRACE_HEADER = "com.amazonaws.xray.traceHeader";

    /** One decoded span with its service name. */
    record Exported(String service, Span span) {
        String name() {
            return span.getName();
        }

        String traceId() {
            return HexFormat.of().formatHex(span.getTraceId().toByteArray());
        }

        String spanId() {
            return HexFormat.of().formatHex(span.getSpanId().toByteArray());
        }

        String parentId() {
            return HexFormat.of().formatHex(span.getParentSpanId().toByteArray());
        }

        Map<String, String> attributes() {
            return span.getAttributesList().stream()
                    .collect(Collectors.toMap(
                            KeyValue::getKey, kv -> text(kv.getValue()), (a, b) -> a, LinkedHashMap::new));
        }

        private static String text(AnyValue value) {
            return switch (value.getValueCase()) {
                case STRING_VALUE -> value.getStringValue();
                case INT_VALUE -> Long.toString(value.getIntValue());
                case BOOL_VALUE -> Boolean.toString(value.getBoolValue());
                case ARRAY_VALUE ->
                    value.getArrayValue().getValuesList().stream()
                            .map(Exported::text)
                            .toList()
                            .toString();
                default -> value.toString();
            };
        }
    }

    private static final List<Exported> exported = new CopyOnWriteArrayList<>();
    private static HttpServer collector;
    private static FunctionsTestContext app;
    private static final Map<String, Object> properties = new LinkedHashMap<>();

    @BeforeAll
    static void start() throws Exception {
        collector = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        collector.createContext("/v1/traces", exchange -> {
            try (InputStream body = exchange.getRequestBody()) {
                ExportTraceServiceRequest request = ExportTraceServiceRequest.parseFrom(body.readAllBytes());
                for (ResourceSpans resource : request.getResourceSpansList()) {
                    String service = resource.getResource().getAttributesList().stream()
                            .filter(kv -> kv.getKey().equals("service.name"))
                            .map(kv -> kv.getValue().getStringValue())
                            .findFirst()
                            .orElse("");
                    for (ScopeSpans scope : resource.getScopeSpansList()) {
                        scope.getSpansList().forEach(span -> exported.add(new Exported(service, span)));
                    }
                }
            }
            exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        collector.start();
        // What the CDK app sets in AWS (the collector layer's port), pointed at this receiver.
        Traces.install(new Traces.Settings(
                "http://127.0.0.1:" + collector.getAddress().getPort() + "/v1/traces",
                "bluemarble-test",
                "us-east-1",
                true));

        AwsResources resources = Emulators.aws().provision("trc" + RUN);
        RedisServers redis = Emulators.redis();
        properties.putAll(FunctionsTestContext.awsStoreProperties(resources));
        properties.put("bluemarble.backups.bucket", resources.bucket("bluemarble-backups"));
        properties.put(
                "bluemarble.leaderboard.endpoints", "us-east-1=" + redis.uris().get(0));
        properties.put("bluemarble.leaderboard.connect-timeout", "300ms");
        properties.put("bluemarble.leaderboard.archive.bucket", resources.bucket("bluemarble-backups"));
        app = FunctionsTestContext.start(properties);
    }

    @AfterAll
    static void stop() {
        Traces.install(new Traces.Settings(null, "bluemarble-test", null, false));
        if (app != null) {
            app.close();
        }
        collector.stop(0);
    }

    @BeforeEach
    void clear() {
        exported.clear();
    }

    @AfterEach
    void noLambdaHeader() {
        System.clearProperty(LAMBDA_TRACE_HEADER);
    }

    /** Lambda's X-Ray header for one invocation: the runtime sets it as a system property before the handler. */
    private static String[] lambdaInvocation(boolean sampled) {
        String root = Long.toHexString(System.currentTimeMillis() / 1000) + randomHex(12);
        String parent = randomHex(8);
        System.setProperty(
                LAMBDA_TRACE_HEADER,
                "Root=1-" + root.substring(0, 8) + "-" + root.substring(8) + ";Parent=" + parent + ";Sampled="
                        + (sampled ? 1 : 0));
        return new String[] {root, parent};
    }

    private static String randomHex(int bytes) {
        byte[] random = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }

    /** The invocation span of {@code function} under the given X-Ray ids, and its store spans. */
    private static List<Exported> invocation(String function, String[] xray) {
        List<Exported> roots = exported.stream()
                .filter(s -> s.name().equals(function) && s.traceId().equals(xray[0]))
                .toList();
        assertThat(roots)
                .as("one invocation span of " + function + " in " + exported)
                .hasSize(1);
        Exported root = roots.get(0);
        assertThat(root.span().getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_SERVER);
        assertThat(root.parentId()).as("child of Lambda's segment").isEqualTo(xray[1]);
        assertThat(root.service()).isEqualTo("bluemarble-test");
        assertThat(root.attributes()).containsEntry("function", function);
        List<Exported> stores = exported.stream()
                .filter(s -> s.traceId().equals(xray[0]) && s != root)
                .toList();
        for (Exported store : stores) {
            assertThat(store.parentId())
                    .as(store.name() + " is a child of " + function)
                    .isEqualTo(root.spanId());
            assertThat(store.span().getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_CLIENT);
            assertThat(store.attributes())
                    .containsEntry("function", function)
                    .containsEntry("aws.xray.annotations", "[function, idempotency_key, store]")
                    .containsKey("store");
        }
        return exported.stream().filter(s -> s.traceId().equals(xray[0])).toList();
    }

    private static List<String> names(List<Exported> spans) {
        return spans.stream().map(Exported::name).toList();
    }

    @Test
    void eachStoreCallIsASpanOfItsInvocationExportedBeforeTheAnswer() {
        String player = "trc-" + RUN;
        String grantId = UUID.randomUUID().toString();

        String[] grant = lambdaInvocation(true);
        Response granted = app.call(
                "grant", "{\"grantId\":\"" + grantId + "\",\"playerId\":\"" + player + "\",\"currency\":{\"gold\":5}}");
        assertThat(granted.status()).as(granted.body()).isEqualTo(200);
        // No wait: the spans were sent before app.call returned.
        List<Exported> grantSpans = invocation("grant", grant);
        assertThat(names(grantSpans)).contains("Spanner readWrite");
        assertThat(grantSpans).allSatisfy(s -> assertThat(s.attributes()).containsEntry("idempotency_key", grantId));

        String[] ingest = lambdaInvocation(true);
        Response ingested = app.call(
                "snapshotIngest",
                "{\"playerId\":\"" + player + "\",\"version\":1,\"state\":{\"note\":\"" + MARKER + "\"}}");
        assertThat(ingested.status()).as(ingested.body()).isEqualTo(202);
        assertThat(names(invocation("snapshotIngest", ingest)))
                .contains("DynamoDb BatchGetItem", "Sqs SendMessageBatch");

        String[] submit = lambdaInvocation(true);
        Response submitted = app.call(
                "leaderboardSubmit",
                "{\"board\":\"global-score\",\"playerId\":\"" + player + "\",\"region\":\"us-east-1\",\"score\":7}");
        assertThat(submitted.status()).as(submitted.body()).isEqualTo(200);
        assertThat(names(invocation("leaderboardSubmit", submit))).anyMatch(n -> n.startsWith("Redis shards"));

        String[] put = lambdaInvocation(true);
        Response stored = app.call(
                "terrainPut",
                "{\"world\":\"earth\",\"lod\":0,\"x\":2,\"z\":" + (RUN.hashCode() & 0xffff) + ",\"data\":\""
                        + Base64.getEncoder().encodeToString(new byte[64]) + "\"}");
        assertThat(stored.status()).as(stored.body()).isEqualTo(200);
        assertThat(names(invocation("terrainPut", put))).anyMatch(n -> n.startsWith("S3 "));

        assertThat(exported.stream().flatMap(s -> s.attributes().values().stream()))
                .as("no state reaches a span")
                .noneMatch(value -> value.contains(MARKER));
    }

    @Test
    void storeCallsOnPoolThreadsStayInTheirInvocation() {
        String[] backup = lambdaInvocation(true);
        Response created = app.call("backupCreate", "{}");
        assertThat(created.status()).as(created.body()).isEqualTo(200);
        // The backup's units run on a pool (BackupService): the snapshot unit's table scan and the leaderboard unit's
        // shard reads happen there only, and still hang off backupCreate.
        List<Exported> spans = invocation("backupCreate", backup);
        assertThat(names(spans)).contains("DynamoDb Scan", "S3 PutObject").anyMatch(n -> n.startsWith("Redis shards"));
    }

    @Test
    void aFailedInvocationIsAnErrorSpanWithItsCode() {
        // Its own application: a second leaderboard region at a port nothing listens on (calls there answer 503).
        Map<String, Object> withDeadShard = new LinkedHashMap<>(properties);
        withDeadShard.put(
                "bluemarble.leaderboard.endpoints",
                properties.get("bluemarble.leaderboard.endpoints") + ",ap-southeast-1=redis://127.0.0.1:"
                        + Ports.freePort());
        Response refused;
        String[] submit;
        try (FunctionsTestContext deadShard = FunctionsTestContext.start(withDeadShard)) {
            submit = lambdaInvocation(true);
            refused = deadShard.call(
                    "leaderboardSubmit",
                    "{\"board\":\"global-score\",\"playerId\":\"trc-x-" + RUN
                            + "\",\"region\":\"ap-southeast-1\",\"score\":7}");
        }
        assertThat(refused.status()).as(refused.body()).isEqualTo(503);
        List<Exported> spans = invocation("leaderboardSubmit", submit);
        Exported root = spans.stream()
                .filter(s -> s.name().equals("leaderboardSubmit"))
                .findFirst()
                .orElseThrow();
        assertThat(root.span().getStatus().getCode()).isEqualTo(Status.StatusCode.STATUS_CODE_ERROR);
        assertThat(root.attributes())
                .containsEntry("error_code", "STORE_UNAVAILABLE")
                .containsEntry("http.response.status_code", "503");
        assertThat(spans)
                .filteredOn(s -> s.name().startsWith("Redis"))
                .isNotEmpty()
                .allSatisfy(
                        s -> assertThat(s.span().getStatus().getCode()).isEqualTo(Status.StatusCode.STATUS_CODE_ERROR));
    }

    @Test
    void anInvocationLambdaDidNotSampleExportsNothing() {
        String[] unsampled = lambdaInvocation(false);
        Response granted = app.call(
                "grant",
                "{\"grantId\":\"" + UUID.randomUUID() + "\",\"playerId\":\"trc-u-" + RUN
                        + "\",\"currency\":{\"gold\":1}}");
        assertThat(granted.status()).isEqualTo(200);
        System.clearProperty(LAMBDA_TRACE_HEADER);
        // In Lambda (no header = no active tracing) nothing is recorded either: a root would not be an X-Ray trace.
        assertThat(app.call("terrainGet", "{\"world\":\"earth\",\"lod\":0,\"x\":0,\"z\":0}")
                        .status())
                .isIn(200, 404);
        assertThat(exported).as("trace " + unsampled[0]).isEmpty();
    }

    @Test
    void aCollectorInTroubleGetsOneAttemptPerInvocationAndTheAnswerStillLeaves() throws Exception {
        // A collector that answers 503: the exporter's default policy would retry it with back-off inside the flush
        // that holds the answer. One attempt per invocation, then the spans are dropped.
        java.util.concurrent.atomic.AtomicInteger attempts = new java.util.concurrent.atomic.AtomicInteger();
        HttpServer failing = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        failing.createContext("/v1/traces", exchange -> {
            exchange.getRequestBody().readAllBytes();
            attempts.incrementAndGet();
            exchange.sendResponseHeaders(503, -1);
            exchange.close();
        });
        failing.start();
        try {
            Traces.install(new Traces.Settings(
                    "http://127.0.0.1:" + failing.getAddress().getPort() + "/v1/traces",
                    "bluemarble-test",
                    null,
                    true));
            for (int i = 0; i < 3; i++) {
                lambdaInvocation(true);
                Response answer = app.call("terrainGet", "{\"world\":\"earth\",\"lod\":0,\"x\":0,\"z\":0}");
                assertThat(answer.status()).isIn(200, 404);
                assertThat(attempts.get())
                        .as("export attempts after invocation " + i)
                        .isEqualTo(i + 1);
            }
        } finally {
            Traces.install(new Traces.Settings(
                    "http://127.0.0.1:" + collector.getAddress().getPort() + "/v1/traces",
                    "bluemarble-test",
                    "us-east-1",
                    true));
            failing.stop(0);
        }
    }

    @Test
    void settingsFollowTheOpenTelemetryVariables() {
        assertThat(Traces.Settings.fromEnvironment(Map.of()).endpoint()).isNull();
        Traces.Settings lambda = Traces.Settings.fromEnvironment(Map.of(
                "OTEL_EXPORTER_OTLP_ENDPOINT", "http://localhost:4318/",
                "AWS_LAMBDA_FUNCTION_NAME", "bluemarble-trade",
                "AWS_REGION", "eu-west-1"));
        assertThat(lambda)
                .isEqualTo(
                        new Traces.Settings("http://localhost:4318/v1/traces", "bluemarble-trade", "eu-west-1", true));
        assertThat(Traces.Settings.fromEnvironment(Map.of(
                        "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "http://collector:4318/v1/traces",
                        "OTEL_SERVICE_NAME", "local")))
                .isEqualTo(new Traces.Settings("http://collector:4318/v1/traces", "local", null, false));
        assertThat(Traces.Settings.fromEnvironment(Map.of(
                                "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "http://collector:4318/v1/traces",
                                "OTEL_TRACES_EXPORTER", "none"))
                        .endpoint())
                .isNull();
    }
}
