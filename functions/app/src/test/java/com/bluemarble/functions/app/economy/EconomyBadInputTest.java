package com.bluemarble.functions.app.economy;

import static org.assertj.core.api.Assertions.assertThat;

import com.bluemarble.functions.app.FunctionsTestContext;
import com.bluemarble.functions.app.FunctionsTestContext.Response;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** One test per input error class: the contract's JSON error, and an audit that did not move. */
class EconomyBadInputTest {

    private static FunctionsTestContext functions;
    private JsonNode auditBefore;

    @BeforeAll
    static void start() {
        functions = FunctionsTestContext.start();
        for (String player : new String[] {"ann", "bo"}) {
            Response granted = functions.call(
                    "grant",
                    "{\"grantId\":\"" + UUID.randomUUID() + "\",\"playerId\":\"" + player
                            + "\",\"currency\":{\"gold\":100},\"items\":{\"potion\":3}}");
            assertThat(granted.status()).isEqualTo(200);
        }
    }

    @AfterAll
    static void stop() {
        functions.close();
    }

    @BeforeEach
    void recordAudit() {
        auditBefore = comparableAudit();
    }

    @AfterEach
    void auditIsUnchanged() {
        assertThat(comparableAudit()).isEqualTo(auditBefore);
    }

    private static JsonNode comparableAudit() {
        ObjectNode audit = (ObjectNode) functions.call("economyAudit", "{}").json();
        audit.remove("readTimestamp");
        ObjectNode withBalances = audit.putObject("balances");
        withBalances.set(
                "ann", functions.call("playerEconomy", "{\"playerId\":\"ann\"}").json());
        withBalances.set(
                "bo", functions.call("playerEconomy", "{\"playerId\":\"bo\"}").json());
        return audit;
    }

    private static void assertError(Response response, int status, String code) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        JsonNode body = response.json();
        assertThat(body.get("error").asString()).as(response.body()).isEqualTo(code);
        assertThat(body.get("message").asString()).isNotBlank();
    }

    private static String trade(String aGives, String bGives) {
        return "{\"tradeId\":\"" + UUID.randomUUID() + "\",\"a\":{\"playerId\":\"ann\",\"gives\":" + aGives
                + "},\"b\":{\"playerId\":\"bo\",\"gives\":" + bGives + "}}";
    }

    @Test
    void malformedJson() {
        assertError(functions.call("trade", "{\"tradeId\": \"abc\", "), 400, "MALFORMED_JSON");
        assertError(functions.call("trade", ""), 400, "MALFORMED_JSON");
        assertError(functions.call("trade", "{\"tradeId\":\"a\",\"tradeId\":\"b\"}"), 400, "MALFORMED_JSON");
        assertError(functions.call("trade", "{} {}"), 400, "MALFORMED_JSON");
        assertError(functions.call("trade", "[1,2]"), 400, "MALFORMED_JSON");
        assertError(functions.call("trade", "null"), 400, "MALFORMED_JSON");
    }

    @Test
    void missingFields() {
        assertError(
                functions.call(
                        "trade",
                        "{\"a\":{\"playerId\":\"ann\",\"gives\":{\"currency\":{\"gold\":1}}},\"b\":{\"playerId\":\"bo\"}}"),
                400,
                "MISSING_FIELD");
        assertError(
                functions.call(
                        "trade",
                        "{\"tradeId\":\"" + UUID.randomUUID()
                                + "\",\"a\":{\"playerId\":\"ann\",\"gives\":{\"currency\":{\"gold\":1}}}}"),
                400,
                "MISSING_FIELD");
        assertError(
                functions.call("grant", "{\"grantId\":\"" + UUID.randomUUID() + "\",\"currency\":{\"gold\":1}}"),
                400,
                "MISSING_FIELD");
        assertError(functions.call("playerEconomy", "{}"), 400, "MISSING_FIELD");
    }

    @Test
    void unknownFields() {
        assertError(
                functions.call("trade", trade("{\"currency\":{\"gold\":1},\"coupons\":{\"x\":1}}", "{}")),
                400,
                "UNKNOWN_FIELD");
        assertError(functions.call("economyAudit", "{\"verbose\":true}"), 400, "UNKNOWN_FIELD");
    }

    @Test
    void wrongTypes() {
        assertError(functions.call("trade", trade("{\"currency\":{\"gold\":1.5}}", "{}")), 400, "INVALID_FIELD");
        assertError(functions.call("trade", trade("{\"currency\":{\"gold\":\"5\"}}", "{}")), 400, "INVALID_FIELD");
    }

    @Test
    void negativeAndZeroAmounts() {
        assertError(functions.call("trade", trade("{\"currency\":{\"gold\":-5}}", "{}")), 400, "AMOUNT_NOT_POSITIVE");
        assertError(functions.call("trade", trade("{\"currency\":{\"gold\":0}}", "{}")), 400, "AMOUNT_NOT_POSITIVE");
        assertError(
                functions.call(
                        "grant",
                        "{\"grantId\":\"" + UUID.randomUUID() + "\",\"playerId\":\"ann\",\"items\":{\"potion\":-1}}"),
                400,
                "AMOUNT_NOT_POSITIVE");
    }

    @Test
    void overflowingAmounts() {
        assertError(
                functions.call("trade", trade("{\"currency\":{\"gold\":99999999999999999999}}", "{}")),
                400,
                "NUMBER_OUT_OF_RANGE");
        // Within range but more than a 64-bit balance can take: a rule, recorded as a rejection.
        Response overflow = functions.call("trade", trade("{}", "{\"currency\":{\"gold\":" + Long.MAX_VALUE + "}}"));
        assertThat(overflow.status()).isEqualTo(422);
    }

    @Test
    void selfTrade() {
        assertError(
                functions.call(
                        "trade",
                        "{\"tradeId\":\"" + UUID.randomUUID()
                                + "\",\"a\":{\"playerId\":\"ann\",\"gives\":{\"currency\":{\"gold\":1}}},\"b\":{\"playerId\":\"ann\",\"gives\":{}}}"),
                400,
                "SELF_TRADE");
    }

    @Test
    void emptyTrade() {
        assertError(functions.call("trade", trade("{}", "{\"currency\":{},\"items\":{}}")), 400, "EMPTY_TRADE");
    }

    @Test
    void invalidIdsAndNames() {
        assertError(
                functions.call(
                        "trade",
                        "{\"tradeId\":\"trade-1\",\"a\":{\"playerId\":\"ann\",\"gives\":{\"currency\":{\"gold\":1}}},\"b\":{\"playerId\":\"bo\"}}"),
                400,
                "INVALID_ID");
        assertError(
                functions.call("trade", trade("{\"currency\":{\"Gold Coins\":1}}", "{}")), 400, "INVALID_ASSET_NAME");
        assertError(functions.call("playerEconomy", "{\"playerId\":\"a b\"}"), 400, "INVALID_PLAYER_ID");
        assertError(
                functions.call("playerEconomy", "{\"playerId\":\"ann\",\"maxStalenessSeconds\":-1}"),
                400,
                "INVALID_STALENESS");
    }

    @Test
    void unknownPlayer() {
        assertError(
                functions.call(
                        "trade",
                        "{\"tradeId\":\"" + UUID.randomUUID()
                                + "\",\"a\":{\"playerId\":\"ann\",\"gives\":{\"currency\":{\"gold\":1}}},\"b\":{\"playerId\":\"nobody\",\"gives\":{}}}"),
                404,
                "UNKNOWN_PLAYER");
        assertError(functions.call("playerEconomy", "{\"playerId\":\"nobody\"}"), 404, "UNKNOWN_PLAYER");
    }

    @Test
    void oversizedRequests() {
        StringBuilder many = new StringBuilder("{");
        for (int i = 0; i < 33; i++) {
            many.append(i == 0 ? "" : ",").append("\"coin").append(i).append("\":1");
        }
        assertError(functions.call("trade", trade("{\"currency\":" + many + "}}", "{}")), 400, "TOO_MANY_ASSETS");
        assertError(
                functions.call(
                        "grant",
                        "{\"grantId\":\"" + UUID.randomUUID()
                                + "\",\"playerId\":\"ann\",\"items\":{\"excalibur\":101}}"),
                400,
                "TOO_MANY_ITEMS");
        String padding = "x".repeat(EconomyFunctions.MAX_REQUEST_BYTES);
        assertError(functions.call("trade", "{\"tradeId\":\"" + padding + "\"}"), 400, "REQUEST_TOO_LARGE");
    }

    @Test
    void reusedIdempotencyKey() {
        String id = UUID.randomUUID().toString();
        String first = "{\"tradeId\":\"" + id
                + "\",\"a\":{\"playerId\":\"ann\",\"gives\":{\"currency\":{\"gold\":500}}},\"b\":{\"playerId\":\"bo\"}}";
        assertThat(functions.call("trade", first).status()).isEqualTo(422); // ann has 100: refused, recorded
        assertError(functions.call("trade", first.replace("500", "501")), 409, "IDEMPOTENCY_KEY_REUSED");
    }

    @Test
    void insufficientFunds() {
        Response refused = functions.call("trade", trade("{\"currency\":{\"gold\":101}}", "{}"));
        assertError(refused, 422, "INSUFFICIENT_FUNDS");
        assertThat(refused.json().get("status").asString()).isEqualTo("REJECTED");
        assertError(functions.call("trade", trade("{}", "{\"items\":{\"potion\":4}}")), 422, "INSUFFICIENT_ITEMS");
    }
}
