package com.bluemarble.functions.core.economy;

import java.util.Map;

/** Everything the economy's operations read from the game config, taken once per request. */
public record EconomyRules(
        EconomyLimits limits, Map<String, Offer> offers, Map<String, Recipe> recipes, Market market) {

    public EconomyRules {
        offers = Map.copyOf(offers);
        recipes = Map.copyOf(recipes);
    }

    /** Caps only: no offers, no recipes, the default market. */
    public static EconomyRules of(EconomyLimits limits) {
        return new EconomyRules(limits, Map.of(), Map.of(), Market.DEFAULT);
    }
}
