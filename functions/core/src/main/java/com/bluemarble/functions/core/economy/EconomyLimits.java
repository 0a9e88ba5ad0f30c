package com.bluemarble.functions.core.economy;

import java.util.Set;

/**
 * Caps that keep one request's transaction small and bounded, and the SKUs that are unique
 * (one row per instance) rather than stackable.
 *
 * @param maxAssetsPerSide distinct currencies + items one side of a trade (or one grant) may name
 * @param maxUniqueInstancesPerRequest instances of unique SKUs one request may move or mint
 * @param uniqueSkus SKUs whose items are individual instances with ids
 * @param untradableSkus SKUs that may be granted and held but not traded (a trade naming one is
 *                       rejected with 422 {@code ITEM_NOT_TRADABLE}, recorded like any rejection)
 */
public record EconomyLimits(
        int maxAssetsPerSide, int maxUniqueInstancesPerRequest, Set<String> uniqueSkus, Set<String> untradableSkus) {

    public static final int DEFAULT_MAX_ASSETS_PER_SIDE = 32;
    public static final int DEFAULT_MAX_UNIQUE_INSTANCES = 100;

    public EconomyLimits {
        uniqueSkus = Set.copyOf(uniqueSkus);
        untradableSkus = Set.copyOf(untradableSkus);
    }

    /** Every SKU tradable. */
    public EconomyLimits(int maxAssetsPerSide, int maxUniqueInstancesPerRequest, Set<String> uniqueSkus) {
        this(maxAssetsPerSide, maxUniqueInstancesPerRequest, uniqueSkus, Set.of());
    }

    public boolean isTradable(String sku) {
        return !untradableSkus.contains(sku);
    }

    public static EconomyLimits defaults(Set<String> uniqueSkus) {
        return new EconomyLimits(DEFAULT_MAX_ASSETS_PER_SIDE, DEFAULT_MAX_UNIQUE_INSTANCES, uniqueSkus);
    }

    public boolean isUnique(String sku) {
        return uniqueSkus.contains(sku);
    }
}
