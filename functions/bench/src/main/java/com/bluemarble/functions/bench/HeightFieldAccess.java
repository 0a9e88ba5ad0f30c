package com.bluemarble.functions.bench;

/** The bench's height-field generator for the JMH benchmarks (same seed and size as the terrain figures). */
public final class HeightFieldAccess {
    private HeightFieldAccess() {}

    public static byte[] chunk(int x, int z) {
        return new HeightField(42).chunk(x, z, 128);
    }
}
