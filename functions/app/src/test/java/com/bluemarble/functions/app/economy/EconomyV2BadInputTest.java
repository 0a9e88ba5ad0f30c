package com.bluemarble.functions.app.economy;

import static com.bluemarble.functions.app.economy.EconomyV2Context.grant;
import static com.bluemarble.functions.app.economy.EconomyV2Context.id;
import static org.assertj.core.api.Assertions.assertThat;

import com.bluemarble.functions.app.FunctionsTestContext;
import com.bluemarble.functions.app.FunctionsTestContext.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Bad input to each economy v2 function: the contract's JSON error, and an audit and balances that did not move. */
class EconomyV2BadInputTest {

    private static FunctionsTestContext app;
    private static String listingId;
    private JsonNode before;

    @BeforeAll
    static void start() {
        app = EconomyV2Context.start();
        grant(app, "ann", "\"gold\":100", "\"potion\":3,\"excalibur\":1");
        grant(app, "bo", "\"gold\":100", "\"potion\":3");
        listingId = id();
        assertThat(app.call(
                                "listingCreate",
                                "{\"listingId\":\"" + listingId
                                        + "\",\"sellerId\":\"ann\",\"items\":{\"potion\":1},\"price\":{\"currency\":\"gold\",\"amount\":5}}")
                        .status())
                .isEqualTo(200);
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @BeforeEach
    void recordState() {
        before = state();
    }

    @AfterEach
    void stateIsUnchanged() {
        assertThat(state()).isEqualTo(before);
    }

    private static JsonNode state() {
        ObjectNode audit = (ObjectNode) app.call("economyAudit", "{}").json();
        audit.remove("readTimestamp");
        ObjectNode balances = audit.putObject("balances");
        balances.set("ann", app.call("playerEconomy", "{\"playerId\":\"ann\"}").json());
        balances.set("bo", app.call("playerEconomy", "{\"playerId\":\"bo\"}").json());
        balances.set(
                "history", app.call("playerHistory", "{\"playerId\":\"ann\"}").json());
        return audit;
    }

    private static void assertError(String function, String body, int status, String code) {
        Response response = app.call(function, body);
        assertThat(response.status())
                .as(function + " " + body + " -> " + response.body())
                .isEqualTo(status);
        assertThat(response.json().get("error").asString()).as(response.body()).isEqualTo(code);
        assertThat(response.json().get("message").asString()).isNotBlank();
    }

    @Test
    void purchase() {
        assertError("purchase", "{\"playerId\":\"ann\",\"offerId\":\"potion-pack\"}", 400, "MISSING_FIELD");
        assertError(
                "purchase",
                "{\"purchaseId\":\"x\",\"playerId\":\"ann\",\"offerId\":\"potion-pack\"}",
                400,
                "INVALID_ID");
        assertError(
                "purchase",
                "{\"purchaseId\":\"" + id() + "\",\"playerId\":\"ann\",\"offerId\":\"potion-pack\",\"quantity\":101}",
                400,
                "INVALID_QUANTITY");
        assertError(
                "purchase",
                "{\"purchaseId\":\"" + id() + "\",\"playerId\":\"ann\",\"offerId\":\"potion-pack\",\"quantity\":0}",
                400,
                "INVALID_QUANTITY");
        assertError(
                "purchase",
                "{\"purchaseId\":\"" + id() + "\",\"playerId\":\"ann\",\"offerId\":\"Bad Id\"}",
                400,
                "INVALID_FIELD");
        assertError(
                "purchase",
                "{\"purchaseId\":\"" + id() + "\",\"playerId\":\"ann\",\"offerId\":\"nope\"}",
                404,
                "UNKNOWN_OFFER");
        assertError(
                "purchase",
                "{\"purchaseId\":\"" + id() + "\",\"playerId\":\"nobody\",\"offerId\":\"potion-pack\"}",
                404,
                "UNKNOWN_PLAYER");
        assertError(
                "purchase",
                "{\"purchaseId\":\"" + id() + "\",\"playerId\":\"ann\",\"offerId\":\"potion-pack\",\"x\":1}",
                400,
                "UNKNOWN_FIELD");
        assertError(
                "purchase",
                "{\"purchaseId\":\"" + id() + "\",\"playerId\":\"ann\",\"offerId\":\"potion-pack\",\"quantity\":\"2\"}",
                400,
                "INVALID_FIELD");
    }

    @Test
    void consume() {
        assertError(
                "consume",
                "{\"consumeId\":\"" + id() + "\",\"playerId\":\"ann\",\"reason\":\"repair\"}",
                400,
                "INVALID_REQUEST");
        assertError(
                "consume",
                "{\"consumeId\":\"" + id() + "\",\"playerId\":\"ann\",\"currency\":{\"gold\":1}}",
                400,
                "MISSING_FIELD");
        assertError(
                "consume",
                "{\"consumeId\":\"" + id()
                        + "\",\"playerId\":\"ann\",\"currency\":{\"gold\":1},\"reason\":\"Bad Reason\"}",
                400,
                "INVALID_REASON");
        assertError(
                "consume",
                "{\"consumeId\":\"" + id() + "\",\"playerId\":\"ann\",\"currency\":{\"gold\":0},\"reason\":\"repair\"}",
                400,
                "AMOUNT_NOT_POSITIVE");
        String instance = id();
        assertError(
                "consume",
                "{\"consumeId\":\"" + id() + "\",\"playerId\":\"ann\",\"instances\":[\"" + instance + "\",\"" + instance
                        + "\"],\"reason\":\"repair\"}",
                400,
                "DUPLICATE_INSTANCE");
        assertError(
                "consume",
                "{\"consumeId\":\"" + id()
                        + "\",\"playerId\":\"ann\",\"instances\":[\"not-a-uuid\"],\"reason\":\"repair\"}",
                400,
                "INVALID_ID");
        assertError(
                "consume",
                "{\"consumeId\":\"" + id()
                        + "\",\"playerId\":\"ann\",\"items\":{\"excalibur\":9223372036854775807},\"reason\":\"repair\"}",
                400,
                "TOO_MANY_ITEMS");
    }

    @Test
    void craft() {
        assertError(
                "craft",
                "{\"craftId\":\"" + id() + "\",\"playerId\":\"ann\",\"recipeId\":\"nope\"}",
                404,
                "UNKNOWN_RECIPE");
        assertError(
                "craft",
                "{\"craftId\":\"" + id() + "\",\"playerId\":\"ann\",\"recipeId\":\"iron-sword\",\"times\":1000}",
                400,
                "INVALID_QUANTITY");
        assertError("craft", "{\"craftId\":\"" + id() + "\",\"playerId\":\"ann\"}", 400, "MISSING_FIELD");
        assertError(
                "craft",
                "{\"craftId\":\"" + id() + "\",\"playerId\":\"\",\"recipeId\":\"iron-sword\"}",
                400,
                "INVALID_PLAYER_ID");
    }

    @Test
    void listingCreate() {
        String price = ",\"price\":{\"currency\":\"gold\",\"amount\":5}";
        assertError(
                "listingCreate",
                "{\"listingId\":\"" + id() + "\",\"sellerId\":\"ann\"" + price + "}",
                400,
                "INVALID_REQUEST");
        assertError(
                "listingCreate",
                "{\"listingId\":\"" + id() + "\",\"sellerId\":\"ann\",\"items\":{\"potion\":1,\"herb\":1}" + price
                        + "}",
                400,
                "INVALID_REQUEST");
        assertError(
                "listingCreate",
                "{\"listingId\":\"" + id() + "\",\"sellerId\":\"ann\",\"items\":{\"potion\":1}}",
                400,
                "MISSING_FIELD");
        assertError(
                "listingCreate",
                "{\"listingId\":\"" + id()
                        + "\",\"sellerId\":\"ann\",\"items\":{\"potion\":1},\"price\":{\"currency\":\"gold\",\"amount\":0}}",
                400,
                "AMOUNT_NOT_POSITIVE");
        assertError(
                "listingCreate",
                "{\"listingId\":\"" + id() + "\",\"sellerId\":\"ann\",\"items\":{\"potion\":1}" + price
                        + ",\"expiresInSeconds\":59}",
                400,
                "INVALID_EXPIRY");
        assertError(
                "listingCreate",
                "{\"listingId\":\"" + id() + "\",\"sellerId\":\"ann\",\"items\":{\"potion\":1}" + price
                        + ",\"expiresInSeconds\":2592001}",
                400,
                "INVALID_EXPIRY");
        assertError(
                "listingCreate",
                "{\"listingId\":\"" + id() + "\",\"sellerId\":\"zed\",\"items\":{\"potion\":1}" + price + "}",
                404,
                "UNKNOWN_PLAYER");
        assertError(
                "listingCreate",
                "{\"listingId\":\"" + listingId + "\",\"sellerId\":\"ann\",\"items\":{\"potion\":2}" + price + "}",
                409,
                "IDEMPOTENCY_KEY_REUSED");
    }

    @Test
    void listingBuyAndCancel() {
        assertError(
                "listingBuy",
                "{\"purchaseId\":\"" + id() + "\",\"listingId\":\"" + id() + "\",\"buyerId\":\"bo\"}",
                404,
                "UNKNOWN_LISTING");
        assertError(
                "listingBuy",
                "{\"purchaseId\":\"" + id() + "\",\"listingId\":\"nope\",\"buyerId\":\"bo\"}",
                400,
                "INVALID_ID");
        assertError(
                "listingBuy",
                "{\"purchaseId\":\"" + id() + "\",\"listingId\":\"" + listingId + "\",\"buyerId\":\"zed\"}",
                404,
                "UNKNOWN_PLAYER");
        assertError("listingCancel", "{\"listingId\":\"" + id() + "\",\"sellerId\":\"ann\"}", 404, "UNKNOWN_LISTING");
        assertError(
                "listingCancel", "{\"listingId\":\"" + listingId + "\",\"sellerId\":\"bo\"}", 422, "NOT_THE_SELLER");
        assertError("listingCancel", "{\"listingId\":\"" + listingId + "\"}", 400, "MISSING_FIELD");
    }

    @Test
    void searchAndHistory() {
        assertError("listingsSearch", "{}", 400, "MISSING_FIELD");
        assertError("listingsSearch", "{\"sku\":\"Potion!\"}", 400, "INVALID_ASSET_NAME");
        assertError("listingsSearch", "{\"sku\":\"potion\",\"limit\":0}", 400, "INVALID_LIMIT");
        assertError("listingsSearch", "{\"sku\":\"potion\",\"limit\":101}", 400, "LIMIT_TOO_LARGE");
        assertError("listingsSearch", "{\"sku\":\"potion\",\"pageToken\":\"!!!\"}", 400, "INVALID_PAGE_TOKEN");
        assertError("listingsSearch", "{\"sku\":\"potion\",\"maxStalenessSeconds\":4000}", 400, "INVALID_STALENESS");
        assertError("playerHistory", "{}", 400, "MISSING_FIELD");
        assertError("playerHistory", "{\"playerId\":\"ann\",\"limit\":201}", 400, "LIMIT_TOO_LARGE");
        assertError("playerHistory", "{\"playerId\":\"ann\",\"pageToken\":\"SHxib3x4\"}", 400, "INVALID_PAGE_TOKEN");
        assertError("listingsExpire", "{\"now\":1}", 400, "UNKNOWN_FIELD");
    }
}
