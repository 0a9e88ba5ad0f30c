package com.bluemarble.functions.core.terrain;

import java.util.Optional;

/**
 * Keeps terrain chunks with per-chunk optimistic concurrency (Amazon S3 conditional writes in
 * production). Failures: {@link ChunkConflictException} when the condition fails,
 * {@code DomainException} UNAVAILABLE when the store cannot be reached, INTERNAL {@code CHUNK_CORRUPT}
 * when stored bytes fail their checksum.
 */
public interface TerrainStore {

    /** Stores a new chunk only if none exists at the address; returns the new ETag. */
    String create(ChunkAddress address, byte[] data);

    /** Replaces the chunk only if its current ETag is {@code ifMatch}; returns the new ETag. */
    String replace(ChunkAddress address, byte[] data, String ifMatch);

    /** The chunk, its checksum verified. */
    Optional<StoredChunk> get(ChunkAddress address);
}
