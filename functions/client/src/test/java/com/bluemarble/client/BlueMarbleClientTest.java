package com.bluemarble.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.bluemarble.functions.core.error.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import tools.jackson.databind.node.ObjectNode;

/** Every client method against the real local function host on the emulators, through a fault-injecting proxy. */
class BlueMarbleClientTest {

    private static FaultProxy proxy;
    private static BlueMarbleClient client;
    private static final String RUN = UUID.randomUUID().toString().substring(0, 6);

    @BeforeAll
    static void start() throws Exception {
        proxy = new FaultProxy(LocalHost.uri());
        client = BlueMarbleClient.builder(proxy.uri())
                .retryPolicy(new RetryPolicy(4, Duration.ofMillis(50), Duration.ofMillis(400), Duration.ofSeconds(60)))
                .requestTimeout(Duration.ofSeconds(20))
                .build();
    }

    @AfterAll
    static void stop() {
        proxy.close();
    }

    @BeforeEach
    void clean() {
        proxy.clear();
    }

    private static String player(String name) {
        return name + "-" + RUN;
    }

    @Test
    void aLocalEndpointIsNotSignedAndAnExecuteApiEndpointIs() {
        assertThat(client.signingRegion()).isNull();
        assertThat(SigV4.regionOfAwsEndpoint(java.net.URI.create("https://a1b2c3.execute-api.eu-west-1.amazonaws.com")))
                .isEqualTo("eu-west-1");
        assertThat(SigV4.regionOfAwsEndpoint(java.net.URI.create("http://localhost:8080")))
                .isNull();
    }

    @Test
    void economyGrantTradeReadAndAudit() {
        String ann = player("ann"), bo = player("bo");
        Economy.GrantAnswer granted = client.grant(Economy.Grant.of(ann, Economy.Assets.currency("gold", 100)));
        assertThat(granted.status()).isEqualTo("COMMITTED");
        assertThat(granted.grantId()).matches("[0-9a-f-]{36}");
        client.grant(Economy.Grant.of(bo, Economy.Assets.items("potion", 3)));

        Economy.TradeAnswer traded = client.trade(
                Economy.Trade.of(ann, Economy.Assets.currency("gold", 40), bo, Economy.Assets.items("potion", 1)));
        assertThat(traded.status()).isEqualTo("COMMITTED");
        assertThat(traded.commitTimestamp()).isNotBlank();

        Economy.PlayerEconomy annNow = client.playerEconomy(ann);
        assertThat(annNow.currency()).containsEntry("gold", 60L);
        assertThat(annNow.items()).containsEntry("potion", 1L);
        Economy.PlayerEconomy stale = client.playerEconomy(new Economy.PlayerEconomyRequest(bo, 10));
        assertThat(stale.playerId()).isEqualTo(bo);

        Economy.Audit audit = client.economyAudit();
        assertThat(audit.ok()).as("%s", audit.problems()).isTrue();
        assertThat(audit.players()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void aTradeWhoseAnswerIsLostIsRetriedWithTheSameKeyAndAppliesOnce() {
        String cy = player("cy"), dee = player("dee");
        client.grant(Economy.Grant.of(cy, Economy.Assets.currency("gold", 50)));
        client.grant(Economy.Grant.of(dee, Economy.Assets.currency("gems", 50)));
        proxy.clear();
        // The first attempt reaches the function and commits; the proxy loses the answer and says 503.
        proxy.failNext(FaultProxy.Fault.LOSE_ANSWER_503);
        Economy.TradeAnswer traded = client.trade(
                Economy.Trade.of(cy, Economy.Assets.currency("gold", 30), dee, Economy.Assets.currency("gems", 5)));

        List<FaultProxy.Seen> attempts = proxy.seen("trade");
        assertThat(attempts).hasSize(2);
        assertThat(attempts.get(0).status()).isEqualTo(503);
        assertThat(attempts.get(1).status()).isEqualTo(200);
        assertThat(attempts.get(1).body())
                .as("the very same body: same tradeId")
                .isEqualTo(attempts.get(0).body());
        assertThat(attempts.get(0).body()).contains("\"tradeId\":\"" + traded.tradeId() + "\"");
        assertThat(client.playerEconomy(cy).currency()).containsEntry("gold", 20L); // 50 - 30, once
        assertThat(client.playerEconomy(dee).currency()).containsEntry("gems", 45L);
        assertThat(client.economyAudit().ok()).isTrue();
    }

    @Test
    void a503WithoutAnAnswerAndATimeoutAreRetriedAndRetriesAreBounded() {
        String eve = player("eve");
        proxy.failNext(FaultProxy.Fault.REFUSE_503, FaultProxy.Fault.REFUSE_503);
        client.grant(Economy.Grant.of(eve, Economy.Assets.currency("gold", 7)));
        List<FaultProxy.Seen> grants = proxy.seen("grant");
        assertThat(grants).extracting(FaultProxy.Seen::status).containsExactly(503, 503, 200);
        assertThat(grants)
                .extracting(FaultProxy.Seen::body)
                .containsOnly(grants.get(0).body());

        // A timeout: the slow first attempt still commits, the retry replays the recorded answer.
        BlueMarbleClient impatient = BlueMarbleClient.builder(proxy.uri())
                .requestTimeout(Duration.ofMillis(1500))
                .build();
        proxy.clear();
        proxy.failNext(FaultProxy.Fault.SLOW);
        impatient.grant(Economy.Grant.of(eve, Economy.Assets.currency("gold", 1)));
        assertThat(client.playerEconomy(eve).currency()).containsEntry("gold", 8L);

        // Bounded: 4 attempts, then the 503 is the caller's.
        proxy.clear();
        proxy.failNext(
                FaultProxy.Fault.REFUSE_503,
                FaultProxy.Fault.REFUSE_503,
                FaultProxy.Fault.REFUSE_503,
                FaultProxy.Fault.REFUSE_503,
                FaultProxy.Fault.REFUSE_503);
        BlueMarbleException e = catchThrowableOfType(BlueMarbleException.class, () -> client.playerEconomy(eve));
        assertThat(e.status()).isEqualTo(503);
        assertThat(e.code()).isEqualTo("STORE_UNAVAILABLE");
        assertThat(e.attempts()).isEqualTo(4);
        assertThat(e.isRetryable()).isTrue();
        assertThat(proxy.seen("playerEconomy")).hasSize(4);

        // No server at all: connection errors, retried, then CONNECTION_FAILED.
        BlueMarbleClient nowhere = BlueMarbleClient.builder(java.net.URI.create("http://127.0.0.1:9"))
                .retryPolicy(new RetryPolicy(3, Duration.ofMillis(10), Duration.ofMillis(20), Duration.ofSeconds(10)))
                .build();
        BlueMarbleException refused = catchThrowableOfType(BlueMarbleException.class, nowhere::economyAudit);
        assertThat(refused.status()).isZero();
        assertThat(refused.code()).isEqualTo(BlueMarbleException.CONNECTION_FAILED);
        assertThat(refused.attempts()).isEqualTo(3);
    }

    @Test
    void a4xxIsNeverRetried() {
        String fay = player("fay");
        client.grant(Economy.Grant.of(fay, Economy.Assets.currency("gold", 1)));
        client.grant(Economy.Grant.of(player("gus"), Economy.Assets.currency("gold", 1)));
        proxy.clear();
        BlueMarbleException refused = catchThrowableOfType(
                BlueMarbleException.class,
                () -> client.trade(Economy.Trade.of(
                        fay, Economy.Assets.currency("gold", 5), player("gus"), Economy.Assets.none())));
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.code()).isEqualTo("INSUFFICIENT_FUNDS");
        assertThat(refused.detail("status")).isEqualTo("REJECTED");
        assertThat(refused.attempts()).isEqualTo(1);
        assertThat(proxy.seen("trade")).hasSize(1);

        BlueMarbleException bad =
                catchThrowableOfType(BlueMarbleException.class, () -> client.playerEconomy(player("nobody")));
        assertThat(bad.status()).isEqualTo(404);
        assertThat(proxy.seen("playerEconomy")).hasSize(1);
    }

    /** Each call's 4xx reaches the caller as the contract's code with the catalogue's status. */
    @Test
    void errorCodesMapToTheCatalogue() {
        String hal = player("hal");
        client.grant(Economy.Grant.of(hal, Economy.Assets.currency("gold", 5)));
        String key = UUID.randomUUID().toString();
        client.grant(new Economy.Grant(key, player("ivy"), Map.of("gold", 1L), null));
        ObjectNode gold = BlueMarbleClient.JSON.createObjectNode().put("gold", 5);
        ObjectNode state = BlueMarbleClient.JSON.createObjectNode().put("zone", "harbor");

        Map<String, Executable> cases = new java.util.LinkedHashMap<>();
        cases.put("INVALID_ID", () -> client.grant(new Economy.Grant("nope", hal, Map.of("gold", 1L), null)));
        cases.put("EMPTY_GRANT", () -> client.grant(Economy.Grant.of(hal, Economy.Assets.none())));
        cases.put("AMOUNT_NOT_POSITIVE", () -> client.grant(Economy.Grant.of(hal, Economy.Assets.currency("gold", 0))));
        cases.put(
                "IDEMPOTENCY_KEY_REUSED",
                () -> client.grant(new Economy.Grant(key, player("ivy"), Map.of("gold", 2L), null)));
        cases.put(
                "SELF_TRADE",
                () -> client.trade(
                        Economy.Trade.of(hal, Economy.Assets.currency("gold", 1), hal, Economy.Assets.none())));
        cases.put(
                "EMPTY_TRADE",
                () -> client.trade(Economy.Trade.of(hal, Economy.Assets.none(), player("ivy"), Economy.Assets.none())));
        cases.put(
                "INSUFFICIENT_ITEMS",
                () -> client.trade(
                        Economy.Trade.of(hal, Economy.Assets.items("sword", 1), player("ivy"), Economy.Assets.none())));
        cases.put("UNKNOWN_PLAYER", () -> client.playerEconomy(player("ghost")));
        cases.put("INVALID_STALENESS", () -> client.playerEconomy(new Economy.PlayerEconomyRequest(hal, 99999)));
        cases.put("INVALID_PLAYER_ID", () -> client.playerEconomy("no spaces"));
        cases.put("ECONOMY_FIELD", () -> client.snapshotIngest(Snapshots.Snapshot.full(hal, 1, gold)));
        cases.put("INVALID_VERSION", () -> client.snapshotIngest(Snapshots.Snapshot.full(hal, 0, state)));
        cases.put("EMPTY_BATCH", () -> client.snapshotIngest(List.of()));
        cases.put("INVALID_BASE_VERSION", () -> client.snapshotIngest(Snapshots.Snapshot.delta(hal, 2, 2, state)));
        cases.put(
                "UNKNOWN_BOARD", () -> client.leaderboardSubmit(new Leaderboards.Submit("nope", hal, "eu-west-1", 1)));
        cases.put(
                "UNKNOWN_REGION",
                () -> client.leaderboardSubmit(new Leaderboards.Submit("global-score", hal, "mars-1", 1)));
        cases.put(
                "SCORE_OUT_OF_RANGE",
                () -> client.leaderboardSubmit(
                        new Leaderboards.Submit("global-score", hal, "eu-west-1", Long.MAX_VALUE)));
        cases.put(
                "LIMIT_TOO_LARGE",
                () -> client.leaderboardTop(new Leaderboards.TopRequest("global-score", null, 1000)));
        cases.put("INVALID_LIMIT", () -> client.leaderboardTop(new Leaderboards.TopRequest("global-score", null, 0)));
        cases.put(
                "AROUND_TOO_LARGE",
                () -> client.leaderboardRank(new Leaderboards.RankRequest("global-score", hal, 999)));
        cases.put("UNKNOWN_WORLD", () -> client.terrainGet(new Terrain.Address("pluto", 0, 0, 0)));
        cases.put("INVALID_LOD", () -> client.terrainGet(new Terrain.Address("earth", 99, 0, 0)));
        cases.put("UNKNOWN_CHUNK", () -> client.terrainGet(new Terrain.Address("earth", 0, 999_000, 999_000)));
        cases.put("EMPTY_CHUNK", () -> client.terrainPut(new Terrain.Put("earth", 0, 1, 1, new byte[0], null)));
        cases.put(
                "REGION_TOO_LARGE",
                () -> client.terrainGetRegion(new Terrain.RegionRequest("earth", 0, 0, 0, 100, 100)));
        cases.put("UNKNOWN_BACKUP", () -> client.backupRestore("20990101T000000Z-00000000", false));
        cases.put("UNKNOWN_FUNCTION", () -> client.call("teleport", Map.of(), Map.class));

        List<String> checked = new ArrayList<>();
        cases.forEach((code, call) -> {
            BlueMarbleException e = catchThrowableOfType(BlueMarbleException.class, call::execute);
            assertThat(e).as(code).isNotNull();
            assertThat(e.code()).as("%s: %s", code, e.getMessage()).isEqualTo(code);
            assertThat(e.status()).as(code).isEqualTo(ErrorCode.valueOf(code).httpStatus());
            assertThat(e.attempts()).as(code).isEqualTo(1);
            checked.add(code);
        });
        assertThat(checked).hasSize(cases.size());
    }

    @Test
    void snapshotsIngestAndLoad() throws Exception {
        String jo = player("jo");
        ObjectNode state =
                BlueMarbleClient.JSON.createObjectNode().put("zone", "harbor").put("hp", 90);
        assertThat(client.snapshotIngest(Snapshots.Snapshot.full(jo, 1, state)).snapshots())
                .isEqualTo(1);
        assertThat(client.snapshotIngest(List.of(
                                Snapshots.Snapshot.full(player("kai"), 1, state),
                                Snapshots.Snapshot.delta(
                                        jo,
                                        2,
                                        1,
                                        BlueMarbleClient.JSON.createObjectNode().put("hp", 80))))
                        .accepted())
                .isTrue();
        Snapshots.Loaded loaded = Eventually.get(() -> client.snapshotLoad(jo), l -> l.version() == 2);
        assertThat(loaded.state().get("hp").asInt()).isEqualTo(80);
        assertThat(loaded.state().get("zone").asString()).isEqualTo("harbor");
        BlueMarbleException none =
                catchThrowableOfType(BlueMarbleException.class, () -> client.snapshotLoad(player("nobody")));
        assertThat(none.code()).isEqualTo("UNKNOWN_PLAYER");
    }

    @Test
    void leaderboardsSubmitOneOrABatchTopAndRank() {
        String lu = player("lu"), mo = player("mo"), ned = player("ned");
        Leaderboards.Submitted first =
                client.leaderboardSubmit(new Leaderboards.Submit("weekly-score", lu, "eu-west-1", 500));
        // improved, unless a slow first attempt landed and a retry then found the same best in place
        assertThat(first.improved() || proxy.seen("leaderboardSubmit").size() > 1)
                .isTrue();
        assertThat(first.score()).isEqualTo(500);

        Leaderboards.SubmittedBatch batch = client.leaderboardSubmit(List.of(
                new Leaderboards.Submit("weekly-score", mo, "us-east-1", 900),
                new Leaderboards.Submit("weekly-score", lu, "eu-west-1", 100),
                new Leaderboards.Submit("weekly-score", ned, "ap-southeast-1", 700)));
        assertThat(batch.entries()).extracting(Leaderboards.Submitted::playerId).containsExactly(mo, lu, ned);
        assertThat(batch.entries().get(1).improved()).isFalse();
        assertThat(batch.entries().get(1).score()).as("the kept best").isEqualTo(500);

        Leaderboards.Top top = client.leaderboardTop(new Leaderboards.TopRequest("weekly-score", null, 100));
        assertThat(top.entries()).extracting(Leaderboards.Entry::playerId).containsSubsequence(mo, ned, lu);
        Leaderboards.Top regional = client.leaderboardTop(new Leaderboards.TopRequest("weekly-score", "eu-west-1", 10));
        assertThat(regional.region()).isEqualTo("eu-west-1");
        Leaderboards.Rank rank = client.leaderboardRank(new Leaderboards.RankRequest("weekly-score", ned, 1));
        assertThat(rank.score()).isEqualTo(700);
        assertThat(rank.globalRank()).isGreaterThan(0);
        assertThat(rank.around()).extracting(Leaderboards.Entry::playerId).contains(mo, lu);
    }

    @Test
    void terrainPutGetRegionAndConflicts() {
        int x = (int) (Math.abs(RUN.hashCode()) % 100_000);
        byte[] hills = "hills".getBytes(StandardCharsets.UTF_8);
        Terrain.Stored created = client.terrainPut(new Terrain.Put("moon", 0, x, 3, hills, null));
        BlueMarbleException exists = catchThrowableOfType(
                BlueMarbleException.class, () -> client.terrainPut(new Terrain.Put("moon", 0, x, 3, hills, null)));
        assertThat(exists.code()).isEqualTo("CHUNK_EXISTS");
        assertThat(exists.status()).isEqualTo(409);
        assertThat(exists.detail("etag")).isEqualTo(created.etag());

        byte[] valley = "valley".getBytes(StandardCharsets.UTF_8);
        Terrain.Stored replaced = client.terrainPut(new Terrain.Put("moon", 0, x, 3, valley, created.etag()));
        BlueMarbleException stale = catchThrowableOfType(
                BlueMarbleException.class,
                () -> client.terrainPut(new Terrain.Put("moon", 0, x, 3, hills, created.etag())));
        assertThat(stale.code()).isEqualTo("VERSION_CONFLICT");

        Terrain.Chunk chunk = client.terrainGet(new Terrain.Address("moon", 0, x, 3));
        assertThat(chunk.data()).isEqualTo(valley);
        assertThat(chunk.etag()).isEqualTo(replaced.etag());
        Terrain.Region region = client.terrainGetRegion(new Terrain.RegionRequest("moon", 0, x, 2, x + 1, 4));
        assertThat(region.chunks()).hasSize(1);
        assertThat(region.chunks().get(0).data()).isEqualTo(valley);
    }

    @Test
    void backupsCreateListAndRestore() {
        client.grant(Economy.Grant.of(player("oz"), Economy.Assets.currency("gold", 3)));
        Backups.Created created = client.backupCreate();
        assertThat(created.backupId()).isNotBlank();
        assertThat(created.manifest()).isNotNull();
        assertThat(client.backupList().backups())
                .extracting(Backups.Listed::backupId)
                .contains(created.backupId());
        Backups.Restored restored = client.backupRestore(created.backupId(), true);
        assertThat(restored.auditMatchesManifest()).isTrue();
        assertThat(restored.restoredRows()).isPositive();
    }

    @Test
    void retryPolicyDelaysAreJitteredAndCapped() {
        RetryPolicy policy = new RetryPolicy(10, Duration.ofMillis(100), Duration.ofMillis(800), Duration.ofSeconds(5));
        for (int retry = 1; retry <= 10; retry++) {
            long cap = Math.min(800, 100L << (retry - 1));
            for (int i = 0; i < 50; i++) {
                assertThat(policy.delayBefore(retry).toMillis()).isBetween(0L, cap);
            }
        }
        assertThatThrownBy(() -> new RetryPolicy(0, Duration.ZERO, Duration.ZERO, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(Instant.now()).isNotNull();
    }
}
