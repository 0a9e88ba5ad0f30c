package com.bluemarble.functions.local;

import com.bluemarble.functions.app.JsonFunctions;
import java.io.IOException;
import java.io.PrintStream;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * Economy v2 in {@code ./dev up}'s self-check: a shop purchase, a craft, a listing sold with its
 * fee, a listing left open (in escrow), the audit with burned and escrowed, and a player's history.
 * Uses the game config {@code ./dev up} publishes ({@code game-config.example.json}).
 */
final class EconomyMarketSelfCheck {

    private final SelfCheck http;
    private final PrintStream out;

    EconomyMarketSelfCheck(SelfCheck http, PrintStream out) {
        this.http = http;
        this.out = out;
    }

    private static String id() {
        return UUID.randomUUID().toString();
    }

    /** @return true when every step answered as the contract says */
    boolean run() throws IOException, InterruptedException {
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        String smith = "smith-" + suffix;
        String knight = "knight-" + suffix;
        out.println("Self-check (economy v2: shop, crafting, trading post):");
        boolean ok = http.answers(
                "grant",
                "{\"grantId\":\"" + id() + "\",\"playerId\":\"" + smith
                        + "\",\"currency\":{\"gold\":100},\"items\":{\"ore\":3}}",
                300,
                200);
        ok &= http.answers(
                "grant",
                "{\"grantId\":\"" + id() + "\",\"playerId\":\"" + knight + "\",\"currency\":{\"gold\":100}}",
                300,
                200);
        ok &= http.answers(
                "purchase",
                "{\"purchaseId\":\"" + id() + "\",\"playerId\":\"" + smith + "\",\"offerId\":\"potion-pack\"}",
                300,
                200);
        ok &= http.answers(
                "craft",
                "{\"craftId\":\"" + id() + "\",\"playerId\":\"" + smith + "\",\"recipeId\":\"iron-sword\"}",
                300,
                200);
        String sold = id();
        ok &= http.answers(
                "listingCreate",
                "{\"listingId\":\"" + sold + "\",\"sellerId\":\"" + smith
                        + "\",\"items\":{\"iron-sword\":1},\"price\":{\"currency\":\"gold\",\"amount\":40}}",
                300,
                200);
        SelfCheck.Call bought = http.show(
                "listingBuy",
                "{\"purchaseId\":\"" + id() + "\",\"listingId\":\"" + sold + "\",\"buyerId\":\"" + knight + "\"}",
                300);
        ok &= bought.status() == 200;
        if (bought.status() == 200) {
            JsonNode sale = JsonFunctions.JSON.readTree(bought.body());
            out.println("    sold for " + sale.at("/price/amount").asLong() + " "
                    + sale.at("/price/currency").asString() + "; fee "
                    + sale.get("fee").asLong()
                    + " burned, the seller received "
                    + (sale.at("/price/amount").asLong() - sale.get("fee").asLong()));
        }
        ok &= http.answers(
                "listingCreate",
                "{\"listingId\":\"" + id() + "\",\"sellerId\":\"" + smith
                        + "\",\"items\":{\"potion\":2},\"price\":{\"currency\":\"gold\",\"amount\":10}}",
                300,
                200);
        out.println("    (the 2 potions of that listing stay in escrow until sold, cancelled or expired)");
        ok &= http.answers("listingsSearch", "{\"sku\":\"potion\",\"limit\":3}", 300, 200);
        SelfCheck.Call audit = http.show("economyAudit", "{}", 1000);
        ok &= audit.status() == 200 && audit.body().contains("\"ok\":true");
        if (audit.status() == 200) {
            JsonNode report = JsonFunctions.JSON.readTree(audit.body());
            out.println("    gold: minted " + report.at("/currency/gold/minted").asLong() + ", burned "
                    + report.at("/currency/gold/burned").asLong() + ", held "
                    + report.at("/currency/gold/held").asLong() + "; potions escrowed "
                    + report.at("/items/potion/escrowed").asLong());
        }
        ok &= http.answers("playerHistory", "{\"playerId\":\"" + smith + "\",\"limit\":4}", 600, 200);
        out.println(ok ? "Economy v2 self-check passed." : "Economy v2 self-check FAILED: see the answers above.");
        return ok;
    }
}
