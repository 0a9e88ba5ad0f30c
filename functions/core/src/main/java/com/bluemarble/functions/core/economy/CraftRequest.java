package com.bluemarble.functions.core.economy;

import com.bluemarble.functions.core.player.PlayerId;
import java.util.UUID;

/** Runs a recipe {@code times} times: its inputs burned, its outputs minted, atomically. Idempotent on {@code craftId}. */
public record CraftRequest(UUID craftId, PlayerId playerId, String recipeId, int times) {

    public static CraftRequest of(String craftId, String playerId, String recipeId, Integer times) {
        UUID id = Requests.idempotencyKey("craftId", craftId);
        PlayerId player = Requests.playerId("playerId", playerId);
        Requests.checkQuantity("times", times);
        return new CraftRequest(id, player, PurchaseRequest.configId("recipeId", recipeId), times == null ? 1 : times);
    }

    public String canonical() {
        return "craft:v1|" + craftId + "|" + playerId + "|" + recipeId + "|" + times;
    }
}
