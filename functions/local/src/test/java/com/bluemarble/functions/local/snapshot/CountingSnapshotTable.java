package com.bluemarble.functions.local.snapshot;

import com.bluemarble.functions.core.player.PlayerId;
import com.bluemarble.functions.core.snapshot.SnapshotTable;
import com.bluemarble.functions.core.snapshot.StoredSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Wraps the real DynamoDB table port. It counts conditional writes issued (each call is exactly
 * one PutItem request: what "DynamoDB writes" means in these tests), records the ones that took
 * effect in order, and can crash the writer in the middle of a batch.
 */
final class CountingSnapshotTable implements SnapshotTable {

    /** Stands for the writer process dying (timeout, OOM, kill): not an exception the writer handles. */
    static final class SimulatedCrash extends Error {
        SimulatedCrash(String message) {
            super(message);
        }
    }

    record Write(PlayerId player, long version) {}

    private final SnapshotTable delegate;
    private final AtomicInteger writeRequests = new AtomicInteger();
    private final List<Write> effective = new ArrayList<>();
    private volatile int crashAtWriteRequest = -1;

    CountingSnapshotTable(SnapshotTable delegate) {
        this.delegate = delegate;
    }

    /** The n-th write request from now on (1-based) dies before reaching DynamoDB. */
    void crashAtWriteRequest(int n) {
        crashAtWriteRequest = writeRequests.get() + n;
    }

    int writeRequests() {
        return writeRequests.get();
    }

    synchronized List<Write> effectiveWrites() {
        return List.copyOf(effective);
    }

    @Override
    public Optional<StoredSnapshot> find(PlayerId player) {
        return delegate.find(player);
    }

    @Override
    public void delete(PlayerId player) {
        delegate.delete(player);
    }

    @Override
    public Page scan(String cursor, int limit) {
        return delegate.scan(cursor, limit);
    }

    @Override
    public WriteResult putIfNewer(StoredSnapshot snapshot) {
        int request = writeRequests.incrementAndGet();
        if (request == crashAtWriteRequest) {
            throw new SimulatedCrash("writer killed at write request " + request);
        }
        WriteResult result = delegate.putIfNewer(snapshot);
        if (result == WriteResult.WRITTEN) {
            synchronized (this) {
                effective.add(new Write(snapshot.playerId(), snapshot.version()));
            }
        }
        return result;
    }
}
