package com.bluemarble.functions.local;

import com.bluemarble.functions.app.JsonFunctions;
import com.bluemarble.functions.emulators.AwsEmulator;
import com.bluemarble.functions.emulators.AwsResources;
import com.bluemarble.functions.emulators.RedisServers;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * The leaderboards in {@code ./dev up}: the contract's three regions on the harness's two Redis
 * servers (us-east-1 and ap-southeast-1 share the first, eu-west-1 has the second, so global
 * queries really merge across servers), the archive bucket, and a self-check that submits over
 * HTTP and prints a board with its global and regional ranks.
 */
final class LeaderboardSelfCheck {

    private final SelfCheck http;
    private final PrintStream out;

    LeaderboardSelfCheck(SelfCheck http, PrintStream out) {
        this.http = http;
        this.out = out;
    }

    static Map<String, Object> properties(AwsEmulator aws, AwsResources resources, RedisServers redis) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put(
                "bluemarble.leaderboard.endpoints",
                "us-east-1=" + redis.uris().get(0) + ",eu-west-1="
                        + redis.uris().get(1) + ",ap-southeast-1="
                        + redis.uris().get(0));
        properties.put("bluemarble.leaderboard.archive.bucket", resources.bucket("bluemarble-backups"));
        return properties;
    }

    private JsonNode show(String function, String json) throws IOException, InterruptedException {
        SelfCheck.Call call = http.show(function, json, Integer.MAX_VALUE);
        if (call.status() != 200) {
            throw new IllegalStateException(function + " answered " + call.status());
        }
        return JsonFunctions.JSON.readTree(call.body());
    }

    private JsonNode submit(String board, String player, String region, long score)
            throws IOException, InterruptedException {
        JsonNode reply = show(
                "leaderboardSubmit",
                "{\"board\":\"" + board + "\",\"playerId\":\"" + player + "\",\"region\":\"" + region + "\",\"score\":"
                        + score + "}");
        Thread.sleep(3); // distinct milliseconds, so the tie below is decided by who reached the score first
        return reply;
    }

    /** @return true when the board ranks the submitted scores as the contract says */
    boolean run() {
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        String ana = "ana-" + suffix;
        String bo = "bo-" + suffix;
        String chen = "chen-" + suffix;
        String dee = "dee-" + suffix;
        out.println(
                "Self-check (leaderboards on Redis: us-east-1, ap-southeast-1 on one server, eu-west-1 on the other):");
        try {
            submit("global-score", ana, "us-east-1", 4200);
            submit("global-score", bo, "eu-west-1", 4200); // same score, reached later: ranks below ana
            submit("global-score", chen, "ap-southeast-1", 5100);
            submit("global-score", dee, "eu-west-1", 3900);
            boolean ok = !submit("global-score", ana, "us-east-1", 1000)
                    .get("improved")
                    .asBoolean(); // lower: best score kept
            JsonNode weekly = submit("weekly-score", ana, "us-east-1", 70);

            JsonNode top = show("leaderboardTop", "{\"board\":\"global-score\",\"limit\":10}");
            JsonNode eu = show("leaderboardTop", "{\"board\":\"global-score\",\"region\":\"eu-west-1\",\"limit\":10}");
            JsonNode rank =
                    show("leaderboardRank", "{\"board\":\"global-score\",\"playerId\":\"" + bo + "\",\"around\":1}");
            show("leaderboardTop", "{\"board\":\"weekly-score\",\"limit\":3}");

            out.println("  Board global-score (no reset), global top:");
            List<String> mine = new ArrayList<>();
            long boRank = 0;
            for (JsonNode entry : top.get("entries")) {
                String player = entry.get("playerId").asString();
                out.printf(
                        "    #%-3d %-14s %-15s %,d%n",
                        entry.get("rank").asLong(),
                        player,
                        entry.get("region").asString(),
                        entry.get("score").asLong());
                if (player.endsWith(suffix)) {
                    mine.add(player);
                }
                if (player.equals(bo)) {
                    boRank = entry.get("rank").asLong();
                }
            }
            out.printf(
                    "  %s: global rank %d, regional rank %d in %s; neighbours %s%n",
                    bo,
                    rank.get("globalRank").asLong(),
                    rank.get("regionalRank").asLong(),
                    rank.get("region").asString(),
                    rank.get("around").findValuesAsString("playerId"));
            out.printf(
                    "  weekly-score resets weekly (UTC): current season %s%n",
                    weekly.get("season").asString());
            ok &= mine.equals(List.of(chen, ana, bo, dee));
            ok &= rank.get("globalRank").asLong() == boRank
                    && rank.get("regionalRank").asLong() == position(eu, bo);
            ok &= rank.get("around").findValuesAsString("playerId").equals(List.of(ana, dee));
            out.println(
                    ok ? "Leaderboard self-check passed." : "Leaderboard self-check FAILED: see the answers above.");
            return ok;
        } catch (IOException | RuntimeException e) {
            out.println("Leaderboard self-check FAILED: " + e.getMessage());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static long position(JsonNode topReply, String player) {
        for (JsonNode entry : topReply.get("entries")) {
            if (entry.get("playerId").asString().equals(player)) {
                return entry.get("rank").asLong();
            }
        }
        return -1;
    }
}
