package com.bluemarble.functions.adapter.s3.config;

import com.bluemarble.functions.core.config.GameConfig;
import com.bluemarble.functions.core.config.InvalidGameConfigException;
import java.util.List;
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
 * {"version": 3,                      (1..2^53)
 *  "replacesVersion": 9,              (optional: accept this lower version in place of version 9)
 *  "trade": {"maxAssetsPerSide": 32, "maxUniqueInstancesPerRequest": 100, "untradableSkus": ["soulbound-ring"]}}
 * </pre>
 * Strict: unknown fields (a typo such as {@code "untradeableSkus"}), missing fields, wrong types and
 * duplicate keys make the whole document invalid, so a mistake never half-applies.
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

    /** Nullable so that a missing field is named (replacesVersion alone is optional). */
    record Document(Long version, Trade trade, Long replacesVersion) {}

    record Trade(Integer maxAssetsPerSide, Integer maxUniqueInstancesPerRequest, List<String> untradableSkus) {}

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
        if (document.trade().maxAssetsPerSide() == null || document.trade().maxUniqueInstancesPerRequest() == null) {
            throw new InvalidGameConfigException(
                    "trade needs \"maxAssetsPerSide\", \"maxUniqueInstancesPerRequest\" and \"untradableSkus\"");
        }
        if (document.version() < 1) {
            throw new InvalidGameConfigException("version must be 1 or more, got " + document.version());
        }
        Trade trade = document.trade();
        if (trade.untradableSkus() == null) {
            throw new InvalidGameConfigException("trade.untradableSkus is required (an empty list for none)");
        }
        if (trade.untradableSkus().contains(null)) {
            throw new InvalidGameConfigException("trade.untradableSkus holds null; list SKU names");
        }
        if (trade.untradableSkus().size() != Set.copyOf(trade.untradableSkus()).size()) {
            throw new InvalidGameConfigException("trade.untradableSkus lists a SKU twice");
        }
        return new GameConfig(
                document.version(),
                trade.maxAssetsPerSide(),
                trade.maxUniqueInstancesPerRequest(),
                Set.copyOf(trade.untradableSkus()),
                document.replacesVersion());
    }
}
