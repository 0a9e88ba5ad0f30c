package com.bluemarble.functions.core.economy;

import com.bluemarble.functions.core.error.DomainException;
import com.bluemarble.functions.core.error.ErrorCode;
import com.bluemarble.functions.core.player.PlayerId;
import java.util.UUID;

/** Mints currencies and items into a player (a ledger source). Idempotent on {@code grantId}. */
public record GrantRequest(UUID grantId, PlayerId playerId, Bundle bundle) {

    public GrantRequest {
        if (bundle == null || bundle.isEmpty()) {
            throw new DomainException(ErrorCode.EMPTY_GRANT, "a grant must name at least one currency or item");
        }
    }

    public static GrantRequest of(String grantId, String playerId, Bundle bundle, EconomyLimits limits) {
        UUID id = Requests.idempotencyKey("grantId", grantId);
        GrantRequest request = new GrantRequest(id, PlayerId.of(playerId), bundle);
        Requests.checkSize(request.bundle(), "the grant", limits);
        Requests.checkUniqueInstances(Requests.uniqueInstances(request.bundle(), limits), limits);
        return request;
    }

    /** What the idempotency record compares: same key + same fingerprint = the same request. */
    public String canonical() {
        return "grant:v1|" + grantId + "|" + playerId + "|" + bundle.canonical();
    }
}
