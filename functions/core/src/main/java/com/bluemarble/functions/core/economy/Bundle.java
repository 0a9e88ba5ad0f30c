package com.bluemarble.functions.core.economy;

import com.bluemarble.functions.core.error.DomainException;
import com.bluemarble.functions.core.error.ErrorCode;
import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Currencies and items moved as one unit (a grant, or one side of a trade). Every amount is
 * positive; names are lower-case identifiers. Maps are sorted so that iteration, fingerprints and
 * ledger rows are deterministic.
 */
public record Bundle(SortedMap<String, Long> currency, SortedMap<String, Long> items) {

    private static final Pattern ASSET_NAME = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,63}");

    public static final Bundle EMPTY = new Bundle(new TreeMap<>(), new TreeMap<>());

    public Bundle {
        currency = Collections.unmodifiableSortedMap(new TreeMap<>(currency));
        items = Collections.unmodifiableSortedMap(new TreeMap<>(items));
    }

    /** Validates raw maps from a request ({@code null} map = nothing of that kind). */
    public static Bundle of(Map<String, Long> currency, Map<String, Long> items, String where) {
        return new Bundle(checked(currency, where + ".currency"), checked(items, where + ".items"));
    }

    private static SortedMap<String, Long> checked(Map<String, Long> amounts, String where) {
        SortedMap<String, Long> result = new TreeMap<>();
        if (amounts == null) {
            return result;
        }
        for (Map.Entry<String, Long> entry : amounts.entrySet()) {
            String name = entry.getKey();
            Long amount = entry.getValue();
            if (!ASSET_NAME.matcher(name).matches()) {
                throw new DomainException(
                        ErrorCode.INVALID_ASSET_NAME,
                        where + " has an invalid name '" + name
                                + "': use 1-64 characters of a-z 0-9 _ . - starting with a letter or digit");
            }
            if (amount == null) {
                throw new DomainException(ErrorCode.MISSING_FIELD, where + "." + name + " needs an amount");
            }
            if (amount <= 0) {
                throw new DomainException(
                        ErrorCode.AMOUNT_NOT_POSITIVE,
                        where + "." + name + " must be a positive integer, got " + amount);
            }
            result.put(name, amount);
        }
        return result;
    }

    /** Every amount times {@code n}; empty when one would pass 2^63-1. */
    public java.util.Optional<Bundle> times(long n) {
        try {
            SortedMap<String, Long> c = new TreeMap<>();
            currency.forEach((name, amount) -> c.put(name, Math.multiplyExact(amount, n)));
            SortedMap<String, Long> i = new TreeMap<>();
            items.forEach((name, amount) -> i.put(name, Math.multiplyExact(amount, n)));
            return java.util.Optional.of(new Bundle(c, i));
        } catch (ArithmeticException e) {
            return java.util.Optional.empty();
        }
    }

    public boolean isEmpty() {
        return currency.isEmpty() && items.isEmpty();
    }

    public int assetCount() {
        return currency.size() + items.size();
    }

    /** Canonical text for fingerprints: {@code c:gold=5,silver=1|i:sword=1}. */
    public String canonical() {
        return "c:" + join(currency) + "|i:" + join(items);
    }

    private static String join(SortedMap<String, Long> amounts) {
        StringBuilder text = new StringBuilder();
        amounts.forEach((name, amount) -> {
            if (text.length() > 0) {
                text.append(',');
            }
            text.append(name).append('=').append(amount);
        });
        return text.toString();
    }
}
