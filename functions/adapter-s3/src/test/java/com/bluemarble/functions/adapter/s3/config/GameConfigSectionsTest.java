package com.bluemarble.functions.adapter.s3.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.bluemarble.functions.core.config.GameConfig;
import com.bluemarble.functions.core.config.InvalidGameConfigException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The offers, recipes and market sections: parsed strictly, a bad one rejects the whole document. */
class GameConfigSectionsTest {

    private static final String TRADE =
            "\"trade\":{\"maxAssetsPerSide\":32,\"maxUniqueInstancesPerRequest\":100,\"untradableSkus\":[]}";
    private static final String OFFER =
            "\"potion-pack\":{\"price\":{\"currency\":{\"gold\":30}},\"grants\":{\"items\":{\"potion\":3}},\"maxPerPlayer\":5,"
                    + "\"availableFrom\":\"2026-12-01T00:00:00Z\",\"availableUntil\":\"2027-01-01T00:00:00+01:00\"}";
    private static final String RECIPE =
            "\"iron-sword\":{\"inputs\":{\"items\":{\"ore\":3},\"currency\":{\"gold\":5}},\"outputs\":{\"items\":{\"iron-sword\":1}}}";
    private static final String MARKET =
            "\"market\":{\"feeBasisPoints\":500,\"currencies\":[\"gold\"],\"maxListingsPerPlayer\":50}";

    private static GameConfig parse(String json) {
        return GameConfigJson.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    private static String document(String offers, String recipes, String market) {
        return "{\"version\":7," + TRADE + ",\"offers\":{" + offers + "},\"recipes\":{" + recipes + "}," + market + "}";
    }

    @Test
    void aFullDocumentParses() {
        GameConfig config = parse(document(OFFER, RECIPE, MARKET));
        assertThat(config.offers().get("potion-pack").maxPerPlayer()).isEqualTo(5);
        assertThat(config.offers().get("potion-pack").availableUntil())
                .isEqualTo(Instant.parse("2026-12-31T23:00:00Z"));
        assertThat(config.recipes().get("iron-sword").inputs().items()).containsEntry("ore", 3L);
        assertThat(config.market().feeOn(101)).isEqualTo(6); // 5.05 rounded up
        assertThat(config.market().accepts("gems")).isFalse();
    }

    @Test
    void theSectionsAreOptional() {
        GameConfig config = parse("{\"version\":1," + TRADE + "}");
        assertThat(config.offers()).isEmpty();
        assertThat(config.market().feeBasisPoints()).isZero();
    }

    @Test
    void anyBadSectionRejectsTheWholeDocument() {
        String[] invalid = {
            document(OFFER.replace("\"maxPerPlayer\"", "\"maxPerPlayr\""), RECIPE, MARKET), // unknown field
            document(OFFER.replace("\"potion\"", "\"Potion!\""), RECIPE, MARKET), // bad SKU
            document(OFFER.replace("\"gold\":30", "\"gold\":0"), RECIPE, MARKET), // non-positive amount
            document(OFFER.replace("{\"items\":{\"potion\":3}}", "{}"), RECIPE, MARKET), // grants nothing
            document(OFFER, RECIPE.replace("{\"items\":{\"iron-sword\":1}}", "{}"), MARKET), // outputs nothing
            document(OFFER, RECIPE, MARKET.replace("500", "5001")), // fee above 5000
            document(OFFER, RECIPE, MARKET.replace("500", "-1")), // fee below 0
            document(OFFER.replace("2026-12-01T00:00:00Z", "tomorrow"), RECIPE, MARKET), // not RFC 3339
            document(OFFER.replace("2026-12-01", "2027-02-01"), RECIPE, MARKET), // from after until
            document(
                    OFFER.replace("\"price\":{\"currency\":{\"gold\":30}},", "\"price\":{},")
                            .replace(",\"maxPerPlayer\":5", ""),
                    RECIPE,
                    MARKET), // free and unlimited
            document(OFFER, RECIPE, MARKET.replace("[\"gold\"]", "[\"gold\",\"gold\"]")), // duplicate currency
            document(OFFER, RECIPE, MARKET.replace(",\"maxListingsPerPlayer\":50", "")), // missing field
            document(OFFER.replace("5,", "\"5\","), RECIPE, MARKET), // wrong type
        };
        for (String json : invalid) {
            assertThatThrownBy(() -> parse(json)).as(json).isInstanceOf(InvalidGameConfigException.class);
        }
    }
}
