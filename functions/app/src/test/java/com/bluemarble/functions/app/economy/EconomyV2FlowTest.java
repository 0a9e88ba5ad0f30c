package com.bluemarble.functions.app.economy;

import static com.bluemarble.functions.app.economy.EconomyV2Context.grant;
import static com.bluemarble.functions.app.economy.EconomyV2Context.id;
import static org.assertj.core.api.Assertions.assertThat;

import com.bluemarble.functions.app.FunctionsTestContext;
import com.bluemarble.functions.app.FunctionsTestContext.Response;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Each economy v2 function through the real beans on the Spanner emulator, with the audit after each step. */
class EconomyV2FlowTest {

    private static FunctionsTestContext app;

    @BeforeAll
    static void start() {
        app = EconomyV2Context.start();
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    private static String player(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 6);
    }

    private static JsonNode auditOk() {
        JsonNode audit = app.call("economyAudit", "{}").json();
        assertThat(audit.get("ok").asBoolean()).as(audit.toString()).isTrue();
        return audit;
    }

    private static JsonNode holdings(String player) {
        return app.call("playerEconomy", "{\"playerId\":\"" + player + "\"}").json();
    }

    @Test
    void purchaseBurnsThePriceAndMintsTheGrantsUpToTheLimit() {
        String ann = player("ann");
        grant(app, ann, "\"gold\":200,\"gems\":10", "");
        JsonNode before = auditOk();
        String purchase = "{\"purchaseId\":\"" + id() + "\",\"playerId\":\"" + ann
                + "\",\"offerId\":\"potion-pack\",\"quantity\":2}";
        Response bought = app.call("purchase", purchase);
        assertThat(bought.status()).as(bought.body()).isEqualTo(200);
        assertThat(bought.json().get("status").asString()).isEqualTo("COMMITTED");
        assertThat(app.call("purchase", purchase))
                .as("a replay is the identical answer")
                .isEqualTo(bought);
        assertThat(holdings(ann).at("/currency/gold").asLong()).isEqualTo(140);
        assertThat(holdings(ann).at("/items/potion").asLong()).isEqualTo(6);
        JsonNode after = auditOk();
        assertThat(after.at("/currency/gold/burned").asLong()
                        - before.at("/currency/gold/burned").asLong())
                .isEqualTo(60);
        assertThat(after.at("/items/potion/minted").asLong()
                        - before.at("/items/potion/minted").asLong())
                .isEqualTo(6);

        Response limit = app.call(
                "purchase",
                "{\"purchaseId\":\"" + id() + "\",\"playerId\":\"" + ann
                        + "\",\"offerId\":\"potion-pack\",\"quantity\":4}");
        assertThat(limit.status()).isEqualTo(422);
        assertThat(limit.json().get("error").asString()).isEqualTo("PURCHASE_LIMIT_REACHED");
        Response closed = app.call(
                "purchase", "{\"purchaseId\":\"" + id() + "\",\"playerId\":\"" + ann + "\",\"offerId\":\"old-sale\"}");
        assertThat(closed.json().get("error").asString()).isEqualTo("OFFER_UNAVAILABLE");
        Response poor = app.call(
                "purchase",
                "{\"purchaseId\":\"" + id() + "\",\"playerId\":\"" + ann
                        + "\",\"offerId\":\"relic-box\",\"quantity\":3}");
        assertThat(poor.json().get("error").asString()).isEqualTo("INSUFFICIENT_FUNDS");
        Response unknown = app.call(
                "purchase", "{\"purchaseId\":\"" + id() + "\",\"playerId\":\"" + ann + "\",\"offerId\":\"nope\"}");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().get("error").asString()).isEqualTo("UNKNOWN_OFFER");
        Response relic = app.call(
                "purchase", "{\"purchaseId\":\"" + id() + "\",\"playerId\":\"" + ann + "\",\"offerId\":\"relic-box\"}");
        assertThat(relic.status()).as(relic.body()).isEqualTo(200);
        assertThat(holdings(ann).at("/instances/excalibur")).hasSize(1);
        auditOk();
    }

    @Test
    void consumeAndCraftBurnAndMintAtomically() {
        String bo = player("bo");
        grant(app, bo, "\"gold\":100", "\"ore\":7,\"potion\":2,\"excalibur\":2");
        Response crafted = app.call(
                "craft",
                "{\"craftId\":\"" + id() + "\",\"playerId\":\"" + bo + "\",\"recipeId\":\"iron-sword\",\"times\":2}");
        assertThat(crafted.status()).as(crafted.body()).isEqualTo(200);
        assertThat(holdings(bo).at("/items/ore").asLong()).isEqualTo(1);
        assertThat(holdings(bo).at("/items/iron-sword").asLong()).isEqualTo(2);
        assertThat(holdings(bo).at("/currency/gold").asLong()).isEqualTo(90);
        Response short_ = app.call(
                "craft", "{\"craftId\":\"" + id() + "\",\"playerId\":\"" + bo + "\",\"recipeId\":\"iron-sword\"}");
        assertThat(short_.status()).isEqualTo(422);
        assertThat(short_.json().get("error").asString()).isEqualTo("INSUFFICIENT_ITEMS");
        Response egg = app.call(
                "craft", "{\"craftId\":\"" + id() + "\",\"playerId\":\"" + bo + "\",\"recipeId\":\"relic-forge\"}");
        assertThat(egg.status()).as(egg.body()).isEqualTo(200);
        assertThat(holdings(bo).at("/instances/dragon-egg")).hasSize(1);

        String excalibur = holdings(bo).at("/instances/excalibur/0").asString();
        String consume = "{\"consumeId\":\"" + id() + "\",\"playerId\":\"" + bo
                + "\",\"currency\":{\"gold\":10},\"items\":{\"potion\":1},\"instances\":[\"" + excalibur
                + "\"],\"reason\":\"repair\"}";
        Response consumed = app.call("consume", consume);
        assertThat(consumed.status()).as(consumed.body()).isEqualTo(200);
        assertThat(app.call("consume", consume)).isEqualTo(consumed);
        JsonNode after = holdings(bo);
        assertThat(after.at("/currency/gold").asLong()).isEqualTo(80);
        assertThat(after.at("/items/potion").asLong()).isEqualTo(1);
        assertThat(after.at("/instances/excalibur")).hasSize(1);
        Response again = app.call(
                "consume",
                "{\"consumeId\":\"" + id() + "\",\"playerId\":\"" + bo + "\",\"instances\":[\"" + excalibur
                        + "\"],\"reason\":\"repair\"}");
        assertThat(again.status()).isEqualTo(422);
        assertThat(again.json().get("error").asString()).isEqualTo("INSUFFICIENT_ITEMS");
        auditOk();
    }

    @Test
    void aListingIsEscrowedSoldWithItsFeeAndShownInHistory() {
        String seller = player("sel");
        String buyer = player("buy");
        grant(app, seller, "\"gold\":1", "\"potion\":10,\"excalibur\":1");
        grant(app, buyer, "\"gold\":500", "");
        String listingId = id();
        String create = "{\"listingId\":\"" + listingId + "\",\"sellerId\":\"" + seller
                + "\",\"items\":{\"potion\":4},\"price\":{\"currency\":\"gold\",\"amount\":101}}";
        Response listed = app.call("listingCreate", create);
        assertThat(listed.status()).as(listed.body()).isEqualTo(200);
        assertThat(listed.json().get("status").asString()).isEqualTo("OPEN");
        assertThat(listed.json().get("expiresAt").asString()).isNotBlank();
        assertThat(app.call("listingCreate", create)).isEqualTo(listed);
        assertThat(holdings(seller).at("/items/potion").asLong()).isEqualTo(6);
        JsonNode escrowAudit = auditOk();
        assertThat(escrowAudit.at("/items/potion/escrowed").asLong()).isGreaterThanOrEqualTo(4);

        JsonNode found =
                app.call("listingsSearch", "{\"sku\":\"potion\",\"limit\":100}").json();
        assertThat(found.get("listings").toString()).contains(listingId);

        String buy =
                "{\"purchaseId\":\"" + id() + "\",\"listingId\":\"" + listingId + "\",\"buyerId\":\"" + buyer + "\"}";
        Response sold = app.call("listingBuy", buy);
        assertThat(sold.status()).as(sold.body()).isEqualTo(200);
        assertThat(sold.json().get("fee").asLong()).isEqualTo(6); // 5% of 101, rounded up
        assertThat(sold.json().at("/price/amount").asLong()).isEqualTo(101);
        assertThat(app.call("listingBuy", buy)).isEqualTo(sold);
        assertThat(holdings(seller).at("/currency/gold").asLong()).isEqualTo(1 + 101 - 6);
        assertThat(holdings(buyer).at("/currency/gold").asLong()).isEqualTo(500 - 101);
        assertThat(holdings(buyer).at("/items/potion").asLong()).isEqualTo(4);
        Response late = app.call(
                "listingBuy",
                "{\"purchaseId\":\"" + id() + "\",\"listingId\":\"" + listingId + "\",\"buyerId\":\"" + buyer + "\"}");
        assertThat(late.status()).isEqualTo(409);
        assertThat(late.json().get("error").asString()).isEqualTo("LISTING_NOT_AVAILABLE");
        assertThat(app.call("listingsSearch", "{\"sku\":\"potion\",\"limit\":100}")
                        .body())
                .doesNotContain(listingId);

        // A unique instance listed by id and cancelled: back to the seller.
        String instance = holdings(seller).at("/instances/excalibur/0").asString();
        String uniqueListing = id();
        Response listedUnique = app.call(
                "listingCreate",
                "{\"listingId\":\"" + uniqueListing + "\",\"sellerId\":\"" + seller + "\",\"instances\":[\"" + instance
                        + "\"],\"price\":{\"currency\":\"gold\",\"amount\":1000},\"expiresInSeconds\":60}");
        assertThat(listedUnique.status()).as(listedUnique.body()).isEqualTo(200);
        assertThat(holdings(seller).at("/instances/excalibur")).isEmpty();
        auditOk();
        Response notYours =
                app.call("listingCancel", "{\"listingId\":\"" + uniqueListing + "\",\"sellerId\":\"" + buyer + "\"}");
        assertThat(notYours.json().get("error").asString()).isEqualTo("NOT_THE_SELLER");
        Response cancelled =
                app.call("listingCancel", "{\"listingId\":\"" + uniqueListing + "\",\"sellerId\":\"" + seller + "\"}");
        assertThat(cancelled.status()).as(cancelled.body()).isEqualTo(200);
        assertThat(cancelled.json().get("status").asString()).isEqualTo("CANCELLED");
        assertThat(holdings(seller).at("/instances/excalibur/0").asString()).isEqualTo(instance);
        assertThat(app.call(
                                "listingCancel",
                                "{\"listingId\":\"" + uniqueListing + "\",\"sellerId\":\"" + seller + "\"}")
                        .status())
                .isEqualTo(409);
        JsonNode audit = auditOk();
        assertThat(audit.at("/currency/gold/burned").asLong()).isGreaterThanOrEqualTo(6);

        // History: newest first, paginated by token, every movement with its source and key.
        List<String> sources = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        String token = null;
        int pages = 0;
        do {
            JsonNode page = app.call(
                            "playerHistory",
                            "{\"playerId\":\"" + seller + "\",\"limit\":2"
                                    + (token == null ? "" : ",\"pageToken\":\"" + token + "\"") + "}")
                    .json();
            for (JsonNode entry : page.get("entries")) {
                sources.add(entry.get("source").asString());
                assertThat(seen.add(entry.toString())).as("no entry twice").isTrue();
            }
            token = page.has("nextPageToken") ? page.get("nextPageToken").asString() : null;
            pages++;
        } while (token != null && pages < 20);
        assertThat(pages).isGreaterThan(2);
        assertThat(sources).contains("GRANT", "LISTING", "SALE", "FEE", "CANCEL");
        assertThat(sources.get(0)).isEqualTo("CANCEL");
        assertThat(sources.get(sources.size() - 1)).isEqualTo("GRANT");
    }

    @Test
    void searchIsCheapestFirstAndPaginated() {
        String seller = player("mk");
        grant(app, seller, "", "\"herb\":10");
        for (int price : new int[] {7, 3, 5}) {
            assertThat(app.call(
                                    "listingCreate",
                                    "{\"listingId\":\"" + id() + "\",\"sellerId\":\"" + seller
                                            + "\",\"items\":{\"herb\":1},\"price\":{\"currency\":\"gold\",\"amount\":"
                                            + price + "}}")
                            .status())
                    .isEqualTo(200);
        }
        Response fourth = app.call(
                "listingCreate",
                "{\"listingId\":\"" + id() + "\",\"sellerId\":\"" + seller
                        + "\",\"items\":{\"herb\":1},\"price\":{\"currency\":\"gold\",\"amount\":1}}");
        assertThat(fourth.json().get("error").asString()).isEqualTo("LISTING_LIMIT_REACHED");
        JsonNode first =
                app.call("listingsSearch", "{\"sku\":\"herb\",\"limit\":2}").json();
        assertThat(first.at("/listings/0/price/amount").asLong()).isEqualTo(3);
        assertThat(first.at("/listings/1/price/amount").asLong()).isEqualTo(5);
        JsonNode second = app.call(
                        "listingsSearch",
                        "{\"sku\":\"herb\",\"limit\":2,\"pageToken\":\""
                                + first.get("nextPageToken").asString() + "\"}")
                .json();
        assertThat(second.get("listings")).hasSize(1);
        assertThat(second.at("/listings/0/price/amount").asLong()).isEqualTo(7);
        assertThat(second.has("nextPageToken")).isFalse();
        assertThat(app.call("listingsSearch", "{\"sku\":\"herb\",\"maxPrice\":4}")
                        .json()
                        .get("listings"))
                .hasSize(1);
        Response wrongToken = app.call(
                "listingsSearch",
                "{\"sku\":\"potion\",\"pageToken\":\""
                        + first.get("nextPageToken").asString() + "\"}");
        assertThat(wrongToken.status()).isEqualTo(400);
        assertThat(wrongToken.json().get("error").asString()).isEqualTo("INVALID_PAGE_TOKEN");
        auditOk();
    }

    /** Issue 11 item 3: ids of different operations share one namespace; a collision is 409, never a 500. */
    @Test
    void aKeyOfOneOperationReusedByAnotherIsAConflict() {
        String p = player("p");
        String q = player("q");
        grant(app, q, "\"gems\":5", "");
        String key = id();
        assertThat(app.call(
                                "grant",
                                "{\"grantId\":\"" + key + "\",\"playerId\":\"" + p + "\",\"currency\":{\"gold\":100}}")
                        .status())
                .isEqualTo(200);
        Response trade = app.call(
                "trade",
                "{\"tradeId\":\"" + key + "\",\"a\":{\"playerId\":\"" + p
                        + "\",\"gives\":{\"currency\":{\"gold\":10}}},\"b\":{\"playerId\":\"" + q
                        + "\",\"gives\":{\"currency\":{\"gems\":1}}}}");
        assertThat(trade.status()).as(trade.body()).isEqualTo(409);
        assertThat(trade.json().get("error").asString()).isEqualTo("IDEMPOTENCY_KEY_REUSED");
        for (String reuse : List.of(
                "{\"purchaseId\":\"" + key + "\",\"playerId\":\"" + p + "\",\"offerId\":\"ore-crate\"}",
                "{\"consumeId\":\"" + key + "\",\"playerId\":\"" + p + "\",\"currency\":{\"gold\":1},\"reason\":\"x\"}",
                "{\"craftId\":\"" + key + "\",\"playerId\":\"" + p + "\",\"recipeId\":\"iron-sword\"}")) {
            String function =
                    reuse.startsWith("{\"purchase") ? "purchase" : reuse.startsWith("{\"consume") ? "consume" : "craft";
            Response answer = app.call(function, reuse);
            assertThat(answer.status()).as(answer.body()).isEqualTo(409);
        }
        assertThat(holdings(p).at("/currency/gold").asLong()).isEqualTo(100);
        auditOk();
    }

    /** Issue 11 item 4: unique counts past the cap are 400 before anything else, however large. */
    @Test
    void uniqueCountsBeyondTheCapAre400NotAnOverflow() {
        Response grant = app.call(
                "grant",
                "{\"grantId\":\"" + id()
                        + "\",\"playerId\":\"u1\",\"items\":{\"excalibur\":9223372036854775807,\"dragon-egg\":1}}");
        assertThat(grant.status()).as(grant.body()).isEqualTo(400);
        assertThat(grant.json().get("error").asString()).isEqualTo("TOO_MANY_ITEMS");
        Response trade = app.call(
                "trade",
                "{\"tradeId\":\"" + id() + "\",\"a\":{\"playerId\":\"u1\",\"gives\":{\"items\":{\"excalibur\":"
                        + Long.MAX_VALUE + "}}},\"b\":{\"playerId\":\"u2\",\"gives\":{\"items\":{\"dragon-egg\":"
                        + Long.MAX_VALUE + "}}}}");
        assertThat(trade.status()).as(trade.body()).isEqualTo(400);
        assertThat(trade.json().get("error").asString()).isEqualTo("TOO_MANY_ITEMS");
    }

    /** Issue 11 item 1: concurrent reads of every kind pass the emulator's gate: no 500 while trades run. */
    @Test
    void fourParallelAuditsDuringTradesNeverAnswer500() throws Exception {
        String a = player("ta");
        String b = player("tb");
        grant(app, a, "\"gold\":100000", "");
        grant(app, b, "\"gems\":100000", "");
        AtomicBoolean trading = new AtomicBoolean(true);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<List<Integer>>> callers = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            callers.add(pool.submit(() -> {
                List<Integer> statuses = new ArrayList<>();
                while (trading.get()) {
                    statuses.add(app.call(
                                    "trade",
                                    "{\"tradeId\":\"" + id() + "\",\"a\":{\"playerId\":\"" + a
                                            + "\",\"gives\":{\"currency\":{\"gold\":1}}},\"b\":{\"playerId\":\"" + b
                                            + "\",\"gives\":{\"currency\":{\"gems\":1}}}}")
                            .status());
                }
                return statuses;
            }));
        }
        List<Future<List<Integer>>> readers = new ArrayList<>();
        for (int r = 0; r < 4; r++) {
            readers.add(pool.submit(() -> {
                List<Integer> statuses = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    statuses.add(app.call("economyAudit", "{}").status());
                    statuses.add(app.call("playerEconomy", "{\"playerId\":\"" + a + "\"}")
                            .status());
                    statuses.add(app.call("playerHistory", "{\"playerId\":\"" + a + "\",\"limit\":5}")
                            .status());
                    statuses.add(
                            app.call("listingsSearch", "{\"sku\":\"potion\"}").status());
                }
                return statuses;
            }));
        }
        List<Integer> readStatuses = new ArrayList<>();
        for (Future<List<Integer>> reader : readers) {
            readStatuses.addAll(reader.get());
        }
        trading.set(false);
        List<Integer> tradeStatuses = new ArrayList<>();
        for (Future<List<Integer>> caller : callers) {
            tradeStatuses.addAll(caller.get());
        }
        pool.shutdown();
        assertThat(readStatuses).hasSize(48).allMatch(s -> s == 200 || s == 503);
        assertThat(readStatuses).filteredOn(s -> s == 200).hasSizeGreaterThan(40);
        assertThat(tradeStatuses).isNotEmpty().allMatch(s -> s == 200 || s == 503);
        auditOk();
    }
}
