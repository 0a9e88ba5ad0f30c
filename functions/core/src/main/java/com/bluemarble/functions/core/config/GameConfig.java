package com.bluemarble.functions.core.config;

import com.bluemarble.functions.core.economy.Bundle;
import com.bluemarble.functions.core.economy.EconomyLimits;
import com.bluemarble.functions.core.economy.EconomyRules;
import com.bluemarble.functions.core.economy.Market;
import com.bluemarble.functions.core.economy.Offer;
import com.bluemarble.functions.core.economy.Recipe;
import com.bluemarble.functions.core.error.DomainException;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
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
 * @param untradableSkus SKUs that cannot be traded or listed (may still be granted and held)
 * @param offers shop offers by id (the {@code purchase} function)
 * @param recipes crafting recipes by id (the {@code craft} function)
 * @param market the trading post's fee, currencies and per-seller cap
 * @param replacesVersion null normally; the operator's way out of a version set too high: a
 *                document whose version is not above the current one is still accepted when this
 *                names the current version exactly (an old file copied back names another one)
 */
public record GameConfig(
        long version,
        int maxAssetsPerSide,
        int maxUniqueInstancesPerRequest,
        Set<String> untradableSkus,
        Map<String, Offer> offers,
        Map<String, Recipe> recipes,
        Market market,
        Long replacesVersion) {

    /** The highest version a document may carry: 2^53, so no JSON reader rounds it. */
    public static final long MAX_VERSION = 1L << 53;

    /** Hard ceilings: the transaction size a trade may reach stays bounded whatever the config says. */
    public static final int MAX_ASSETS_PER_SIDE = 64;

    public static final int MAX_UNIQUE_INSTANCES = 500;
    public static final int MAX_OFFERS = 1000;
    public static final int MAX_RECIPES = 1000;
    public static final int MAX_FEE_BASIS_POINTS = 5000;
    public static final int MAX_LISTINGS_PER_PLAYER = 1000;
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
        offers = Map.copyOf(offers == null ? Map.of() : offers);
        recipes = Map.copyOf(recipes == null ? Map.of() : recipes);
        market = market == null ? Market.DEFAULT : market;
        if (offers.size() > MAX_OFFERS) {
            throw new InvalidGameConfigException("at most " + MAX_OFFERS + " offers, got " + offers.size());
        }
        if (recipes.size() > MAX_RECIPES) {
            throw new InvalidGameConfigException("at most " + MAX_RECIPES + " recipes, got " + recipes.size());
        }
        for (var entry : offers.entrySet()) {
            checkOffer(entry.getKey(), entry.getValue(), maxAssetsPerSide);
        }
        for (var entry : recipes.entrySet()) {
            checkRecipe(entry.getKey(), entry.getValue(), maxAssetsPerSide);
        }
        checkMarket(market);
    }

    /** Trade rules only: no offers, no recipes, the default market. */
    public GameConfig(
            long version, int maxAssetsPerSide, int maxUniqueInstancesPerRequest, Set<String> untradableSkus) {
        this(version, maxAssetsPerSide, maxUniqueInstancesPerRequest, untradableSkus, Map.of(), Map.of(), null, null);
    }

    /** A document that does not replace a higher version. */
    public GameConfig(
            long version,
            int maxAssetsPerSide,
            int maxUniqueInstancesPerRequest,
            Set<String> untradableSkus,
            Map<String, Offer> offers,
            Map<String, Recipe> recipes,
            Market market) {
        this(version, maxAssetsPerSide, maxUniqueInstancesPerRequest, untradableSkus, offers, recipes, market, null);
    }

    private static void checkId(String where, String id) {
        if (id == null || !SKU.matcher(id).matches()) {
            throw new InvalidGameConfigException(
                    where + " has an invalid id '" + id + "': use 1-64 characters of a-z 0-9 _ . -");
        }
    }

    private static void checkBundle(String where, Bundle bundle, int maxAssets) {
        if (bundle == null) {
            throw new InvalidGameConfigException(where + " is required");
        }
        // Re-validate names and amounts with the request rules (a config is as strict as a request).
        try {
            Bundle.of(bundle.currency(), bundle.items(), where);
        } catch (DomainException e) {
            throw new InvalidGameConfigException(e.getMessage(), e);
        }
        if (bundle.assetCount() > maxAssets) {
            throw new InvalidGameConfigException(
                    where + " names " + bundle.assetCount() + " assets; trade.maxAssetsPerSide is " + maxAssets);
        }
    }

    private static void checkOffer(String id, Offer offer, int maxAssets) {
        checkId("offers", id);
        String where = "offers." + id;
        if (offer == null || !id.equals(offer.id())) {
            throw new InvalidGameConfigException(where + " is malformed");
        }
        checkBundle(where + ".price", offer.price(), maxAssets);
        checkBundle(where + ".grants", offer.grants(), maxAssets);
        if (offer.grants().isEmpty()) {
            throw new InvalidGameConfigException(where + " grants nothing");
        }
        if (offer.maxPerPlayer() < 0) {
            throw new InvalidGameConfigException(where + ".maxPerPlayer must be 1 or more");
        }
        if (offer.price().isEmpty() && offer.maxPerPlayer() == 0) {
            throw new InvalidGameConfigException(
                    where + " is free, so it needs a maxPerPlayer (else it mints without end)");
        }
        if (offer.availableFrom() != null
                && offer.availableUntil() != null
                && !offer.availableFrom().isBefore(offer.availableUntil())) {
            throw new InvalidGameConfigException(where + ".availableFrom must be before availableUntil");
        }
    }

    private static void checkRecipe(String id, Recipe recipe, int maxAssets) {
        checkId("recipes", id);
        String where = "recipes." + id;
        if (recipe == null || !id.equals(recipe.id())) {
            throw new InvalidGameConfigException(where + " is malformed");
        }
        checkBundle(where + ".inputs", recipe.inputs(), maxAssets);
        checkBundle(where + ".outputs", recipe.outputs(), maxAssets);
        if (recipe.outputs().isEmpty()) {
            throw new InvalidGameConfigException(where + " outputs nothing");
        }
        if (recipe.inputs().isEmpty()) {
            throw new InvalidGameConfigException(where + " takes no inputs (it would mint without end)");
        }
    }

    private static void checkMarket(Market market) {
        if (market.feeBasisPoints() < 0 || market.feeBasisPoints() > MAX_FEE_BASIS_POINTS) {
            throw new InvalidGameConfigException(
                    "market.feeBasisPoints must be 0.." + MAX_FEE_BASIS_POINTS + ", got " + market.feeBasisPoints());
        }
        for (String currency : market.currencies()) {
            if (!SKU.matcher(currency).matches()) {
                throw new InvalidGameConfigException("market.currencies has an invalid currency '" + currency + "'");
            }
        }
        if (market.maxListingsPerPlayer() < 1 || market.maxListingsPerPlayer() > MAX_LISTINGS_PER_PLAYER) {
            throw new InvalidGameConfigException("market.maxListingsPerPlayer must be 1.." + MAX_LISTINGS_PER_PLAYER
                    + ", got " + market.maxListingsPerPlayer());
        }
    }

    /** The economy's limits under this config; unique SKUs are the deployment's (they fix the storage model). */
    public EconomyLimits economyLimits(Set<String> uniqueSkus) {
        return new EconomyLimits(maxAssetsPerSide, maxUniqueInstancesPerRequest, uniqueSkus, untradableSkus);
    }

    /** Everything the economy reads from this config. */
    public EconomyRules economyRules(Set<String> uniqueSkus) {
        return new EconomyRules(economyLimits(uniqueSkus), offers, recipes, market);
    }

    /** Sorted views, for logs and tools. */
    public Map<String, Offer> sortedOffers() {
        return new TreeMap<>(offers);
    }
}
