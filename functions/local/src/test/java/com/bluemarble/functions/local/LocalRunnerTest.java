package com.bluemarble.functions.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What ./dev up serves, over real HTTP: status codes on the wire and the self-check. */
class LocalRunnerTest {

    private static LocalRunner.Running running;
    private static SelfCheck client;
    private static final ByteArrayOutputStream printed = new ByteArrayOutputStream();

    @BeforeAll
    static void start() {
        PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
        running = LocalRunner.start(0, "local-" + UUID.randomUUID().toString().substring(0, 8), out);
        client = new SelfCheck(running.baseUri(), out);
    }

    @AfterAll
    static void stop() {
        running.close();
    }

    @Test
    void theSelfCheckPassesAndSaysWhatItDid() throws Exception {
        assertThat(client.run()).isTrue();
        String output = printed.toString(StandardCharsets.UTF_8);
        assertThat(output)
                .contains(
                        "Serving [backupCreate, backupList, backupRestore, consume, craft, economyAudit, economyAuditFinish, economyAuditPartition, economyAuditStart, economyAuditStatus, "
                                + "grant, leaderboardArchiveSeasons, "
                                + "leaderboardRank, leaderboardSubmit, leaderboardTop, listingBuy, listingCancel, listingCreate, "
                                + "listingsExpire, listingsSearch, playerEconomy, playerErase, playerEraseStatus, playerEraseStep, "
                                + "playerExport, playerExportStatus, playerExportStep, playerHistory, purchase, snapshotIngest, snapshotLoad, "
                                + "terrainGet, terrainGetRegion, terrainPut, trade]")
                .contains("returned the identical first answer")
                .contains("\"ok\":true")
                .contains("Self-check passed.");
    }

    @Test
    void theEconomyV2SelfCheckShowsAPurchaseACraftASaleWithItsFeeAndTheAudit() throws Exception {
        ByteArrayOutputStream shown = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(shown, true, StandardCharsets.UTF_8);
        assertThat(new EconomyMarketSelfCheck(new SelfCheck(running.baseUri(), out), out).run())
                .as(shown.toString(StandardCharsets.UTF_8))
                .isTrue();
        assertThat(shown.toString(StandardCharsets.UTF_8))
                .contains(
                        "POST /purchase",
                        "POST /craft",
                        "fee 2 burned, the seller received 38",
                        "\"burned\":",
                        "\"escrowed\":",
                        "Economy v2 self-check passed.");
    }

    @Test
    void configPublishValidatesUploadsAndSaysWhen(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path state = dir.resolve("state.json");
        running.state().write(state);
        java.nio.file.Path good = dir.resolve("good.json");
        String example;
        try (var in = LocalRunner.class.getResourceAsStream("/game-config.example.json")) {
            example = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        java.nio.file.Files.writeString(
                good,
                example.replace("\"version\": 1,", "\"version\": 2,")
                        .replace("\"feeBasisPoints\": 500", "\"feeBasisPoints\": 250"));
        ByteArrayOutputStream said = new ByteArrayOutputStream();
        ByteArrayOutputStream complained = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(said, true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(complained, true, StandardCharsets.UTF_8);
        assertThat(ConfigPublish.run(new String[] {good.toString(), "--state", state.toString()}, out, err))
                .as(complained.toString(StandardCharsets.UTF_8))
                .isZero();
        assertThat(said.toString(StandardCharsets.UTF_8))
                .contains("valid game config version 2", "Published to s3://", "uses version 2");
        // The same version again, and an invalid document: refused, nothing uploaded.
        assertThat(ConfigPublish.run(new String[] {good.toString(), "--state", state.toString()}, out, err))
                .isEqualTo(1);
        java.nio.file.Path bad = dir.resolve("bad.json");
        java.nio.file.Files.writeString(
                bad, example.replace("\"version\": 1,", "\"version\": 3,").replace("500", "9000"));
        assertThat(ConfigPublish.run(new String[] {bad.toString(), "--state", state.toString()}, out, err))
                .isEqualTo(1);
        assertThat(complained.toString(StandardCharsets.UTF_8))
                .contains("is not above the published version 2", "market.feeBasisPoints must be 0..5000");
        var stack = DevUpState.read(state);
        try (var s3 = ConfigPublish.s3(stack, java.time.Duration.ofSeconds(5))) {
            String published = s3.getObjectAsBytes(
                            r -> r.bucket(stack.configBucket()).key(stack.configKey()))
                    .asUtf8String();
            assertThat(published).contains("\"version\": 2,", "\"feeBasisPoints\": 250");
        }
        java.nio.file.Files.writeString(
                state, java.nio.file.Files.readString(state).replaceAll("\"pid\" : \\d+", "\"pid\" : 999999999"));
        assertThat(ConfigPublish.run(new String[] {good.toString(), "--state", state.toString()}, out, err))
                .as("a stack that is not running")
                .isEqualTo(2);
    }

    @Test
    void theLeaderboardSelfCheckShowsABoardWithRanks() {
        ByteArrayOutputStream shown = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(shown, true, StandardCharsets.UTF_8);
        assertThat(new LeaderboardSelfCheck(new SelfCheck(running.baseUri(), out), out).run())
                .as(shown.toString(StandardCharsets.UTF_8))
                .isTrue();
        assertThat(shown.toString(StandardCharsets.UTF_8))
                .contains("global top:", "global rank", "Leaderboard self-check passed.");
    }

    @Test
    void theDataRightsSelfCheckExportsAndErasesAPlayerAndShowsTheSteps() throws Exception {
        ByteArrayOutputStream shown = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(shown, true, StandardCharsets.UTF_8);
        assertThat(new PrivacySelfCheck(new SelfCheck(running.baseUri(), out), out).run())
                .as(shown.toString(StandardCharsets.UTF_8))
                .isTrue();
        assertThat(shown.toString(StandardCharsets.UTF_8))
                .contains(
                        "POST /playerExport",
                        "\"status\":\"DONE\"",
                        "GET <url> -> 200",
                        "\"stepsPending\":[\"erase-economy\",\"erase-snapshots\",\"erase-leaderboards\"]",
                        "\"stepsDone\":[\"freeze-snapshots\",\"freeze-leaderboards\",\"erase-economy\",\"erase-snapshots\",\"erase-leaderboards\"]",
                        "PLAYER_ERASED",
                        "PLAYER_DATA_ERASED",
                        "Data rights self-check passed.");
    }

    @Test
    void theStorageSelfCheckServesTerrainAndRestoresABackup() throws Exception {
        ByteArrayOutputStream shown = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(shown, true, StandardCharsets.UTF_8);
        assertThat(new StorageSelfCheck(new SelfCheck(running.baseUri(), out), out).run())
                .as(shown.toString(StandardCharsets.UTF_8))
                .isTrue();
        assertThat(shown.toString(StandardCharsets.UTF_8))
                .contains(
                        "\"auditMatchesManifest\":true",
                        "player snapshots ",
                        "restored snapshots into player-snapshots-restore",
                        "Storage self-check passed.");
    }

    @Test
    void aSnapshotIsIngestedWrittenByTheLocalPollerAndLoadedBack() throws Exception {
        PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        assertThat(new SnapshotSelfCheck(running.baseUri(), out).run()).isTrue();
        assertThat(client.post("snapshotIngest", "{\"playerId\":\"zed\",\"version\":1,\"state\":{\"gold\":5}}")
                        .status())
                .as("economy fields are refused")
                .isEqualTo(400);
    }

    @Test
    void statusCodesTravelOverHttp() throws Exception {
        assertThat(client.post(
                                "grant",
                                "{\"grantId\":\"" + UUID.randomUUID()
                                        + "\",\"playerId\":\"zed\",\"currency\":{\"gold\":1}}")
                        .status())
                .isEqualTo(200);
        assertThat(client.post(
                                "grant",
                                "{\"grantId\":\"" + UUID.randomUUID()
                                        + "\",\"playerId\":\"yan\",\"currency\":{\"gold\":1}}")
                        .status())
                .isEqualTo(200);
        SelfCheck.Call refused = client.post(
                "trade",
                "{\"tradeId\":\"" + UUID.randomUUID()
                        + "\",\"a\":{\"playerId\":\"zed\",\"gives\":{\"currency\":{\"gold\":2}}},\"b\":{\"playerId\":\"yan\"}}");
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.body()).contains("\"status\":\"REJECTED\"", "\"error\":\"INSUFFICIENT_FUNDS\"");
        assertThat(client.post("trade", "{\"tradeId\":").status()).isEqualTo(400);
        assertThat(client.post("playerEconomy", "{\"playerId\":\"nobody\"}").status())
                .isEqualTo(404);
        SelfCheck.Call unknown = client.post("teleport", "{}");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.body()).contains("UNKNOWN_FUNCTION");
    }

    /** Game services use many HTTP clients: {@code curl -d} sends a form content type, others none. */
    @Test
    void aJsonBodyIsReadAsJsonWhateverTheContentTypeSays() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        for (String contentType : new String[] {null, "application/x-www-form-urlencoded", "text/plain", "*/*"}) {
            HttpRequest.Builder request = HttpRequest.newBuilder(
                            running.baseUri().resolve("/economyAudit"))
                    .timeout(Duration.ofSeconds(60))
                    .POST(HttpRequest.BodyPublishers.ofString("{}"));
            if (contentType != null) {
                request.header("Content-Type", contentType);
            }
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode())
                    .as("Content-Type " + contentType + ": " + response.body())
                    .isEqualTo(200);
            assertThat(response.body()).contains("\"problems\"");
        }
        // characters a form decoder would change ('+', '&', '=', '%') arrive untouched
        HttpResponse<String> refused = http.send(
                HttpRequest.newBuilder(running.baseUri().resolve("/economyAudit"))
                        .timeout(Duration.ofSeconds(60))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"a+b&c=%41\":1}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
        assertThat(refused.body()).contains("UNKNOWN_FIELD", "a+b&c=%41");
    }
}
