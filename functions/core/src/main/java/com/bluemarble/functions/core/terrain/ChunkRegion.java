package com.bluemarble.functions.core.terrain;

import com.bluemarble.functions.core.error.DomainException;
import com.bluemarble.functions.core.error.ErrorCode;
import java.util.ArrayList;
import java.util.List;

/**
 * A rectangle of chunks of one world and lod, bounds inclusive, for streaming the terrain around
 * a player. At most {@value #MAX_CHUNKS} chunks per request.
 */
public record ChunkRegion(String world, int lod, int minX, int minZ, int maxX, int maxZ) {

    public static final int MAX_CHUNKS = 256;

    public ChunkRegion {
        new ChunkAddress(world, lod, minX, minZ); // validates world, lod and both corners
        new ChunkAddress(world, lod, maxX, maxZ);
        if (minX > maxX || minZ > maxZ) {
            throw new DomainException(ErrorCode.INVALID_REGION, "minX <= maxX and minZ <= maxZ are required");
        }
        long count = ((long) maxX - minX + 1) * ((long) maxZ - minZ + 1);
        if (count > MAX_CHUNKS) {
            throw new DomainException(
                    ErrorCode.REGION_TOO_LARGE,
                    "the region has " + count + " chunks; at most " + MAX_CHUNKS + " per request");
        }
    }

    public long count() {
        return ((long) maxX - minX + 1) * ((long) maxZ - minZ + 1);
    }

    /** Row by row (z, then x): the order the answer lists chunks in. */
    public List<ChunkAddress> chunks() {
        List<ChunkAddress> chunks = new ArrayList<>();
        for (int z = minZ; z <= maxZ; z++) {
            for (int x = minX; x <= maxX; x++) {
                chunks.add(new ChunkAddress(world, lod, x, z));
            }
        }
        return chunks;
    }
}
