package com.bluemarble.functions.core.terrain;

import com.bluemarble.functions.core.error.DomainException;
import com.bluemarble.functions.core.error.ErrorCode;
import java.util.regex.Pattern;

/**
 * Where a terrain chunk lives: a world, a level of detail and integer chunk coordinates.
 *
 * @param world lower-case id, 1-32 characters of a-z 0-9 - starting with a letter or digit
 * @param lod level of detail, {@value #MIN_LOD}..{@value #MAX_LOD} (0 = full detail)
 * @param x chunk column, {@value #MIN_COORDINATE}..{@value #MAX_COORDINATE}
 * @param z chunk row, same range as x
 */
public record ChunkAddress(String world, int lod, int x, int z) {

    public static final int MIN_LOD = 0;
    public static final int MAX_LOD = 7;
    /** +-2^20 chunks per axis: 1,048,576 chunks of any size is far beyond one planet. */
    public static final int MIN_COORDINATE = -(1 << 20);

    public static final int MAX_COORDINATE = (1 << 20) - 1;
    private static final Pattern WORLD = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");

    public ChunkAddress {
        if (world == null) {
            throw new DomainException(ErrorCode.MISSING_FIELD, "world is required");
        }
        if (!WORLD.matcher(world).matches()) {
            throw new DomainException(
                    ErrorCode.INVALID_WORLD,
                    "world '" + world
                            + "' is not a world id: use 1-32 characters of a-z 0-9 - starting with a letter or digit");
        }
        if (lod < MIN_LOD || lod > MAX_LOD) {
            throw new DomainException(
                    ErrorCode.INVALID_LOD, "lod must be " + MIN_LOD + ".." + MAX_LOD + ", got " + lod);
        }
        checkCoordinate("x", x);
        checkCoordinate("z", z);
    }

    static void checkCoordinate(String name, long value) {
        if (value < MIN_COORDINATE || value > MAX_COORDINATE) {
            throw new DomainException(
                    ErrorCode.INVALID_COORDINATE,
                    name + " must be " + MIN_COORDINATE + ".." + MAX_COORDINATE + ", got " + value);
        }
    }

    /** Validates raw request fields ({@code null} = missing). */
    public static ChunkAddress of(String world, Integer lod, Integer x, Integer z) {
        if (lod == null || x == null || z == null) {
            throw new DomainException(ErrorCode.MISSING_FIELD, "world, lod, x and z are required");
        }
        return new ChunkAddress(world, lod, x, z);
    }

    @Override
    public String toString() {
        return world + "/lod" + lod + "/" + x + "," + z;
    }
}
