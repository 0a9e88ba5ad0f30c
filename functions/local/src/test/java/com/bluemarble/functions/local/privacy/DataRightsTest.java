package com.bluemarble.functions.local.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import com.bluemarble.functions.adapter.dynamodb.DynamoDbSnapshotTable;
import com.bluemarble.functions.app.JsonFunctions;
import com.bluemarble.functions.core.player.PlayerId;
import com.bluemarble.functions.core.privacy.ErasureLog;
import com.bluemarble.functions.core.privacy.ErasureSaga;
import com.bluemarble.functions.core.privacy.ExportJob;
import com.bluemarble.functions.core.privacy.LocalPrivacyDriver;
import com.bluemarble.functions.core.privacy.PlayerDataStore;
import com.bluemarble.functions.local.LocalRunner;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Issue 15's tests of player data rights on the emulators, over real HTTP against the whole local
 * stack (Spanner, SQS/DynamoDB/S3 on moto, Redis). The stack's driver is {@code none}: each test runs
 * the steps itself, with the local driver's code ({@link LocalPrivacyDriver}) or by calling
 * {@code playerEraseStep} as the Step Functions state machine does, so it can stop and resume anywhere.
 */
class DataRightsTest {

    private static LocalRunner.Running running;
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final LocalPrivacyDriver.Backoff BACKOFF =
            new LocalPrivacyDriver.Backoff(Duration.ofMillis(50), Duration.ofMillis(500), 8);

    record Call(String function, long sentNanos, long answeredNanos, int status, String body) {}

    @BeforeAll
    static void start() {
        PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        running = LocalRunner.start(
                0,
                "127.0.0.1",
                "rights-" + UUID.randomUUID().toString().substring(0, 8),
                out,
                Map.of("bluemarble.privacy.driver", "none"));
    }

    @AfterAll
    static void stop() {
        if (running != null) {
            running.close();
        }
    }

    static Call post(String function, String json) {
        long sent = System.nanoTime();
        try {
            HttpResponse<String> response = HTTP.send(
                    HttpRequest.newBuilder(running.baseUri().resolve("/" + function))
                            .timeout(Duration.ofSeconds(60))
                            .POST(HttpRequest.BodyPublishers.ofString(json))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Call(function, sent, System.nanoTime(), response.statusCode(), response.body());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static JsonNode ok(String function, String json, int status) {
        Call call = post(function, json);
        assertThat(call.status())
                .as(function + " " + json + " -> " + call.body())
                .isEqualTo(status);
        return JsonFunctions.JSON.readTree(call.body());
    }

    static String id() {
        return UUID.randomUUID().toString();
    }

    static <T> T bean(Class<T> type) {
        return running.context().getBean(type);
    }

    static PlayerDataStore store(String name) {
        return running.context().getBeansOfType(PlayerDataStore.class).values().stream()
                .filter(s -> s.name().equals(name))
                .findFirst()
                .orElseThrow();
    }

    static LocalPrivacyDriver driver(ErasureSaga saga) {
        return new LocalPrivacyDriver(saga, bean(ExportJob.class), BACKOFF, d -> Thread.sleep(d.toMillis()), 1);
    }

    /** Gold, potions, an open listing, a score in two regions, a snapshot: the player in every store. */
    static void populate(String player) {
        ok(
                "grant",
                "{\"grantId\":\"" + id() + "\",\"playerId\":\"" + player
                        + "\",\"currency\":{\"gold\":500},\"items\":{\"potion\":20,\"excalibur\":1}}",
                200);
        ok(
                "listingCreate",
                "{\"listingId\":\"" + id() + "\",\"sellerId\":\"" + player
                        + "\",\"items\":{\"potion\":2},\"price\":{\"currency\":\"gold\",\"amount\":7}}",
                200);
        ok(
                "leaderboardSubmit",
                "{\"board\":\"global-score\",\"playerId\":\"" + player + "\",\"region\":\"eu-west-1\",\"score\":321}",
                200);
        ok(
                "leaderboardSubmit",
                "{\"board\":\"weekly-score\",\"playerId\":\"" + player + "\",\"region\":\"us-east-1\",\"score\":12}",
                200);
        ok(
                "snapshotIngest",
                "{\"playerId\":\"" + player + "\",\"version\":1,\"state\":{\"zone\":\"harbor\",\"hp\":90}}",
                202);
        awaitSnapshot(player);
    }

    static void awaitSnapshot(String player) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (post("snapshotLoad", "{\"playerId\":\"" + player + "\"}").status() != 200) {
            assertThat(System.nanoTime())
                    .as("the writer stores " + player + "'s snapshot")
                    .isLessThan(deadline);
            sleep(200);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * What every store holds for the player after an erasure, without what differs between two erased
     * players by construction (ids, times, refs): holdings, open listings, the ledger's sources and
     * amounts, the snapshot, the scores; plus the recorded steps.
     */
    static Map<String, Object> endState(String player) {
        PlayerId id = PlayerId.of(player);
        Map<String, Object> economy = store("economy").export(id);
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("holdings", economy.get("holdings"));
        List<String> listings = new ArrayList<>();
        for (Object listing : (List<?>) economy.get("listings")) {
            listings.add(String.valueOf(((Map<?, ?>) listing).get("status")));
        }
        Collections.sort(listings);
        state.put("listings", listings);
        List<String> ledger = new ArrayList<>();
        for (Object row : (List<?>) economy.get("ledger")) {
            Map<?, ?> entry = (Map<?, ?>) row;
            ledger.add(entry.get("source") + " " + entry.get("asset") + " " + entry.get("delta"));
        }
        Collections.sort(ledger);
        state.put("ledger", ledger);
        state.put("snapshots", store("snapshots").export(id));
        state.put("snapshotItem", bean(DynamoDbSnapshotTable.class).find(id).isPresent());
        state.put("leaderboards", store("leaderboards").export(id));
        return state;
    }

    @SuppressWarnings("unchecked")
    static void assertErased(String player) {
        Map<String, Object> state = endState(player);
        assertThat((Map<?, ?>) state.get("holdings"))
                .allSatisfy((kind, held) ->
                        assertThat((Map<?, ?>) held).as("holdings " + kind).isEmpty());
        assertThat((List<Object>) state.get("listings")).doesNotContain("OPEN");
        assertThat(state.get("snapshotItem")).isEqualTo(false);
        assertThat((Map<?, ?>) state.get("snapshots")).isEmpty();
        Map<?, ?> scores = (Map<?, ?>) state.get("leaderboards");
        scores.values().forEach(entries -> assertThat((List<?>) entries).isEmpty());
        assertThat(post("snapshotLoad", "{\"playerId\":\"" + player + "\"}").status())
                .isEqualTo(410);
        assertThat(ok("economyAudit", "{}", 200).get("ok").asBoolean()).isTrue();
    }

    @Test
    void anErasureWhileEightClientsWriteForThePlayerLeavesNothingAndAcceptsNoWriteAfterThe202() throws Exception {
        String sfx = UUID.randomUUID().toString().substring(0, 6);
        String target = "target-" + sfx;
        populate(target);
        List<String> partners = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            partners.add("partner" + i + "-" + sfx);
            ok(
                    "grant",
                    "{\"grantId\":\"" + id() + "\",\"playerId\":\"" + partners.get(i)
                            + "\",\"currency\":{\"gold\":1000},\"items\":{\"potion\":50}}",
                    200);
        }
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong versions = new AtomicLong(1);
        List<Call> calls = Collections.synchronizedList(new ArrayList<>());
        ExecutorService clients = Executors.newFixedThreadPool(8);
        List<Future<?>> running8 = new ArrayList<>();
        for (int c = 0; c < 8; c++) {
            String partner = partners.get(c);
            running8.add(clients.submit(() -> {
                for (int n = 0; !stop.get(); n++) {
                    String json = switch (n % 4) {
                        case 0 ->
                            "{\"tradeId\":\"" + id() + "\",\"a\":{\"playerId\":\"" + target
                                    + "\",\"gives\":{\"currency\":{\"gold\":1}}},\"b\":{\"playerId\":\""
                                    + partner + "\",\"gives\":{\"items\":{\"potion\":1}}}}";
                        case 1 ->
                            "{\"listingId\":\"" + id() + "\",\"sellerId\":\"" + target
                                    + "\",\"items\":{\"potion\":1},\"price\":{\"currency\":\"gold\",\"amount\":3}}";
                        case 2 ->
                            "{\"board\":\"global-score\",\"playerId\":\"" + target
                                    + "\",\"region\":\"eu-west-1\",\"score\":" + (1000 + n) + "}";
                        default ->
                            "{\"playerId\":\"" + target + "\",\"version\":" + versions.incrementAndGet()
                                    + ",\"state\":{\"zone\":\"z" + n + "\"}}";
                    };
                    String function = switch (n % 4) {
                        case 0 -> "trade";
                        case 1 -> "listingCreate";
                        case 2 -> "leaderboardSubmit";
                        default -> "snapshotIngest";
                    };
                    calls.add(post(function, json));
                }
                return null;
            }));
        }
        sleep(1500);
        String eraseId = id();
        Call erase = post(
                "playerErase",
                "{\"eraseId\":\"" + eraseId + "\",\"playerId\":\"" + target + "\",\"reason\":\"GDPR art. 17\"}");
        assertThat(erase.status()).as(erase.body()).isEqualTo(202);
        long frozenAt = erase.answeredNanos();
        sleep(1500); // the clients keep writing while the driver runs the rest
        boolean done = driver(bean(ErasureSaga.class)).runErasure(UUID.fromString(eraseId));
        sleep(1000);
        stop.set(true);
        for (Future<?> client : running8) {
            client.get(120, TimeUnit.SECONDS);
        }
        clients.shutdown();
        assertThat(done).isTrue();

        List<Call> before = calls.stream().filter(c -> c.sentNanos() < frozenAt).toList();
        List<Call> after = calls.stream().filter(c -> c.sentNanos() > frozenAt).toList();
        assertThat(before).as("writes accepted before the freeze").anyMatch(c -> c.status() / 100 == 2);
        assertThat(after).as("calls sent after playerErase answered 202").hasSizeGreaterThan(8);
        assertThat(after)
                .as("no write for the player accepted after the freeze")
                .allSatisfy(c -> assertThat(c.status())
                        .as(c.function() + " -> " + c.body())
                        .isIn(409, 410));
        assertThat(calls).noneMatch(c -> c.status() >= 500);
        sleep(3000); // messages accepted before the freeze reach the writer, which drops them
        assertErased(target);
        for (String partner : partners) {
            assertThat(post("playerEconomy", "{\"playerId\":\"" + partner + "\"}")
                            .status())
                    .isEqualTo(200);
        }
    }

    /** A saga over the stack's stores and log whose store for {@code failing} fails that step's first call. */
    static ErasureSaga failingOnce(String failing) {
        List<PlayerDataStore> stores = new ArrayList<>();
        AtomicBoolean failed = new AtomicBoolean();
        for (PlayerDataStore store :
                running.context().getBeansOfType(PlayerDataStore.class).values()) {
            stores.add(new PlayerDataStore() {
                @Override
                public String name() {
                    return store.name();
                }

                @Override
                public void freeze(PlayerId player) {
                    maybeFail("freeze-" + store.name());
                    store.freeze(player);
                }

                @Override
                public void erase(PlayerId player) {
                    maybeFail("erase-" + store.name());
                    store.erase(player);
                }

                @Override
                public Map<String, Object> export(PlayerId player) {
                    return store.export(player);
                }

                private void maybeFail(String step) {
                    if (step.equals(failing) && failed.compareAndSet(false, true)) {
                        throw new IllegalStateException("injected failure in " + step);
                    }
                }
            });
        }
        return new ErasureSaga(bean(ErasureLog.class), stores, Clock.systemUTC());
    }

    @Test
    void stoppedBetweenAnyTwoStepsOrFailingInAnyStepTheErasureResumesToTheSameEndState() {
        String sfx = UUID.randomUUID().toString().substring(0, 6);
        String reference = "ref-" + sfx;
        populate(reference);
        String refId = id();
        ok("playerErase", "{\"eraseId\":\"" + refId + "\",\"playerId\":\"" + reference + "\",\"reason\":\"r\"}", 202);
        assertThat(driver(bean(ErasureSaga.class)).runErasure(UUID.fromString(refId)))
                .isTrue();
        Map<String, Object> expected = endState(reference);
        assertErased(reference);

        // Stopped after k steps: the state machine called playerEraseStep k times, then the driver died.
        for (int k = 2; k <= ErasureSaga.STEPS.size(); k++) {
            String player = "stop" + k + "-" + sfx;
            populate(player);
            String eraseId = id();
            JsonNode answered = ok(
                    "playerErase",
                    "{\"eraseId\":\"" + eraseId + "\",\"playerId\":\"" + player + "\",\"reason\":\"r\"}",
                    202);
            assertThat(answered.get("stepsDone").size()).isEqualTo(2);
            for (String step : ErasureSaga.STEPS.subList(2, k)) {
                assertThat(ok("playerEraseStep", "{\"eraseId\":\"" + eraseId + "\",\"step\":\"" + step + "\"}", 200)
                                .get("outcome")
                                .asString())
                        .isEqualTo("DONE");
            }
            JsonNode status = ok("playerEraseStatus", "{\"eraseId\":\"" + eraseId + "\"}", 200);
            assertThat(status.get("stepsDone").size()).isEqualTo(k);
            // A new process starts: the local driver resumes every unfinished erasure.
            LocalPrivacyDriver resumed = driver(bean(ErasureSaga.class));
            resumed.resumeUnfinished();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (!ok("playerEraseStatus", "{\"eraseId\":\"" + eraseId + "\"}", 200)
                    .get("status")
                    .asString()
                    .equals("DONE")) {
                assertThat(System.nanoTime()).as("resumed erasure completes").isLessThan(deadline);
                sleep(100);
            }
            resumed.close();
            assertThat(endState(player)).as("stopped after " + k + " steps").isEqualTo(expected);
        }

        // A failure injected in each step: playerErase answers 503 for a freeze (the caller retries), the
        // driver retries an erase step with backoff.
        for (String step : ErasureSaga.STEPS) {
            String player = "fail-" + step.substring(0, 3)
                    + step.substring(step.indexOf('-') + 1, step.indexOf('-') + 4) + "-" + sfx;
            populate(player);
            ErasureSaga saga = failingOnce(step);
            UUID eraseId = UUID.randomUUID();
            try {
                saga.request(eraseId, PlayerId.of(player), "r");
                assertThat(ErasureSaga.FREEZE_STEPS).doesNotContain(step);
            } catch (IllegalStateException e) {
                assertThat(ErasureSaga.FREEZE_STEPS).contains(step);
                saga.request(eraseId, PlayerId.of(player), "r"); // the retry of playerErase
            }
            try (LocalPrivacyDriver driver = driver(saga)) {
                assertThat(driver.runErasure(eraseId)).isTrue();
            }
            assertThat(endState(player)).as("a failure in " + step).isEqualTo(expected);
        }

        // Erasing twice is one erasure: the same request is the same erasure; a new one finds nothing left.
        JsonNode replay = ok(
                "playerErase",
                "{\"eraseId\":\"" + refId + "\",\"playerId\":\"" + reference + "\",\"reason\":\"r\"}",
                202);
        assertThat(replay.get("status").asString()).isEqualTo("DONE");
        String again = id();
        ok(
                "playerErase",
                "{\"eraseId\":\"" + again + "\",\"playerId\":\"" + reference + "\",\"reason\":\"again\"}",
                202);
        assertThat(driver(bean(ErasureSaga.class)).runErasure(UUID.fromString(again)))
                .isTrue();
        assertThat(endState(reference)).isEqualTo(expected);
        assertErased(reference);
    }

    @Test
    void aBackupTakenBeforeTheErasureAndRestoredAfterItKeepsThePlayerErased() {
        String sfx = UUID.randomUUID().toString().substring(0, 6);
        String player = "restored-" + sfx;
        String kept = "kept-" + sfx;
        populate(player);
        populate(kept);
        JsonNode backup = ok("backupCreate", "{}", 200);
        String eraseId = id();
        ok("playerErase", "{\"eraseId\":\"" + eraseId + "\",\"playerId\":\"" + player + "\",\"reason\":\"r\"}", 202);
        assertThat(driver(bean(ErasureSaga.class)).runErasure(UUID.fromString(eraseId)))
                .isTrue();

        JsonNode restored =
                ok("backupRestore", "{\"backupId\":\"" + backup.get("backupId").asString() + "\",\"force\":true}", 200);
        assertThat(restored.get("auditMatchesManifest").asBoolean()).isTrue();
        assertThat(restored.get("audit").get("ok").asBoolean()).isTrue();
        assertThat(restored.get("erasuresReapplied").asLong()).isPositive();
        RestoredStores target = RestoredStores.of(running.context());
        assertThat(target.economyRows(player))
                .as("the erased player's holdings in the restored database")
                .isZero();
        assertThat(target.economyRows(kept))
                .as("another player's holdings are restored")
                .isPositive();
        assertThat(target.snapshot(player))
                .as("the erased player's restored snapshot")
                .isEmpty();
        assertThat(target.snapshot(kept)).isPresent();
        assertErased(player);
    }

    @Test
    void theExportHoldsExactlyWhatTheStoresHoldForThePlayerAndNothingOfOthers() throws Exception {
        String sfx = UUID.randomUUID().toString().substring(0, 6);
        String player = "exported-" + sfx;
        String other = "other-" + sfx;
        populate(player);
        populate(other);
        String exportId = id();
        JsonNode started =
                ok("playerExport", "{\"exportId\":\"" + exportId + "\",\"playerId\":\"" + player + "\"}", 202);
        assertThat(started.get("status").asString()).isEqualTo("RUNNING");
        assertThat(ok("playerExportStatus", "{\"exportId\":\"" + exportId + "\"}", 200)
                        .has("url"))
                .isFalse();
        try (LocalPrivacyDriver driver = driver(bean(ErasureSaga.class))) {
            assertThat(driver.runExport(UUID.fromString(exportId))).isTrue();
        }
        JsonNode status = ok("playerExportStatus", "{\"exportId\":\"" + exportId + "\"}", 200);
        assertThat(status.get("status").asString()).isEqualTo("DONE");
        HttpResponse<String> fetched = HTTP.send(
                HttpRequest.newBuilder(URI.create(status.get("url").asString())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(fetched.statusCode()).isEqualTo(200);
        JsonNode document = JsonFunctions.JSON.readTree(fetched.body());

        assertThat(document.get("exportId").asString()).isEqualTo(exportId);
        assertThat(document.get("playerId").asString()).isEqualTo(player);
        PlayerId id = PlayerId.of(player);
        assertThat(withoutReadAt(document.get("economy")))
                .isEqualTo(withoutReadAt(asParsed(store("economy").export(id))));
        assertThat(document.get("economy")
                        .get("holdings")
                        .get("currency")
                        .get("gold")
                        .asLong())
                .isEqualTo(500);
        assertThat(document.get("snapshots"))
                .isEqualTo(asParsed(store("snapshots").export(id)));
        assertThat(document.get("snapshots").get("state").get("zone").asString())
                .isEqualTo("harbor");
        assertThat(document.get("leaderboards"))
                .isEqualTo(asParsed(store("leaderboards").export(id)));
        assertThat(fetched.body()).contains("321").doesNotContain(other);
        // Idempotent on exportId: the same answer, nothing runs again.
        assertThat(ok("playerExport", "{\"exportId\":\"" + exportId + "\",\"playerId\":\"" + player + "\"}", 202)
                        .get("status")
                        .asString())
                .isEqualTo("DONE");
    }

    /** The store's export as the document carries it: written as JSON and read back (numbers as parsed). */
    static JsonNode asParsed(Map<String, Object> export) {
        return JsonFunctions.JSON.readTree(JsonFunctions.JSON.writeValueAsString(export));
    }

    static JsonNode withoutReadAt(JsonNode economy) {
        ObjectNode copy = (ObjectNode) economy.deepCopy();
        copy.remove("readAt");
        return copy;
    }

    @Test
    void badInputIsAJsonErrorAndChangesNothing() {
        String sfx = UUID.randomUUID().toString().substring(0, 6);
        String player = "bad-" + sfx;
        String other = "bystander-" + sfx;
        populate(player);
        populate(other);
        Map<String, Object> before = new TreeMap<>(Map.of("p", endState(player), "o", endState(other)));
        String eraseId = id();
        Map<String, String> refused = new LinkedHashMap<>();
        refused.put(
                "{\"eraseId\":\"" + eraseId.toUpperCase() + "\",\"playerId\":\"" + player + "\",\"reason\":\"r\"}",
                "400 INVALID_ID");
        refused.put("{\"eraseId\":\"not-a-uuid\",\"playerId\":\"" + player + "\",\"reason\":\"r\"}", "400 INVALID_ID");
        refused.put("{\"playerId\":\"" + player + "\",\"reason\":\"r\"}", "400 MISSING_FIELD");
        refused.put(
                "{\"eraseId\":\"" + eraseId + "\",\"playerId\":\"no spaces\",\"reason\":\"r\"}",
                "400 INVALID_PLAYER_ID");
        refused.put(
                "{\"eraseId\":\"" + eraseId + "\",\"playerId\":\"" + player + "\",\"reason\":\"\"}",
                "400 INVALID_FIELD");
        refused.put(
                "{\"eraseId\":\"" + eraseId + "\",\"playerId\":\"" + player + "\",\"reason\":\"" + "x".repeat(201)
                        + "\"}",
                "400 INVALID_FIELD");
        refused.put(
                "{\"eraseId\":\"" + eraseId + "\",\"playerId\":\"" + player + "\",\"reason\":\"r\",\"force\":true}",
                "400 UNKNOWN_FIELD");
        refused.put("[]", "400 MALFORMED_JSON");
        for (var request : refused.entrySet()) {
            Call call = post("playerErase", request.getKey());
            assertThat(call.status() + " "
                            + JsonFunctions.JSON
                                    .readTree(call.body())
                                    .get("error")
                                    .asString())
                    .as(request.getKey())
                    .isEqualTo(request.getValue());
        }
        assertErrors("playerEraseStatus", "{\"eraseId\":\"" + eraseId + "\"}", 404, "UNKNOWN_ERASURE");
        assertErrors(
                "playerEraseStep",
                "{\"eraseId\":\"" + eraseId + "\",\"step\":\"erase-economy\"}",
                404,
                "UNKNOWN_ERASURE");
        assertErrors("playerExportStatus", "{\"exportId\":\"" + eraseId + "\"}", 404, "UNKNOWN_EXPORT");
        assertErrors(
                "playerExport", "{\"exportId\":\"" + eraseId + "\",\"playerId\":\"x\",\"y\":1}", 400, "UNKNOWN_FIELD");
        assertThat(bean(ErasureLog.class).find(UUID.fromString(eraseId))).isEmpty();
        assertThat(before).isEqualTo(new TreeMap<>(Map.of("p", endState(player), "o", endState(other))));

        // Reused ids with another player; steps out of order or unknown: refused, nothing changes.
        ok("playerErase", "{\"eraseId\":\"" + eraseId + "\",\"playerId\":\"" + player + "\",\"reason\":\"r\"}", 202);
        Map<String, Object> frozen = endState(other);
        assertErrors(
                "playerErase",
                "{\"eraseId\":\"" + eraseId + "\",\"playerId\":\"" + other + "\",\"reason\":\"r\"}",
                409,
                "ERASE_ID_REUSED");
        assertErrors(
                "playerEraseStep",
                "{\"eraseId\":\"" + eraseId + "\",\"step\":\"erase-snapshots\"}",
                409,
                "STEP_OUT_OF_ORDER");
        assertErrors(
                "playerEraseStep",
                "{\"eraseId\":\"" + eraseId + "\",\"step\":\"erase-everything\"}",
                400,
                "INVALID_ERASURE_STEP");
        assertThat(endState(other)).isEqualTo(frozen);
        assertThat(ok("snapshotLoad", "{\"playerId\":\"" + other + "\"}", 200)
                        .get("version")
                        .asLong())
                .isEqualTo(1);
        String exportId = id();
        ok("playerExport", "{\"exportId\":\"" + exportId + "\",\"playerId\":\"" + other + "\"}", 202);
        assertErrors(
                "playerExport",
                "{\"exportId\":\"" + exportId + "\",\"playerId\":\"" + player + "\"}",
                409,
                "EXPORT_ID_REUSED");
        assertErrors(
                "playerExportStep",
                "{\"exportId\":\"" + exportId + "\",\"step\":\"assemble\"}",
                409,
                "STEP_OUT_OF_ORDER");
        // The state machine's catch gives up on the export: FAILED for good, with the reason.
        assertThat(ok("playerExportStep", "{\"exportId\":\"" + exportId + "\",\"step\":\"fail\"}", 200)
                        .get("outcome")
                        .asString())
                .isEqualTo("FAILED");
        JsonNode failed = ok("playerExportStatus", "{\"exportId\":\"" + exportId + "\"}", 200);
        assertThat(failed.get("status").asString()).isEqualTo("FAILED");
        assertThat(failed.has("url")).isFalse();
        assertThat(failed.get("failure").asString()).contains("gave up");
        assertErrors(
                "playerExportStep",
                "{\"exportId\":\"" + exportId + "\",\"step\":\"export-economy\"}",
                409,
                "EXPORT_FAILED");

        // A player no store knows: the erasure is recorded and finds nothing (docs/data-rights.md).
        String nobody = "nobody-" + sfx;
        String nobodyErase = id();
        JsonNode unknown = ok(
                "playerErase",
                "{\"eraseId\":\"" + nobodyErase + "\",\"playerId\":\"" + nobody + "\",\"reason\":\"r\"}",
                202);
        assertThat(unknown.get("stepsDone").size()).isEqualTo(2);
        assertThat(driver(bean(ErasureSaga.class)).runErasure(UUID.fromString(nobodyErase)))
                .isTrue();
        assertThat(ok("economyAudit", "{}", 200).get("ok").asBoolean()).isTrue();
    }

    static void assertErrors(String function, String json, int status, String code) {
        Call call = post(function, json);
        assertThat(call.status())
                .as(function + " " + json + " -> " + call.body())
                .isEqualTo(status);
        assertThat(JsonFunctions.JSON.readTree(call.body()).get("error").asString())
                .isEqualTo(code);
    }
}
