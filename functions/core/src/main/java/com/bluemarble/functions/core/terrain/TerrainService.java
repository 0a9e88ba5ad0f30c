package com.bluemarble.functions.core.terrain;

import com.bluemarble.functions.core.error.DomainException;
import com.bluemarble.functions.core.error.ErrorCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/**
 * Terrain use cases: put (create or replace under an ETag), get, and the batch read of a rectangle
 * with bounded concurrency.
 *
 * @param worlds the worlds that exist; any other is 404 {@code UNKNOWN_WORLD}
 * @param maxChunkBytes uncompressed chunk size cap; above it 400 {@code CHUNK_TOO_LARGE}
 * @param maxParallelReads at most this many reads of one region request run at once
 */
public final class TerrainService {

    private final TerrainStore store;
    private final Set<String> worlds;
    private final int maxChunkBytes;
    private final Semaphore permits;
    private final int maxParallelReads;
    private final ExecutorService readers;
    private final int maxRegionChunks;

    /**
     * A region answer carries at most this many raw bytes (3 MiB, about 4 MiB as base64), so it fits
     * a synchronous Lambda response (6 MB); with bigger chunks fewer fit in one region request.
     */
    public static final int REGION_RESPONSE_BUDGET_BYTES = 3 * 1024 * 1024;

    public TerrainService(
            TerrainStore store, Set<String> worlds, int maxChunkBytes, int maxParallelReads, ExecutorService readers) {
        this.store = store;
        this.worlds = Set.copyOf(worlds);
        this.maxChunkBytes = maxChunkBytes;
        this.maxParallelReads = maxParallelReads;
        this.permits = new Semaphore(maxParallelReads);
        this.readers = readers;
        this.maxRegionChunks =
                Math.max(1, Math.min(ChunkRegion.MAX_CHUNKS, REGION_RESPONSE_BUDGET_BYTES / maxChunkBytes));
    }

    /** How many chunks one region request may cover: {@link ChunkRegion#MAX_CHUNKS}, less when chunks are large. */
    public int maxRegionChunks() {
        return maxRegionChunks;
    }

    public int maxChunkBytes() {
        return maxChunkBytes;
    }

    /** Far above any S3 ETag (a quoted MD5, or MD5-partCount): longer is not an ETag. */
    static final int MAX_ETAG_LENGTH = 256;

    private static boolean isEtagShaped(String ifMatch) {
        if (ifMatch.length() > MAX_ETAG_LENGTH) {
            return false;
        }
        for (int i = 0; i < ifMatch.length(); i++) {
            char c = ifMatch.charAt(i);
            if (c < 0x21 || c > 0x7E) {
                return false;
            }
        }
        return true;
    }

    /** Without {@code ifMatch} only creates; with it only replaces that version. Returns the new ETag. */
    public String put(ChunkAddress address, byte[] data, String ifMatch) {
        knownWorld(address.world());
        if (data == null) {
            throw new DomainException(ErrorCode.MISSING_FIELD, "data is required");
        }
        if (data.length == 0) {
            throw new DomainException(ErrorCode.EMPTY_CHUNK, "data must not be empty");
        }
        if (data.length > maxChunkBytes) {
            throw new DomainException(
                    ErrorCode.CHUNK_TOO_LARGE, "a chunk is at most " + maxChunkBytes + " bytes; got " + data.length);
        }
        if (ifMatch == null) {
            return store.create(address, data);
        }
        if (ifMatch.isBlank() || !isEtagShaped(ifMatch)) {
            // Checked before the store: S3 answers a 64 KB If-Match header with 431, and a header
            // cannot carry control or non-ASCII characters at all.
            throw new DomainException(
                    ErrorCode.INVALID_FIELD,
                    "ifMatch must be an ETag returned by terrainGet or terrainPut (at most " + MAX_ETAG_LENGTH
                            + " printable ASCII characters)");
        }
        return store.replace(address, data, ifMatch);
    }

    public StoredChunk get(ChunkAddress address) {
        knownWorld(address.world());
        return store.get(address)
                .orElseThrow(() -> new DomainException(ErrorCode.UNKNOWN_CHUNK, "no chunk at " + address));
    }

    /**
     * Every existing chunk of the rectangle (missing ones are left out), read in parallel with at
     * most {@code maxParallelReads} reads in flight for this request (and across requests of this
     * process). Any store failure fails the whole read.
     */
    public List<StoredChunk> region(ChunkRegion region) {
        knownWorld(region.world());
        if (region.count() > maxRegionChunks) {
            throw new DomainException(
                    ErrorCode.REGION_TOO_LARGE,
                    "the region has " + region.count() + " chunks; at most " + maxRegionChunks
                            + " per request with chunks of up to " + maxChunkBytes + " bytes");
        }
        List<ChunkAddress> addresses = region.chunks();
        List<Future<Optional<StoredChunk>>> reads = new ArrayList<>(addresses.size());
        for (ChunkAddress address : addresses) {
            reads.add(readers.submit(() -> {
                permits.acquire();
                try {
                    return store.get(address);
                } finally {
                    permits.release();
                }
            }));
        }
        List<StoredChunk> chunks = new ArrayList<>();
        try {
            for (Future<Optional<StoredChunk>> read : reads) {
                read.get().ifPresent(chunks::add);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            reads.forEach(read -> read.cancel(true));
            throw DomainException.unavailable("the terrain store", e);
        } catch (ExecutionException e) {
            reads.forEach(read -> read.cancel(true));
            if (e.getCause() instanceof DomainException domain) {
                throw domain;
            }
            throw new DomainException(ErrorCode.INTERNAL, "terrain read failed: " + e.getCause(), e.getCause());
        }
        return chunks;
    }

    public int maxParallelReads() {
        return maxParallelReads;
    }

    private void knownWorld(String world) {
        if (!worlds.contains(world)) {
            throw new DomainException(ErrorCode.UNKNOWN_WORLD, "there is no world '" + world + "'");
        }
    }
}
