package com.bluemarble.functions.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.bluemarble.functions.adapter.s3.config.GameConfigJson;
import com.bluemarble.functions.app.JsonFunctions;
import com.bluemarble.functions.core.config.GameConfig;
import com.bluemarble.functions.core.config.InvalidGameConfigException;
import com.bluemarble.functions.core.error.ErrorCode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.cloud.function.context.FunctionCatalog;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Issue 11's hostile-input suite: per area, a seeded generator mutates valid requests (wrong
 * types, huge and odd numbers, Unicode edge cases, deep nesting, duplicate keys, missing and extra
 * fields, giant strings, truncated and non-JSON bodies) and sends them through the real function
 * beans on the emulators. Every answer must be below 500 and, when an error, the contract's shape
 * with a code of {@link ErrorCode} whose status is the one answered; the stores must be as before.
 * The base requests are applied once first, so that a mutation that stays valid is a replay, a
 * superseded version, a lower score or an existing chunk: it changes nothing either.
 * Reproduce a failure with the printed seed ({@code -Dhostile.seed=...}).
 */
class HostileInputTest {

    private static final int PER_AREA = Integer.getInteger("hostile.perArea", 1000);
    private static final long SEED = Long.getLong("hostile.seed", System.nanoTime());
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Set<Integer> CONTRACT_STATUSES = Set.of(200, 202, 400, 404, 409, 410, 422);

    private static LocalRunner.Running running;
    private static FunctionCatalog catalog;
    private final Random random = new Random(SEED);

    record Answer(int status, String body) {}

    @BeforeAll
    static void start() {
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        running = LocalRunner.start(
                0,
                LocalRunner.LOOPBACK,
                "hostile-" + UUID.randomUUID().toString().substring(0, 8),
                quiet,
                // Input handling is under test, not deadlines (the outage tests cover those): on a
                // loaded machine a store answering in 2 s must not turn into a 503 here.
                Map.of(
                        "bluemarble.leaderboard.connect-timeout", "5s",
                        "bluemarble.leaderboard.command-timeout", "15s",
                        "bluemarble.leaderboard.query-timeout", "20s",
                        "bluemarble.spanner.transaction-timeout", "30s",
                        "bluemarble.spanner.read-timeout", "20s",
                        "bluemarble.snapshots.call-timeout", "20s"));
        catalog = running.context().getBean(FunctionCatalog.class);
        System.out.println("HostileInputTest seed: " + SEED + " (rerun with -Dhostile.seed=" + SEED + ")");
    }

    @AfterAll
    static void stop() {
        // Every local stack of this JVM shares moto's snapshot queue: leave no accepted snapshot queued for the
        // next test class's poller to drain before its own.
        String queueUrl = running.context().getEnvironment().getProperty("bluemarble.snapshots.queue-url");
        running.context()
                .getBean(com.bluemarble.functions.app.snapshot.SnapshotConfiguration.SnapshotClients.class)
                .sqs()
                .purgeQueue(r -> r.queueUrl(queueUrl));
        running.close();
    }

    private static Answer call(String function, byte[] body) {
        Function<Message<byte[]>, Message<byte[]>> bean = catalog.lookup(function);
        Message<byte[]> reply = bean.apply(MessageBuilder.withPayload(body).build());
        return new Answer(
                (Integer) reply.getHeaders().get(JsonFunctions.STATUS_HEADER),
                new String(reply.getPayload(), StandardCharsets.UTF_8));
    }

    private static Answer call(String function, String body) {
        return call(function, body.getBytes(StandardCharsets.UTF_8));
    }

    private static JsonNode json(String text) {
        return JsonFunctions.JSON.readTree(text);
    }

    // ---- the generator ----

    private static final String GIANT = "g".repeat(300_000);

    private JsonNode hostileValue() {
        return switch (random.nextInt(26)) {
            case 0 -> NODES.booleanNode(true);
            case 1 -> NODES.booleanNode(false);
            case 2 -> NODES.nullNode();
            case 3 -> NODES.numberNode(0);
            case 4 -> NODES.numberNode(-1);
            case 5 -> NODES.numberNode(1.5);
            case 6 -> NODES.rawValueNode(new tools.jackson.databind.util.RawValue("1e400"));
            case 7 -> NODES.rawValueNode(new tools.jackson.databind.util.RawValue("-0"));
            case 8 -> NODES.rawValueNode(new tools.jackson.databind.util.RawValue("9223372036854775808"));
            case 9 -> NODES.rawValueNode(new tools.jackson.databind.util.RawValue("-9223372036854775809"));
            case 10 -> NODES.numberNode(Long.MAX_VALUE);
            case 11 -> NODES.stringNode("");
            case 12 -> NODES.stringNode(" ");
            case 13 -> NODES.stringNode("\ud800");
            case 14 -> NODES.stringNode("a\u0000b");
            case 15 -> NODES.stringNode("\uffff\ufffe");
            case 16 -> NODES.stringNode("\ud83d\ude00");
            case 17 -> NODES.stringNode("../..%2F%00");
            case 18 -> NODES.stringNode(GIANT);
            case 19 -> NODES.arrayNode();
            case 20 -> NODES.objectNode();
            case 21 -> nested(random.nextInt(2000) + 10);
            case 22 -> NODES.stringNode("1");
            case 23 -> NODES.stringNode("true");
            case 24 -> NODES.rawValueNode(new tools.jackson.databind.util.RawValue("1.00000000000000000001"));
            default -> NODES.stringNode("x".repeat(65 + random.nextInt(100)));
        };
    }

    /** Deep nesting as raw text (the test's own writer refuses to write past Jackson's depth limit). */
    private static JsonNode nested(int depth) {
        return NODES.rawValueNode(new tools.jackson.databind.util.RawValue(deep(depth)));
    }

    private static String deep(int depth) {
        return "[".repeat(depth) + "1" + "]".repeat(depth);
    }

    /** Every object or array position in the tree, as parents. */
    private static void containers(JsonNode node, List<JsonNode> out) {
        if (node.isObject() || node.isArray()) {
            out.add(node);
            for (JsonNode child : node) {
                containers(child, out);
            }
        }
    }

    /** One hostile body derived from {@code base}. */
    private byte[] mutate(ObjectNode base) {
        ObjectNode copy = base.deepCopy();
        List<JsonNode> places = new ArrayList<>();
        containers(copy, places);
        JsonNode place = places.get(random.nextInt(places.size()));
        int kind = random.nextInt(12);
        switch (kind) {
            case 0, 1, 2, 3 -> { // replace a value
                if (place instanceof ObjectNode object && !object.isEmpty()) {
                    List<String> names = new ArrayList<>(object.propertyNames());
                    object.set(names.get(random.nextInt(names.size())), hostileValue());
                } else if (place instanceof ArrayNode array && !array.isEmpty()) {
                    array.set(random.nextInt(array.size()), hostileValue());
                } else {
                    copy.set("id", hostileValue());
                }
            }
            case 4 -> { // remove a field
                if (place instanceof ObjectNode object && !object.isEmpty()) {
                    List<String> names = new ArrayList<>(object.propertyNames());
                    object.remove(names.get(random.nextInt(names.size())));
                } else {
                    copy.removeAll();
                }
            }
            case 5 -> { // an extra field
                if (place instanceof ObjectNode object) {
                    object.set("zz" + random.nextInt(5), hostileValue());
                } else {
                    ((ArrayNode) place).add(hostileValue());
                }
            }
            case 6 -> { // a duplicate key, textually
                String text = text(copy);
                int at = text.indexOf("\":");
                if (at > 0) {
                    int start = text.lastIndexOf('"', at - 1);
                    String key = text.substring(start, at + 2);
                    return (text.substring(0, 1) + key + "1," + text.substring(1)).getBytes(StandardCharsets.UTF_8);
                }
            }
            case 7 -> { // truncated
                byte[] bytes = text(copy).getBytes(StandardCharsets.UTF_8);
                return Arrays.copyOf(bytes, random.nextInt(bytes.length));
            }
            case 8 -> { // not an object
                return switch (random.nextInt(6)) {
                    case 0 -> ("[" + text(copy) + "]").getBytes(StandardCharsets.UTF_8);
                    case 1 -> "null".getBytes(StandardCharsets.UTF_8);
                    case 2 -> "\"{}\"".getBytes(StandardCharsets.UTF_8);
                    case 3 -> (text(copy) + " {}").getBytes(StandardCharsets.UTF_8);
                    case 4 -> new byte[] {(byte) 0xC3, (byte) 0x28, '{', '}'};
                    default -> ("{\"a\":" + deep(5000) + "}").getBytes(StandardCharsets.UTF_8);
                };
            }
            case 9 -> { // invalid UTF-8 or a raw lone surrogate inside a string
                String text = text(copy);
                int quote = text.indexOf('"', 2);
                byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
                if (quote > 0) {
                    byte[] out = new byte[bytes.length + 3];
                    System.arraycopy(bytes, 0, out, 0, quote);
                    out[quote] = (byte) 0xED; // CESU-8 of U+D800
                    out[quote + 1] = (byte) 0xA0;
                    out[quote + 2] = (byte) 0x80;
                    System.arraycopy(bytes, quote, out, quote + 3, bytes.length - quote);
                    return out;
                }
            }
            case 10 -> { // two mutations
                byte[] once = mutate(copy);
                try {
                    JsonNode parsed = JsonFunctions.JSON.readTree(once);
                    if (parsed instanceof ObjectNode object) {
                        return mutate(object);
                    }
                } catch (RuntimeException notJson) {
                    // a structural mutation: keep it
                }
                return once;
            }
            default -> { // a hostile value at the top level
                List<String> names = new ArrayList<>(copy.propertyNames());
                copy.set(
                        names.isEmpty() ? "x" : names.get(random.nextInt(names.size())),
                        random.nextBoolean() ? hostileValue() : nested(random.nextInt(1500)));
            }
        }
        return text(copy).getBytes(StandardCharsets.UTF_8);
    }

    private static String text(JsonNode node) {
        return JsonFunctions.JSON.writeValueAsString(node);
    }

    // ---- the checks ----

    private record Run(Map<Integer, Integer> statuses, Map<String, Integer> codes) {}

    private Run fuzz(String area, List<String> functions, List<ObjectNode> bases) {
        Map<Integer, Integer> statuses = new TreeMap<>();
        Map<String, Integer> codes = new TreeMap<>();
        for (int i = 0; i < PER_AREA; i++) {
            int which = random.nextInt(functions.size());
            String function = functions.get(which);
            byte[] body = mutate(bases.get(which));
            Answer answer = call(function, body);
            String shown = function + " " + new String(body, 0, Math.min(body.length, 300), StandardCharsets.UTF_8)
                    + " -> " + answer.status() + " "
                    + answer.body().substring(0, Math.min(answer.body().length(), 300)) + " (seed " + SEED + ")";
            assertThat(CONTRACT_STATUSES).as(shown).contains(answer.status());
            statuses.merge(answer.status(), 1, Integer::sum);
            if (answer.status() >= 400) {
                JsonNode error = json(answer.body());
                assertThat(error.isObject()).as(shown).isTrue();
                assertThat(error.path("error").isString()).as(shown).isTrue();
                assertThat(error.path("message").isString()).as(shown).isTrue();
                ErrorCode code = ErrorCode.valueOf(error.get("error").asString());
                assertThat(code.httpStatus()).as(shown).isEqualTo(answer.status());
                assertThat(error.get("message").asString()).as(shown).doesNotContain("$", "Exception", "com.");
                codes.merge(code.name(), 1, Integer::sum);
            }
        }
        System.out.println(
                "hostile " + area + ": " + PER_AREA + " payloads, statuses " + statuses + ", codes " + codes);
        return new Run(statuses, codes);
    }

    private static ObjectNode object(String json) {
        return (ObjectNode) json(json);
    }

    private static void assertOk(Answer answer) {
        assertThat(answer.status()).as(answer.body()).isBetween(200, 202);
    }

    @Test
    void economy() {
        String grantId = UUID.randomUUID().toString();
        String tradeId = UUID.randomUUID().toString();
        ObjectNode grant = object("{\"grantId\":\"" + grantId
                + "\",\"playerId\":\"hx-ann\",\"currency\":{\"gold\":100,\"gems\":5},\"items\":{\"potion\":3}}");
        ObjectNode trade = object("{\"tradeId\":\"" + tradeId
                + "\",\"a\":{\"playerId\":\"hx-ann\",\"gives\":{\"currency\":{\"gold\":10},\"items\":{\"potion\":1}}},"
                + "\"b\":{\"playerId\":\"hx-bo\",\"gives\":{\"currency\":{\"gems\":1}}}}");
        assertOk(call("grant", text(grant)));
        assertOk(call(
                "grant",
                "{\"grantId\":\"" + UUID.randomUUID() + "\",\"playerId\":\"hx-bo\",\"currency\":{\"gems\":5}}"));
        assertOk(call("trade", text(trade)));
        ObjectNode playerEconomy = object("{\"playerId\":\"hx-ann\",\"maxStalenessSeconds\":0}");
        ObjectNode audit = object("{}");
        Supplier<String> state = () -> {
            ObjectNode all = (ObjectNode) json(call("economyAudit", "{}").body());
            all.remove("readTimestamp");
            all.set(
                    "ann",
                    json(call("playerEconomy", "{\"playerId\":\"hx-ann\"}").body()));
            all.set("bo", json(call("playerEconomy", "{\"playerId\":\"hx-bo\"}").body()));
            return text(all);
        };
        String before = state.get();

        fuzz(
                "economy",
                List.of("grant", "trade", "playerEconomy", "economyAudit"),
                List.of(grant, trade, playerEconomy, audit));

        assertThat(state.get()).isEqualTo(before);
    }

    @Test
    void snapshots() throws InterruptedException {
        // Version 2^63-1 stored first: any accepted mutation (same version, or a valid player id from
        // the pool such as "1" or "true", also stored at 2^63-1) is superseded and changes nothing.
        String top = Long.toString(Long.MAX_VALUE);
        ObjectNode full = object("{\"playerId\":\"hx-snap\",\"version\":" + top
                + ",\"state\":{\"zone\":\"a\",\"pos\":[1,2,3],\"bag\":{\"note\":\"hi\",\"n\":1.5}}}");
        ObjectNode batch = object("{\"snapshots\":[" + text(full) + "]}");
        ObjectNode load = object("{\"playerId\":\"hx-snap\"}");
        List<String> players = List.of("hx-snap", "1", "true");
        for (String player : players) {
            ObjectNode copy = full.deepCopy();
            copy.put("playerId", player);
            assertOk(call("snapshotIngest", text(copy)));
        }
        Supplier<String> state = () -> {
            StringBuilder all = new StringBuilder();
            for (String player : players) {
                all.append(call("snapshotLoad", "{\"playerId\":\"" + player + "\"}")
                        .body());
            }
            return all.toString();
        };
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (state.get().contains("UNKNOWN_PLAYER") && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        String before = state.get();
        assertThat(before).doesNotContain("UNKNOWN_PLAYER");

        fuzz("snapshots", List.of("snapshotIngest", "snapshotIngest", "snapshotLoad"), List.of(full, batch, load));

        Thread.sleep(3000); // let the local poller handle what was accepted
        assertThat(state.get()).isEqualTo(before);
    }

    @Test
    void leaderboards() {
        long max = 1L << 53;
        ObjectNode submit = object(
                "{\"board\":\"global-score\",\"playerId\":\"hx-lb\",\"region\":\"eu-west-1\",\"score\":" + max + "}");
        ObjectNode top = object("{\"board\":\"global-score\",\"region\":\"eu-west-1\",\"limit\":10}");
        ObjectNode rank = object("{\"board\":\"global-score\",\"playerId\":\"hx-lb\",\"around\":2}");
        assertOk(call("leaderboardSubmit", text(submit)));
        for (String player : List.of("1", "true")) { // valid ids in the hostile pool: at the top score too
            ObjectNode copy = submit.deepCopy();
            copy.put("playerId", player);
            assertOk(call("leaderboardSubmit", text(copy)));
        }
        Supplier<String> state = () -> call("leaderboardTop", "{\"board\":\"global-score\",\"limit\":100}")
                        .body()
                + call("leaderboardTop", "{\"board\":\"weekly-score\",\"limit\":100}")
                        .body();
        String before = state.get();

        fuzz(
                "leaderboards",
                List.of("leaderboardSubmit", "leaderboardTop", "leaderboardRank"),
                List.of(submit, top, rank));

        assertThat(state.get()).isEqualTo(before);
    }

    @Test
    void terrainAndBackups() {
        // Every coordinate a mutation can produce (0, -1 and the base's 3) already holds a chunk: creates are 409.
        for (int x : new int[] {0, -1, 3}) {
            for (int z : new int[] {0, -1, 3}) {
                call("terrainPut", "{\"world\":\"earth\",\"lod\":0,\"x\":" + x + ",\"z\":" + z + ",\"data\":\"AQID\"}");
            }
        }
        ObjectNode put = object("{\"world\":\"earth\",\"lod\":0,\"x\":3,\"z\":3,\"data\":\"AQID\"}");
        ObjectNode get = object("{\"world\":\"earth\",\"lod\":0,\"x\":3,\"z\":3}");
        ObjectNode region = object("{\"world\":\"earth\",\"lod\":0,\"minX\":-1,\"minZ\":-1,\"maxX\":3,\"maxZ\":3}");
        ObjectNode restore = object("{\"backupId\":\"" + UUID.randomUUID() + "\",\"force\":false}");
        ObjectNode list = object("{}");
        Supplier<String> state = () -> call("terrainGetRegion", text(region)).body()
                + call(
                                "terrainGetRegion",
                                "{\"world\":\"moon\",\"lod\":0,\"minX\":-1,\"minZ\":-1,\"maxX\":3,\"maxZ\":3}")
                        .body()
                + call("backupList", "{}").body();
        String before = state.get();

        fuzz(
                "terrain and backups",
                // backupCreate is left out: its whole request is {}, so a mutation that removes a field
                // makes a valid request that (rightly) creates a backup.
                List.of("terrainPut", "terrainGet", "terrainGetRegion", "backupRestore", "backupList"),
                List.of(put, get, region, restore, list));

        assertThat(state.get()).isEqualTo(before);
    }

    /** Game config documents: a valid config or InvalidGameConfigException, never anything else. */
    @Test
    void gameConfigDocuments() {
        ObjectNode base = object("{\"version\":3,\"replacesVersion\":2,\"trade\":{\"maxAssetsPerSide\":32,"
                + "\"maxUniqueInstancesPerRequest\":100,\"untradableSkus\":[\"soulbound-ring\",\"relic\"]}}");
        Map<String, Integer> outcomes = new LinkedHashMap<>();
        for (int i = 0; i < PER_AREA * 2; i++) {
            byte[] document = mutate(base);
            try {
                GameConfig config = GameConfigJson.parse(document);
                assertThat(config.version()).isBetween(1L, GameConfig.MAX_VERSION);
                outcomes.merge("valid", 1, Integer::sum);
            } catch (InvalidGameConfigException e) {
                outcomes.merge("refused", 1, Integer::sum);
            }
        }
        System.out.println("hostile game config: " + outcomes);
        assertThat(outcomes).containsKey("refused");
    }
}
