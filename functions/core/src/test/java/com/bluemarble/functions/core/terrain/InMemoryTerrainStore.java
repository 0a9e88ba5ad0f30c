package com.bluemarble.functions.core.terrain;

import com.bluemarble.functions.core.error.ErrorCode;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** A terrain store in memory with S3's conditional-write semantics; counts concurrent reads. */
public final class InMemoryTerrainStore implements TerrainStore {

    private final Map<ChunkAddress, StoredChunk> chunks = new ConcurrentHashMap<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private volatile long readDelayMillis;

    public void readDelayMillis(long millis) {
        this.readDelayMillis = millis;
    }

    public int maxConcurrentReads() {
        return maxInFlight.get();
    }

    @Override
    public synchronized String create(ChunkAddress address, byte[] data) {
        StoredChunk current = chunks.get(address);
        if (current != null) {
            throw new ChunkConflictException(ErrorCode.CHUNK_EXISTS, "exists", current.etag());
        }
        return store(address, data);
    }

    @Override
    public synchronized String replace(ChunkAddress address, byte[] data, String ifMatch) {
        StoredChunk current = chunks.get(address);
        if (current == null || !current.etag().equals(ifMatch)) {
            throw new ChunkConflictException(
                    ErrorCode.VERSION_CONFLICT, "stale", current == null ? null : current.etag());
        }
        return store(address, data);
    }

    private String store(ChunkAddress address, byte[] data) {
        String etag = "\"" + UUID.randomUUID() + "\"";
        chunks.put(address, new StoredChunk(address, data.clone(), etag));
        return etag;
    }

    @Override
    public Optional<StoredChunk> get(ChunkAddress address) {
        int now = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(now, Math::max);
        try {
            if (readDelayMillis > 0) {
                Thread.sleep(readDelayMillis);
            }
            return Optional.ofNullable(chunks.get(address));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            inFlight.decrementAndGet();
        }
    }
}
