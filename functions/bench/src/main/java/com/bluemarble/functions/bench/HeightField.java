package com.bluemarble.functions.bench;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.SplittableRandom;

/**
 * Realistic terrain chunk bytes: a size x size grid of 16-bit little-endian heights from fractal
 * value noise (several octaves of smoothly interpolated lattice noise, continuous across chunks
 * because the lattice is addressed in world coordinates), plus a little per-sample jitter as
 * eroded real terrain has. Not random bytes: those do not compress and say nothing.
 */
final class HeightField {

    private final long seed;

    HeightField(long seed) {
        this.seed = seed;
    }

    byte[] chunk(int chunkX, int chunkZ, int size) {
        ByteBuffer out = ByteBuffer.allocate(size * size * 2).order(ByteOrder.LITTLE_ENDIAN);
        SplittableRandom jitter = new SplittableRandom(seed ^ (chunkX * 31L + chunkZ));
        for (int z = 0; z < size; z++) {
            for (int x = 0; x < size; x++) {
                double wx = chunkX * (double) size + x;
                double wz = chunkZ * (double) size + z;
                double h = 0;
                double amplitude = 1;
                double frequency = 1 / 256.0;
                for (int octave = 0; octave < 6; octave++) {
                    h += amplitude * valueNoise(wx * frequency, wz * frequency, octave);
                    amplitude *= 0.5;
                    frequency *= 2;
                }
                int height =
                        (int) Math.round(8000 + h * 6000) + jitter.nextInt(3) - 1; // metres x 4, +-1 step of jitter
                out.putShort((short) Math.max(0, Math.min(65535, height)));
            }
        }
        return out.array();
    }

    private double valueNoise(double x, double z, int octave) {
        int x0 = (int) Math.floor(x);
        int z0 = (int) Math.floor(z);
        double fx = smooth(x - x0);
        double fz = smooth(z - z0);
        double a = lattice(x0, z0, octave);
        double b = lattice(x0 + 1, z0, octave);
        double c = lattice(x0, z0 + 1, octave);
        double d = lattice(x0 + 1, z0 + 1, octave);
        return lerp(lerp(a, b, fx), lerp(c, d, fx), fz);
    }

    private double lattice(int x, int z, int octave) {
        long h = seed + x * 0x9E3779B97F4A7C15L + z * 0xC2B2AE3D27D4EB4FL + octave * 0x165667B19E3779F9L;
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        return (h >>> 11) / (double) (1L << 53) * 2 - 1;
    }

    private static double smooth(double t) {
        return t * t * (3 - 2 * t);
    }

    private static double lerp(double a, double b, double t) {
        return a + (b - a) * t;
    }
}
