package com.bluemarble.functions.local;

import com.bluemarble.functions.app.JsonFunctions;
import com.bluemarble.functions.emulators.AwsEmulator;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import tools.jackson.databind.JsonNode;

/**
 * Player data rights in {@code ./dev up} (docs/data-rights.md): a player with gold, an item on sale, a
 * snapshot and a score is exported (the document fetched from its pre-signed URL) and then erased; the
 * check prints the erasure's steps as the local driver completes them, then shows that every store
 * refuses the player and that the economy audit is still ok.
 */
final class PrivacySelfCheck {

    private static final Duration WAIT = Duration.ofSeconds(90);

    private final SelfCheck http;
    private final PrintStream out;

    PrivacySelfCheck(SelfCheck http, PrintStream out) {
        this.http = http;
        this.out = out;
    }

    private static String id() {
        return UUID.randomUUID().toString();
    }

    /**
     * Creates the exports bucket and names it. It is not in {@code resources.json}: in AWS the CDK app
     * creates it with its own encryption and 7-day expiry (infra).
     */
    static Map<String, Object> exportsBucket(AwsEmulator aws) {
        String bucket = "bluemarble-exports";
        try (S3Client s3 = aws.clients()
                .configure(S3Client.builder(), Duration.ofSeconds(60))
                .build()) {
            s3.createBucket(r -> r.bucket(bucket));
        } catch (BucketAlreadyOwnedByYouException e) {
            // created by an earlier stack on the same emulator
        }
        return Map.of("bluemarble.privacy.exports-bucket", bucket);
    }

    /** @return true when the export holds the player's data and the erasure completed with every store refusing them */
    boolean run() throws IOException, InterruptedException {
        String player = "gdpr-" + UUID.randomUUID().toString().substring(0, 6);
        out.println("Self-check (player data rights: export, then erase across Spanner, DynamoDB/S3 and Redis):");
        boolean ok = http.answers(
                "grant",
                "{\"grantId\":\"" + id() + "\",\"playerId\":\"" + player
                        + "\",\"currency\":{\"gold\":50},\"items\":{\"potion\":3}}",
                200,
                200);
        ok &= http.answers(
                "listingCreate",
                "{\"listingId\":\"" + id() + "\",\"sellerId\":\"" + player
                        + "\",\"items\":{\"potion\":1},\"price\":{\"currency\":\"gold\",\"amount\":9}}",
                200,
                200);
        ok &= http.answers(
                "leaderboardSubmit",
                "{\"board\":\"global-score\",\"playerId\":\"" + player + "\",\"region\":\"eu-west-1\",\"score\":777}",
                200,
                200);
        ok &= http.answers(
                "snapshotIngest",
                "{\"playerId\":\"" + player + "\",\"version\":1,\"state\":{\"zone\":\"harbor\",\"hp\":90}}",
                200,
                202);
        ok &= awaitStatus("snapshotLoad", "{\"playerId\":\"" + player + "\"}", 200);
        if (!ok) {
            out.println("Data rights self-check FAILED: the player's data could not be written.");
            return false;
        }

        String exportId = id();
        ok &= http.answers(
                "playerExport", "{\"exportId\":\"" + exportId + "\",\"playerId\":\"" + player + "\"}", 300, 202);
        JsonNode exported = poll("playerExportStatus", "{\"exportId\":\"" + exportId + "\"}", "status", "DONE");
        ok &= exported != null && exported.has("url");
        if (ok) {
            HttpResponse<String> document = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(
                                            URI.create(exported.get("url").asString()))
                                    .timeout(Duration.ofSeconds(30))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            JsonNode doc = document.statusCode() == 200 ? JsonFunctions.JSON.readTree(document.body()) : null;
            out.println("    GET <url> -> " + document.statusCode() + ", "
                    + document.body().length() + " bytes");
            ok &= doc != null && doc.get("playerId").asString().equals(player);
            if (doc != null) {
                out.println("    economy holdings " + doc.get("economy").get("holdings") + ", ledger rows "
                        + doc.get("economy").get("ledger").size() + ", listings "
                        + doc.get("economy").get("listings").size());
                out.println("    snapshots " + doc.get("snapshots"));
                out.println(
                        "    leaderboards " + shorten(doc.get("leaderboards").toString(), 200));
            }
        }

        String eraseId = id();
        String erase = "{\"eraseId\":\"" + eraseId + "\",\"playerId\":\"" + player
                + "\",\"reason\":\"self-check: the player asked to be forgotten\"}";
        SelfCheck.Call erased = http.show("playerErase", erase, 400);
        ok &= erased.status() == 202;
        JsonNode done = poll("playerEraseStatus", "{\"eraseId\":\"" + eraseId + "\"}", "status", "DONE");
        ok &= done != null;
        ok &= http.answers(
                "grant",
                "{\"grantId\":\"" + id() + "\",\"playerId\":\"" + player + "\",\"currency\":{\"gold\":1}}",
                200,
                409);
        ok &= http.answers(
                "snapshotIngest",
                "{\"playerId\":\"" + player + "\",\"version\":2,\"state\":{\"zone\":\"moon\"}}",
                200,
                410);
        ok &= http.answers(
                "leaderboardSubmit",
                "{\"board\":\"global-score\",\"playerId\":\"" + player + "\",\"region\":\"eu-west-1\",\"score\":999}",
                200,
                409);
        ok &= http.show("playerEconomy", "{\"playerId\":\"" + player + "\"}", 300)
                        .status()
                != 500;
        SelfCheck.Call again = http.show("playerErase", erase, 400);
        ok &= again.status() == 202 && again.body().contains("\"DONE\"");
        out.println("    the same request again: the same erasure, nothing ran twice");
        SelfCheck.Call audit = http.show("economyAudit", "{}", 300);
        ok &= audit.status() == 200 && audit.body().contains("\"ok\":true");
        out.println(ok ? "Data rights self-check passed." : "Data rights self-check FAILED: see the answers above.");
        return ok;
    }

    private boolean awaitStatus(String function, String json, int status) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        SelfCheck.Call call = http.post(function, json);
        while (call.status() != status && System.nanoTime() < deadline) {
            Thread.sleep(200);
            call = http.post(function, json);
        }
        return call.status() == status;
    }

    /** Polls a status function, printing each answer that differs from the last, until {@code field} is {@code value}. */
    private JsonNode poll(String function, String json, String field, String value)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        List<String> seen = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            SelfCheck.Call call = http.post(function, json);
            JsonNode body = call.status() == 200 ? JsonFunctions.JSON.readTree(call.body()) : null;
            String shown = body == null ? call.body() : withoutTimes(body);
            if (seen.isEmpty() || !seen.get(seen.size() - 1).equals(shown)) {
                seen.add(shown);
                out.printf("  POST /%s %s%n    -> %d %s%n", function, json, call.status(), shorten(call.body(), 400));
            }
            if (body != null && body.path(field).asString("").equals(value)) {
                return body;
            }
            if (body != null && body.path(field).asString("").equals("FAILED")) {
                return null;
            }
            Thread.sleep(100);
        }
        out.println("    not " + value + " within " + WAIT.toSeconds() + " s");
        return null;
    }

    private static String withoutTimes(JsonNode body) {
        return body.path("status").asString("") + body.path("stepsDone");
    }

    private static String shorten(String text, int chars) {
        return text.length() > chars ? text.substring(0, chars) + "…" : text;
    }
}
