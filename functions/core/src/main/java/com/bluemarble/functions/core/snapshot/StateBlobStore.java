package com.bluemarble.functions.core.snapshot;

import java.util.Optional;

/**
 * Where states too large for a queue message or a table item are kept (Amazon S3 in production).
 * Failures to reach it are {@code DomainException}s of kind UNAVAILABLE.
 */
public interface StateBlobStore {

    void put(String key, byte[] json);

    Optional<byte[]> get(String key);

    /**
     * Deletes every object under {@code prefix} and, in a versioned bucket, every noncurrent
     * version and delete marker too, so nothing under it can be read or restored afterwards.
     * Idempotent. Returns how many objects or versions were deleted.
     */
    int deleteEveryVersion(String prefix);
}
