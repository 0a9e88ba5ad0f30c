package com.bluemarble.functions.core.economy;

import java.util.Set;

/**
 * The trading post's rules from the game config.
 *
 * @param feeBasisPoints the fee burned from every sale, in 1/100 of a percent of the price (rounded up), 0..5000
 * @param currencies the currencies a listing may be priced in; empty = any
 * @param maxListingsPerPlayer open listings one seller may have at once
 */
public record Market(int feeBasisPoints, Set<String> currencies, int maxListingsPerPlayer) {

    public static final Market DEFAULT = new Market(0, Set.of(), 50);

    public Market {
        currencies = Set.copyOf(currencies);
    }

    public boolean accepts(String currency) {
        return currencies.isEmpty() || currencies.contains(currency);
    }

    /** The fee on a sale at {@code price}: price x bps / 10,000 rounded up, never above the price. */
    public long feeOn(long price) {
        java.math.BigInteger[] division = java.math.BigInteger.valueOf(price)
                .multiply(java.math.BigInteger.valueOf(feeBasisPoints))
                .divideAndRemainder(java.math.BigInteger.valueOf(10_000));
        long fee = division[0].longValueExact() + (division[1].signum() > 0 ? 1 : 0);
        return Math.min(fee, price);
    }
}
