package com.bluemarble.functions.core.privacy;

import com.bluemarble.functions.core.player.PlayerId;
import java.util.Map;

/**
 * One store's part of a player's data rights (docs/data-rights.md): the economy (Spanner), the
 * snapshots (DynamoDB and S3) and the leaderboards (Redis and the season archives in S3) each
 * implement it. No transaction spans the stores, so the erasure saga calls these in order and
 * records each completed call durably; every method may therefore run more than once for the
 * same player (a retried or resumed step) and must reach the same end state each time.
 */
public interface PlayerDataStore {

    /** The store's name in step names and status answers: {@code economy}, {@code snapshots}, {@code leaderboards}. */
    String name();

    /**
     * After this returns, the store accepts no new write naming the player (the economy answers
     * 409 {@code PLAYER_ERASED}, snapshot ingest 410 {@code PLAYER_DATA_ERASED}, leaderboard
     * submits 409 {@code PLAYER_ERASED}). Idempotent. The freeze mark itself holds no personal
     * data beyond the opaque player id, and it is never removed: it is what keeps the player
     * erased.
     */
    void freeze(PlayerId player);

    /**
     * Removes (the economy: cancels listings and burns holdings with ledger source
     * {@code ERASURE}) everything the store holds for the player. Runs only after every store has
     * been frozen. Idempotent: a second run finds nothing left and changes nothing.
     */
    void erase(PlayerId player);

    /**
     * What the store holds for the player, as JSON-ready values (maps with string keys, lists,
     * strings, booleans, numbers), exactly as stored; nothing of any other player.
     */
    Map<String, Object> export(PlayerId player);
}
