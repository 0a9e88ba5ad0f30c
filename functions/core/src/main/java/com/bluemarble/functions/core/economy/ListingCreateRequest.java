package com.bluemarble.functions.core.economy;

import com.bluemarble.functions.core.error.DomainException;
import com.bluemarble.functions.core.error.ErrorCode;
import com.bluemarble.functions.core.player.PlayerId;
import java.util.List;
import java.util.UUID;

/**
 * Puts one SKU up for sale: {@code quantity} of it ({@code items}), or the named instances of a
 * unique SKU ({@code instances}), for {@code price} of one currency. Idempotent on {@code listingId}.
 */
public record ListingCreateRequest(
        UUID listingId,
        PlayerId sellerId,
        String sku,
        long quantity,
        List<String> instances,
        String currency,
        long price,
        long expiresInSeconds) {

    public static final long DEFAULT_EXPIRES_IN_SECONDS = 86_400;
    public static final long MIN_EXPIRES_IN_SECONDS = 60;
    public static final long MAX_EXPIRES_IN_SECONDS = 2_592_000;

    public ListingCreateRequest {
        instances = List.copyOf(instances);
    }

    /**
     * @param items {"sku": n} with exactly one SKU, or null when {@code instances} names the items
     */
    public static ListingCreateRequest of(
            String listingId,
            String sellerId,
            Bundle items,
            List<String> instances,
            String currency,
            Long amount,
            Long expiresInSeconds,
            EconomyLimits limits) {
        UUID id = Requests.idempotencyKey("listingId", listingId);
        PlayerId seller = Requests.playerId("sellerId", sellerId);
        boolean byItems = items != null && !items.isEmpty();
        List<String> ids = Requests.instanceIds(instances, limits);
        if (byItems == !ids.isEmpty()) {
            throw new DomainException(
                    ErrorCode.INVALID_REQUEST, "a listing names either items ({\"sku\": n}) or instances ([id, ...])");
        }
        if (byItems && (items.items().size() != 1 || !items.currency().isEmpty())) {
            throw new DomainException(ErrorCode.INVALID_REQUEST, "a listing holds exactly one SKU");
        }
        String sku = byItems ? items.items().firstKey() : null;
        long quantity = byItems ? items.items().get(sku) : ids.size();
        if (byItems && limits.isUnique(sku)) {
            Requests.checkUniqueInstances(quantity, limits);
        }
        if (currency == null || amount == null) {
            throw new DomainException(ErrorCode.MISSING_FIELD, "price needs a currency and an amount");
        }
        Bundle.of(java.util.Map.of(currency, amount), null, "price"); // name and amount rules
        long expires = expiresInSeconds == null ? DEFAULT_EXPIRES_IN_SECONDS : expiresInSeconds;
        if (expires < MIN_EXPIRES_IN_SECONDS || expires > MAX_EXPIRES_IN_SECONDS) {
            throw new DomainException(
                    ErrorCode.INVALID_EXPIRY,
                    "expiresInSeconds must be " + MIN_EXPIRES_IN_SECONDS + ".." + MAX_EXPIRES_IN_SECONDS + ", got "
                            + expires);
        }
        return new ListingCreateRequest(id, seller, sku, quantity, ids, currency, amount, expires);
    }

    public boolean byInstances() {
        return sku == null;
    }

    public String canonical() {
        return "listing:v1|" + listingId + "|" + sellerId + "|" + sku + "|" + quantity + "|"
                + String.join(",", instances) + "|" + currency + "|" + price + "|" + expiresInSeconds;
    }
}
