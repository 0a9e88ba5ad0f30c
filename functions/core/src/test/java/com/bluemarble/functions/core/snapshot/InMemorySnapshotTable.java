package com.bluemarble.functions.core.snapshot;

import com.bluemarble.functions.core.error.DomainException;
import com.bluemarble.functions.core.player.PlayerId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An in-memory {@link SnapshotTable} with the same conditional-write rule as DynamoDB's
 * {@code attribute_not_exists(playerId) OR version < :v}. It records every write attempt, so
 * tests can count writes and check that no stored version ever went down; it can be made
 * unavailable to exercise the failure path.
 */
public final class InMemorySnapshotTable implements SnapshotTable {

    /** One conditional write as it was asked for, and what it did. */
    public record Attempt(StoredSnapshot snapshot, WriteResult result) {}

    private final Map<PlayerId, StoredSnapshot> rows = new HashMap<>();
    /** The same rows by player id, in the order a scan pages through them. */
    private final TreeMap<String, StoredSnapshot> byId = new TreeMap<>();

    private final List<Attempt> attempts = new ArrayList<>();
    private boolean unavailable;

    public synchronized void setUnavailable(boolean unavailable) {
        this.unavailable = unavailable;
    }

    @Override
    public synchronized Optional<StoredSnapshot> find(PlayerId player) {
        check();
        return Optional.ofNullable(rows.get(player));
    }

    @Override
    public synchronized WriteResult putIfNewer(StoredSnapshot snapshot) {
        check();
        StoredSnapshot current = rows.get(snapshot.playerId());
        WriteResult result;
        if (current == null || current.version() < snapshot.version()) {
            rows.put(snapshot.playerId(), snapshot);
            byId.put(snapshot.playerId().value(), snapshot);
            result = WriteResult.WRITTEN;
        } else {
            result = WriteResult.STALE;
        }
        attempts.add(new Attempt(snapshot, result));
        return result;
    }

    @Override
    public synchronized void delete(PlayerId player) {
        check();
        rows.remove(player);
        byId.remove(player.value());
    }

    @Override
    public synchronized Page scan(String cursor, int limit) {
        check();
        if (limit <= 0) {
            throw new IllegalArgumentException("limit must be positive");
        }
        List<StoredSnapshot> page = new ArrayList<>();
        for (StoredSnapshot snapshot : (cursor == null ? byId : byId.tailMap(cursor, false)).values()) {
            if (page.size() == limit) {
                break;
            }
            page.add(snapshot);
        }
        // Like DynamoDB: a full page carries a cursor even when nothing follows it.
        String next =
                page.size() == limit ? page.get(page.size() - 1).playerId().value() : null;
        return new Page(page, next);
    }

    public synchronized List<Attempt> attempts() {
        return List.copyOf(attempts);
    }

    public synchronized Map<PlayerId, StoredSnapshot> rows() {
        return Map.copyOf(rows);
    }

    private void check() {
        if (unavailable) {
            throw DomainException.unavailable(
                    "the snapshot table", new IllegalStateException("made unavailable by the test"));
        }
    }
}
