package com.bluemarble.functions.adapter.s3.config;

import com.bluemarble.functions.core.config.GameConfig;
import com.bluemarble.functions.core.config.InvalidGameConfigException;
import com.bluemarble.functions.core.economy.Bundle;
import com.bluemarble.functions.core.economy.Market;
import com.bluemarble.functions.core.economy.Offer;
import com.bluemarble.functions.core.economy.Recipe;
import com.bluemarble.functions.core.error.DomainException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code game-config.json}:
 * <pre>
 * {"version": 7,                      (1..2^53)
 *  "replacesVersion": 9,              (optional: accept this lower version in place of version 9)
 *  "trade": {"maxAssetsPerSide": 32, "maxUniqueInstancesPerRequest": 100, "untradableSkus": ["soulbound-ring"]},
 *  "offers": {"potion-pack": {"price": {"currency": {"gold": 30}}, "grants": {"items": {"potion": 3}}, "maxPerPlayer": 5}},
 *  "recipes": {"iron-sword": {"inputs": {"items": {"ore": 3}, "currency": {"gold": 5}}, "outputs": {"items": {"iron-sword": 1}}}},
 *  "market": {"feeBasisPoints": 500, "currencies": ["gold"], "maxListingsPerPlayer": 50}}
 * </pre>
 * {@code offers}, {@code recipes} and {@code market} are optional. Strict: unknown fields (a typo
 * such as {@code "untradeableSkus"}), missing fields, wrong types and duplicate keys make the whole
 * document invalid, so a mistake never half-applies. The functions and {@code ./dev config publish}
 * both validate with this class.
 */
public final class GameConfigJson {

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .withCoercionConfigDefaults(c -> c.setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail))
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    record Document(
            Long version,
            Trade trade,
            Map<String, OfferJson> offers,
            Map<String, RecipeJson> recipes,
            MarketJson market,
            Long replacesVersion) {}

    record Trade(Integer maxAssetsPerSide, Integer maxUniqueInstancesPerRequest, List<String> untradableSkus) {}

    record Amounts(Map<String, Long> currency, Map<String, Long> items) {}

    record OfferJson(Amounts price, Amounts grants, Long maxPerPlayer, String availableFrom, String availableUntil) {}

    record RecipeJson(Amounts inputs, Amounts outputs) {}

    record MarketJson(Integer feeBasisPoints, List<String> currencies, Integer maxListingsPerPlayer) {}

    private GameConfigJson() {}

    public static GameConfig parse(byte[] json) {
        Document document;
        try {
            document = JSON.readValue(json, Document.class);
        } catch (JacksonException e) {
            throw new InvalidGameConfigException("not a game config document: " + e.getOriginalMessage(), e);
        }
        if (document == null || document.version() == null || document.trade() == null) {
            throw new InvalidGameConfigException("the document needs \"version\" and \"trade\"");
        }
        if (document.version() < 1) {
            throw new InvalidGameConfigException("version must be 1 or more, got " + document.version());
        }
        Trade trade = document.trade();
        required(trade.maxAssetsPerSide(), "trade.maxAssetsPerSide");
        required(trade.maxUniqueInstancesPerRequest(), "trade.maxUniqueInstancesPerRequest");
        if (trade.untradableSkus() == null) {
            throw new InvalidGameConfigException("trade.untradableSkus is required (an empty list for none)");
        }
        if (trade.untradableSkus().contains(null)) {
            throw new InvalidGameConfigException("trade.untradableSkus holds null; list SKU names");
        }
        if (trade.untradableSkus().size() != Set.copyOf(trade.untradableSkus()).size()) {
            throw new InvalidGameConfigException("trade.untradableSkus lists a SKU twice");
        }
        Map<String, Offer> offers = new LinkedHashMap<>();
        if (document.offers() != null) {
            document.offers().forEach((id, offer) -> offers.put(id, offer(id, offer)));
        }
        Map<String, Recipe> recipes = new LinkedHashMap<>();
        if (document.recipes() != null) {
            document.recipes().forEach((id, recipe) -> recipes.put(id, recipe(id, recipe)));
        }
        return new GameConfig(
                document.version(),
                trade.maxAssetsPerSide(),
                trade.maxUniqueInstancesPerRequest(),
                Set.copyOf(trade.untradableSkus()),
                offers,
                recipes,
                market(document.market()),
                document.replacesVersion());
    }

    private static <T> T required(T value, String where) {
        if (value == null) {
            throw new InvalidGameConfigException(where + " is required");
        }
        return value;
    }

    private static Offer offer(String id, OfferJson offer) {
        String where = "offers." + id;
        required(offer, where);
        return new Offer(
                id,
                bundle(required(offer.price(), where + ".price"), where + ".price"),
                bundle(required(offer.grants(), where + ".grants"), where + ".grants"),
                offer.maxPerPlayer() == null ? 0 : positive(offer.maxPerPlayer(), where + ".maxPerPlayer"),
                instant(offer.availableFrom(), where + ".availableFrom"),
                instant(offer.availableUntil(), where + ".availableUntil"));
    }

    private static Recipe recipe(String id, RecipeJson recipe) {
        String where = "recipes." + id;
        required(recipe, where);
        return new Recipe(
                id,
                bundle(required(recipe.inputs(), where + ".inputs"), where + ".inputs"),
                bundle(required(recipe.outputs(), where + ".outputs"), where + ".outputs"));
    }

    private static Market market(MarketJson market) {
        if (market == null) {
            return Market.DEFAULT;
        }
        List<String> currencies = required(market.currencies(), "market.currencies");
        if (currencies.size() != Set.copyOf(currencies).size()) {
            throw new InvalidGameConfigException("market.currencies lists a currency twice");
        }
        return new Market(
                required(market.feeBasisPoints(), "market.feeBasisPoints"),
                Set.copyOf(currencies),
                required(market.maxListingsPerPlayer(), "market.maxListingsPerPlayer"));
    }

    private static long positive(long value, String where) {
        if (value < 1) {
            throw new InvalidGameConfigException(where + " must be 1 or more, got " + value);
        }
        return value;
    }

    private static Bundle bundle(Amounts amounts, String where) {
        try {
            return Bundle.of(amounts.currency(), amounts.items(), where);
        } catch (DomainException e) {
            throw new InvalidGameConfigException(e.getMessage(), e);
        }
    }

    private static Instant instant(String text, String where) {
        if (text == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new InvalidGameConfigException(where + " must be an RFC 3339 time such as 2026-12-01T00:00:00Z");
        }
    }
}
