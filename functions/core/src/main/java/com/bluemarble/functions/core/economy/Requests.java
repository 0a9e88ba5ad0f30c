package com.bluemarble.functions.core.economy;

import com.bluemarble.functions.core.error.DomainException;
import com.bluemarble.functions.core.error.ErrorCode;
import java.util.UUID;
import java.util.regex.Pattern;

/** Checks shared by the economy's requests. */
final class Requests {
    private static final Pattern CANONICAL_UUID =
            Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private Requests() {}

    /** Idempotency keys are canonical lower-case UUIDs, so one key has exactly one spelling. */
    static UUID idempotencyKey(String field, String value) {
        if (value == null) {
            throw new DomainException(ErrorCode.MISSING_FIELD, field + " is required");
        }
        if (!CANONICAL_UUID.matcher(value).matches()) {
            throw new DomainException(
                    ErrorCode.INVALID_ID,
                    field + " must be a lower-case UUID such as 3f2b8c1e-0c4d-4e8a-9a3b-2f1e0d9c8b7a");
        }
        return UUID.fromString(value);
    }

    static void checkSize(Bundle bundle, String where, EconomyLimits limits) {
        if (bundle.assetCount() > limits.maxAssetsPerSide()) {
            throw new DomainException(
                    ErrorCode.TOO_MANY_ASSETS,
                    where + " names " + bundle.assetCount() + " currencies and items; at most "
                            + limits.maxAssetsPerSide() + " are allowed per side");
        }
    }

    static long uniqueInstances(Bundle bundle, EconomyLimits limits) {
        return bundle.items().entrySet().stream()
                .filter(e -> limits.isUnique(e.getKey()))
                .mapToLong(java.util.Map.Entry::getValue)
                .reduce(0L, Math::addExact);
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
