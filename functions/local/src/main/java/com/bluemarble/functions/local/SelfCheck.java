package com.bluemarble.functions.local;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

/**
 * What {@code ./dev up} shows after start: a grant, a trade, the identical replay of that trade and
 * a passing audit, each a real HTTP call to the local server, printed as it goes.
 */
final class SelfCheck {

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI base;
    private final PrintStream out;

    SelfCheck(URI base, PrintStream out) {
        this.base = base;
        this.out = out;
    }

    record Call(int status, String body) {}

    Call post(String function, String json) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(base.resolve("/" + function))
                        .timeout(Duration.ofSeconds(30))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        return new Call(response.statusCode(), response.body());
    }

    /** Posts and prints the exchange, the answer cut to {@code shownChars} (every area's self-check shows its calls so). */
    Call show(String function, String json, int shownChars) throws IOException, InterruptedException {
        Call call = post(function, json);
        String body = call.body().length() > shownChars ? call.body().substring(0, shownChars) + "…" : call.body();
        out.printf("  POST /%s %s%n    -> %d %s%n", function, json, call.status(), body);
        return call;
    }

    private Call show(String function, String json) throws IOException, InterruptedException {
        return show(function, json, Integer.MAX_VALUE);
    }

    /** Posts and prints the exchange ({@link #show}); whether it answered {@code status}. */
    boolean answers(String function, String json, int shownChars, int status) throws IOException, InterruptedException {
        return show(function, json, shownChars).status() == status;
    }

    /** @return true when every step answered as the contract says */
    boolean run() throws IOException, InterruptedException {
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        String alice = "alice-" + suffix;
        String bob = "bob-" + suffix;
        out.println("Self-check (economy on the Spanner emulator):");
        boolean ok = answers(
                "grant",
                "{\"grantId\":\"" + UUID.randomUUID() + "\",\"playerId\":\"" + alice
                        + "\",\"currency\":{\"gold\":100},\"items\":{\"excalibur\":1}}",
                Integer.MAX_VALUE,
                200);
        ok &= answers(
                "grant",
                "{\"grantId\":\"" + UUID.randomUUID() + "\",\"playerId\":\"" + bob
                        + "\",\"currency\":{\"gold\":20},\"items\":{\"potion\":5}}",
                Integer.MAX_VALUE,
                200);
        String trade = "{\"tradeId\":\"" + UUID.randomUUID() + "\",\"a\":{\"playerId\":\"" + alice
                + "\",\"gives\":{\"items\":{\"excalibur\":1}}},\"b\":{\"playerId\":\"" + bob
                + "\",\"gives\":{\"currency\":{\"gold\":15},\"items\":{\"potion\":2}}}}";
        Call committed = show("trade", trade);
        ok &= committed.status() == 200 && committed.body().contains("\"COMMITTED\"");
        Call replay = show("trade", trade);
        boolean identical =
                replay.status() == committed.status() && replay.body().equals(committed.body());
        out.println("    replay of the same tradeId "
                + (identical ? "returned the identical first answer (nothing applied twice)" : "DIFFERED"));
        ok &= identical;
        show("playerEconomy", "{\"playerId\":\"" + bob + "\"}");
        Call audit = show("economyAudit", "{}");
        ok &= audit.status() == 200 && audit.body().contains("\"ok\":true");
        out.println(ok ? "Self-check passed." : "Self-check FAILED: see the answers above.");
        return ok;
    }
}
