package com.bluemarble.functions.core.economy;

import com.bluemarble.functions.core.error.DomainException;
import com.bluemarble.functions.core.error.ErrorCode;
import com.bluemarble.functions.core.player.PlayerId;
import java.util.List;
import java.util.UUID;

/**
 * Burns what a player uses up: currencies and stackable items by amount, unique items by instance
 * id (a unique SKU named under {@code items} burns its lowest instance ids). Idempotent on {@code consumeId}.
 */
public record ConsumeRequest(UUID consumeId, PlayerId playerId, Bundle bundle, List<String> instances, String reason) {

    public ConsumeRequest {
        instances = List.copyOf(instances);
    }

    public static ConsumeRequest of(
            String consumeId,
            String playerId,
            Bundle bundle,
            List<String> instances,
            String reason,
            EconomyLimits limits) {
        UUID id = Requests.idempotencyKey("consumeId", consumeId);
        PlayerId player = Requests.playerId("playerId", playerId);
        Requests.checkSize(bundle, "the consume", limits);
        List<String> ids = Requests.instanceIds(instances, limits);
        Requests.checkUniqueInstances(
                Requests.saturatedAdd(Requests.uniqueInstances(bundle, limits), ids.size()), limits);
        if (bundle.isEmpty() && ids.isEmpty()) {
            throw new DomainException(ErrorCode.INVALID_REQUEST, "a consume must name currency, items or instances");
        }
        if (reason == null) {
            throw new DomainException(ErrorCode.MISSING_FIELD, "reason is required (e.g. \"repair\")");
        }
        if (!PurchaseRequest.CONFIG_ID.matcher(reason).matches()) {
            throw new DomainException(
                    ErrorCode.INVALID_REASON,
                    "reason must be 1-64 characters of a-z 0-9 _ . - starting with a letter or digit");
        }
        return new ConsumeRequest(id, player, bundle, ids, reason);
    }

    public String canonical() {
        return "consume:v1|" + consumeId + "|" + playerId + "|" + bundle.canonical() + "|" + String.join(",", instances)
                + "|" + reason;
    }
}
