package com.bluemarble.functions.adapter.s3.terrain;

import com.bluemarble.functions.core.terrain.ChunkAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The S3 key of a chunk:
 * {@code <hash4>/<world>/lod<lod>/r<rx>_<rz>/<x>_<z>.zst} where {@code rx = floor(x / 16)},
 * {@code rz = floor(z / 16)} and {@code hash4} is the first 4 hex digits of
 * SHA-256({@code "<world>/<lod>/<rx>/<rz>"}).
 * <p>
 * Why: S3 scales request rates per key prefix (about 3,500 writes and 5,500 reads per second per
 * partitioned prefix). A key starting with the world would put every hot spot of a world behind one
 * prefix; the hash spreads the 16x16-chunk regions over 65,536 leading prefixes, so S3 can split
 * them. All chunks of one region share one full prefix, so a region is still listed with one
 * {@code ListObjectsV2} (prefix = {@link #regionPrefix}); a rectangle is listed region by region,
 * each region's prefix computed from its coordinates (no scan of the bucket).
 */
public final class ChunkKeys {

    public static final int REGION_SIZE = 16;
    private static final HexFormat HEX = HexFormat.of();

    private ChunkKeys() {}

    public static String key(ChunkAddress address) {
        return regionPrefix(
                        address.world(),
                        address.lod(),
                        Math.floorDiv(address.x(), REGION_SIZE),
                        Math.floorDiv(address.z(), REGION_SIZE))
                + address.x() + "_" + address.z() + ".zst";
    }

    /** Every chunk of region (rx, rz) has a key starting with this. */
    public static String regionPrefix(String world, int lod, int rx, int rz) {
        return hash4(world + "/" + lod + "/" + rx + "/" + rz) + "/" + world + "/lod" + lod + "/r" + rx + "_" + rz + "/";
    }

    private static String hash4(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HEX.formatHex(digest, 0, 2);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
