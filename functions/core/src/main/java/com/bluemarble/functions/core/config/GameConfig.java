package com.bluemarble.functions.core.config;

import com.bluemarble.functions.core.economy.EconomyLimits;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The game rules that change without a deployment (kept as {@code game-config.json} in S3).
 * Validated on construction: an invalid document never becomes the current config.
 *
 * @param version 0 for the deployment's built-in defaults; published documents start at 1 and
 *                increase with every change; a document whose version is not above the
 *                current one is refused (an old file copied back by mistake cannot roll rules back);
 *                at most {@value #MAX_VERSION} (2^53, exact in every JSON reader)
 * @param maxAssetsPerSide distinct currencies + items per trade side or grant, 1..{@value #MAX_ASSETS_PER_SIDE}
 * @param maxUniqueInstancesPerRequest unique instances per request, 1..{@value #MAX_UNIQUE_INSTANCES}
 * @param untradableSkus SKUs that cannot be traded (may still be granted and held)
 * @param replacesVersion null normally; the operator's way out of a version set too high: a
 *                document whose version is not above the current one is still accepted when this
 *                names the current version exactly (an old file copied back names another one)
 */
public record GameConfig(
        long version,
        int maxAssetsPerSide,
        int maxUniqueInstancesPerRequest,
        Set<String> untradableSkus,
        Long replacesVersion) {

    /** The highest version a document may carry: 2^53, so no JSON reader rounds it. */
    public static final long MAX_VERSION = 1L << 53;

    public GameConfig(
            long version, int maxAssetsPerSide, int maxUniqueInstancesPerRequest, Set<String> untradableSkus) {
        this(version, maxAssetsPerSide, maxUniqueInstancesPerRequest, untradableSkus, null);
    }

    /** Hard ceilings: the transaction size a trade may reach stays bounded whatever the config says. */
    public static final int MAX_ASSETS_PER_SIDE = 64;

    public static final int MAX_UNIQUE_INSTANCES = 500;
    private static final Pattern SKU = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,63}");

    public GameConfig {
        if (version < 0) {
            throw new InvalidGameConfigException("version must be a non-negative integer, got " + version);
        }
        if (version > MAX_VERSION) {
            throw new InvalidGameConfigException("version must be at most " + MAX_VERSION + " (2^53), got " + version);
        }
        if (replacesVersion != null && (replacesVersion < 1 || replacesVersion > MAX_VERSION)) {
            throw new InvalidGameConfigException(
                    "replacesVersion must be 1.." + MAX_VERSION + " when present, got " + replacesVersion);
        }
        if (maxAssetsPerSide < 1 || maxAssetsPerSide > MAX_ASSETS_PER_SIDE) {
            throw new InvalidGameConfigException(
                    "trade.maxAssetsPerSide must be 1.." + MAX_ASSETS_PER_SIDE + ", got " + maxAssetsPerSide);
        }
        if (maxUniqueInstancesPerRequest < 1 || maxUniqueInstancesPerRequest > MAX_UNIQUE_INSTANCES) {
            throw new InvalidGameConfigException("trade.maxUniqueInstancesPerRequest must be 1.." + MAX_UNIQUE_INSTANCES
                    + ", got " + maxUniqueInstancesPerRequest);
        }
        if (untradableSkus == null) {
            throw new InvalidGameConfigException("trade.untradableSkus must be a list (empty for none)");
        }
        for (String sku : untradableSkus) {
            if (sku == null || !SKU.matcher(sku).matches()) {
                throw new InvalidGameConfigException("trade.untradableSkus has an invalid SKU '" + sku + "'");
            }
        }
        untradableSkus = Set.copyOf(untradableSkus);
    }

    /** The economy's limits under this config; unique SKUs are the deployment's (they fix the storage model). */
    public EconomyLimits economyLimits(Set<String> uniqueSkus) {
        return new EconomyLimits(maxAssetsPerSide, maxUniqueInstancesPerRequest, uniqueSkus, untradableSkus);
    }
}
