package com.bluemarble.functions.core.economy;

import com.bluemarble.functions.core.error.DomainException;
import com.bluemarble.functions.core.error.ErrorCode;
import com.bluemarble.functions.core.player.PlayerId;
import java.util.UUID;
import java.util.regex.Pattern;

/** Buys {@code quantity} of a shop offer: its price burned, its grants minted. Idempotent on {@code purchaseId}. */
public record PurchaseRequest(UUID purchaseId, PlayerId playerId, String offerId, int quantity) {

    static final Pattern CONFIG_ID = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,63}");

    public static PurchaseRequest of(String purchaseId, String playerId, String offerId, Integer quantity) {
        UUID id = Requests.idempotencyKey("purchaseId", purchaseId);
        PlayerId player = Requests.playerId("playerId", playerId);
        Requests.checkQuantity("quantity", quantity);
        return new PurchaseRequest(id, player, configId("offerId", offerId), quantity == null ? 1 : quantity);
    }

    static String configId(String field, String value) {
        if (value == null) {
            throw new DomainException(ErrorCode.MISSING_FIELD, field + " is required");
        }
        if (!CONFIG_ID.matcher(value).matches()) {
            throw new DomainException(
                    ErrorCode.INVALID_FIELD,
                    field + " must be 1-64 characters of a-z 0-9 _ . - starting with a letter or digit");
        }
        return value;
    }

    public String canonical() {
        return "purchase:v1|" + purchaseId + "|" + playerId + "|" + offerId + "|" + quantity;
    }
}
