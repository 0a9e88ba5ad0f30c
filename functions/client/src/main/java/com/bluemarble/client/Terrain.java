package com.bluemarble.client;

import java.util.Base64;
import java.util.List;

/** Requests and answers of terrainPut, terrainGet and terrainGetRegion; chunk data as raw bytes. */
public final class Terrain {
    private Terrain() {}

    /** {@code ifMatch} null creates the chunk (409 CHUNK_EXISTS if it exists); else replaces that ETag's version. */
    public record Put(String world, int lod, int x, int z, byte[] data, String ifMatch) {}

    record PutBody(String world, int lod, int x, int z, String data, String ifMatch) {
        static PutBody of(Put put) {
            return new PutBody(
                    put.world(),
                    put.lod(),
                    put.x(),
                    put.z(),
                    Base64.getEncoder().encodeToString(put.data()),
                    put.ifMatch());
        }
    }

    public record Stored(String etag) {}

    public record Address(String world, int lod, int x, int z) {}

    record ChunkBody(String data, String etag) {}

    public record Chunk(byte[] data, String etag) {}

    public record RegionRequest(String world, int lod, int minX, int minZ, int maxX, int maxZ) {}

    record RegionChunkBody(int x, int z, String data, String etag) {}

    record RegionBody(String world, int lod, List<RegionChunkBody> chunks) {}

    public record RegionChunk(int x, int z, byte[] data, String etag) {}

    public record Region(String world, int lod, List<RegionChunk> chunks) {}
}
