package com.bluemarble.functions.core.privacy;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The {@link ExportBucket} in memory (tests); its URLs are {@code memory://exports/<key>}. */
public final class InMemoryExportBucket implements ExportBucket {

    private final Map<String, byte[]> objects = new ConcurrentHashMap<>();

    @Override
    public void put(String key, byte[] json) {
        objects.put(key, json.clone());
    }

    @Override
    public Optional<byte[]> get(String key) {
        return Optional.ofNullable(objects.get(key)).map(byte[]::clone);
    }

    @Override
    public String presignedGetUrl(String key, Duration validFor) {
        return "memory://exports/" + key + "?validFor=" + validFor.toSeconds();
    }

    public java.util.Set<String> keys() {
        return java.util.Set.copyOf(objects.keySet());
    }
}
