package com.bluemarble.functions.core.economy;

import com.bluemarble.functions.core.player.PlayerId;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;

/** The store that keeps currencies, items and the ledger (Cloud Spanner in production). */
public interface EconomyStore {

    /**
     * Runs {@code body} in one serializable read-write transaction and commits it.
     * The store may run the body more than once (aborts are retried), so the body must do
     * nothing but read and buffer writes through the transaction it is given.
     */
    <T> Committed<T> readWrite(Function<EconomyTransaction, T> body);

    Optional<Holdings> holdings(PlayerId playerId, ReadFreshness freshness);

    /** Every total the audit needs, all read at one timestamp. */
    AuditSnapshot auditSnapshot();

    record Committed<T>(T value, Instant commitTimestamp) {}
}
