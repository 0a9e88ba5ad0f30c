package com.bluemarble.functions.core.economy;

import com.bluemarble.functions.core.error.DomainException;
import com.bluemarble.functions.core.error.ErrorCode;
import com.bluemarble.functions.core.request.RequestIds;
import java.util.UUID;

/** Checks shared by the economy's requests. */
final class Requests {

    private Requests() {}

    /** Idempotency keys are canonical lower-case UUIDs, so one key has exactly one spelling. */
    static UUID idempotencyKey(String field, String value) {
        return RequestIds.uuid(field, value);
    }

    static com.bluemarble.functions.core.player.PlayerId playerId(String field, String value) {
        if (value == null) {
            throw new DomainException(ErrorCode.MISSING_FIELD, field + " is required");
        }
        return com.bluemarble.functions.core.player.PlayerId.of(value);
    }

    static void checkSize(Bundle bundle, String where, EconomyLimits limits) {
        if (bundle.assetCount() > limits.maxAssetsPerSide()) {
            throw new DomainException(
                    ErrorCode.TOO_MANY_ASSETS,
                    where + " names " + bundle.assetCount() + " currencies and items; at most "
                            + limits.maxAssetsPerSide() + " are allowed per side");
        }
    }

    /** Instances of unique SKUs the bundle names; saturates at Long.MAX_VALUE (the cap check refuses it). */
    static long uniqueInstances(Bundle bundle, EconomyLimits limits) {
        return bundle.items().entrySet().stream()
                .filter(e -> limits.isUnique(e.getKey()))
                .mapToLong(java.util.Map.Entry::getValue)
                .reduce(0L, Requests::saturatedAdd);
    }

    static long saturatedAdd(long a, long b) {
        long sum = a + b;
        return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
    }

    static long saturatedMultiply(long a, long b) {
        long high = Math.multiplyHigh(a, b);
        long low = a * b;
        return (high == 0 && low >= 0) ? low : Long.MAX_VALUE;
    }

    static void checkQuantity(String field, Integer value) {
        if (value != null && (value < 1 || value > 100)) {
            throw new DomainException(ErrorCode.INVALID_QUANTITY, field + " must be 1..100, got " + value);
        }
    }

    /** Unique instance ids as named in a request: lower-case UUIDs, each once. */
    static java.util.List<String> instanceIds(java.util.List<String> ids, EconomyLimits limits) {
        if (ids == null) {
            return java.util.List.of();
        }
        if (ids.size() > limits.maxUniqueInstancesPerRequest()) {
            throw new DomainException(
                    ErrorCode.TOO_MANY_ITEMS,
                    "the request names " + ids.size() + " instances; at most " + limits.maxUniqueInstancesPerRequest()
                            + " are allowed per request");
        }
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (String id : ids) {
            if (!RequestIds.isCanonical(id)) {
                throw new DomainException(ErrorCode.INVALID_ID, "instances must be lower-case UUIDs, got " + id);
            }
            if (!seen.add(id)) {
                throw new DomainException(ErrorCode.DUPLICATE_INSTANCE, "instance " + id + " is named twice");
            }
        }
        return java.util.List.copyOf(new java.util.TreeSet<>(ids));
    }

    static void checkUniqueInstances(long count, EconomyLimits limits) {
        if (count > limits.maxUniqueInstancesPerRequest()) {
            throw new DomainException(
                    ErrorCode.TOO_MANY_ITEMS,
                    "the request moves " + count + " unique item instances; at most "
                            + limits.maxUniqueInstancesPerRequest() + " are allowed per request");
        }
    }
}
