package com.bluemarble.functions.core.snapshot;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** An in-memory {@link StateBlobStore}. */
public final class InMemoryStateBlobStore implements StateBlobStore {

    private final Map<String, byte[]> blobs = new ConcurrentHashMap<>();

    @Override
    public void put(String key, byte[] json) {
        blobs.put(key, json.clone());
    }

    @Override
    public Optional<byte[]> get(String key) {
        return Optional.ofNullable(blobs.get(key)).map(byte[]::clone);
    }

    @Override
    public int deleteEveryVersion(String prefix) {
        int before = blobs.size();
        blobs.keySet().removeIf(key -> key.startsWith(prefix));
        return before - blobs.size();
    }

    public Map<String, byte[]> blobs() {
        return Map.copyOf(blobs);
    }
}
