package com.bluemarble.functions.adapter.s3.terrain;

import com.bluemarble.functions.core.error.DomainException;
import com.bluemarble.functions.core.error.ErrorCode;
import com.bluemarble.functions.core.terrain.ChunkAddress;
import com.bluemarble.functions.core.terrain.ChunkConflictException;
import com.bluemarble.functions.core.terrain.StoredChunk;
import com.bluemarble.functions.core.terrain.TerrainStore;
import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Terrain chunks in one S3 bucket. Bytes are zstd-compressed (level 3: terrain heightmaps and voxel
 * runs compress well, and zstd decodes several times faster than Deflate at a better ratio, which
 * matters on the read-heavy streaming path); the object's metadata records the codec, the raw size
 * and the SHA-256 of the raw bytes, which every read verifies after decompressing.
 * <p>
 * Optimistic concurrency is S3's own conditional write: {@code If-None-Match: *} to create,
 * {@code If-Match: <etag>} to replace. S3 checks the condition atomically with the write, so of two
 * writers holding the same ETag exactly one succeeds; the other gets 412 (or 409
 * ConditionalRequestConflict while the first is in flight) and is answered 409 with the ETag now current.
 */
public final class S3TerrainStore implements TerrainStore {

    static final String CODEC = "zstd";
    static final int LEVEL = 3;
    private static final HexFormat HEX = HexFormat.of();

    private final S3Client s3;
    private final String bucket;
    private final int maxChunkBytes;

    public S3TerrainStore(S3Client s3, String bucket, int maxChunkBytes) {
        this.s3 = s3;
        this.bucket = bucket;
        this.maxChunkBytes = maxChunkBytes;
    }

    @Override
    public String create(ChunkAddress address, byte[] data) {
        try {
            return s3.putObject(
                            put(address, data).ifNoneMatch("*").build(),
                            RequestBody.fromBytes(Zstd.compress(data, LEVEL)))
                    .eTag();
        } catch (S3Exception e) {
            if (isConditionFailure(e)) {
                throw new ChunkConflictException(
                        ErrorCode.CHUNK_EXISTS,
                        "a chunk exists at " + address + "; read it and send its etag as ifMatch to replace it",
                        currentEtag(address));
            }
            throw translate(e);
        } catch (SdkException e) {
            throw translate(e);
        }
    }

    @Override
    public String replace(ChunkAddress address, byte[] data, String ifMatch) {
        try {
            return s3.putObject(
                            put(address, data).ifMatch(ifMatch).build(),
                            RequestBody.fromBytes(Zstd.compress(data, LEVEL)))
                    .eTag();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                throw new DomainException(
                        ErrorCode.UNKNOWN_CHUNK, "no chunk at " + address + " to replace; create it without ifMatch");
            }
            if (isConditionFailure(e)) {
                throw new ChunkConflictException(
                        ErrorCode.VERSION_CONFLICT,
                        "the chunk at " + address + " changed since etag " + ifMatch + "; read it again and retry",
                        currentEtag(address));
            }
            throw translate(e);
        } catch (SdkException e) {
            throw translate(e);
        }
    }

    private PutObjectRequest.Builder put(ChunkAddress address, byte[] data) {
        return PutObjectRequest.builder()
                .bucket(bucket)
                .key(ChunkKeys.key(address))
                .contentType("application/zstd")
                .metadata(Map.of("codec", CODEC, "raw-size", Integer.toString(data.length), "sha256", sha256(data)));
    }

    private static boolean isConditionFailure(S3Exception e) {
        // 412 PreconditionFailed; 409 ConditionalRequestConflict when another conditional write to the key is in
        // flight.
        return e.statusCode() == 412 || e.statusCode() == 409;
    }

    private String currentEtag(ChunkAddress address) {
        try {
            return s3.headObject(r -> r.bucket(bucket).key(ChunkKeys.key(address)))
                    .eTag();
        } catch (NoSuchKeyException e) {
            return null;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return null;
            }
            throw translate(e);
        } catch (SdkException e) {
            throw translate(e);
        }
    }

    @Override
    public Optional<StoredChunk> get(ChunkAddress address) {
        ResponseBytes<GetObjectResponse> object;
        try {
            object = s3.getObjectAsBytes(r -> r.bucket(bucket).key(ChunkKeys.key(address)));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw translate(e);
        } catch (SdkException e) {
            throw translate(e);
        }
        Map<String, String> metadata = object.response().metadata();
        return Optional.of(new StoredChunk(
                address,
                decode(address, object.asByteArray(), metadata),
                object.response().eTag()));
    }

    /** Keys of every stored chunk of region (rx, rz), see {@link ChunkKeys}. */
    public List<String> listRegion(String world, int lod, int rx, int rz) {
        List<String> keys = new ArrayList<>();
        try {
            s3
                    .listObjectsV2Paginator(r -> r.bucket(bucket).prefix(ChunkKeys.regionPrefix(world, lod, rx, rz)))
                    .contents()
                    .stream()
                    .map(S3Object::key)
                    .forEach(keys::add);
        } catch (SdkException e) {
            throw translate(e);
        }
        return keys;
    }

    private byte[] decode(ChunkAddress address, byte[] stored, Map<String, String> metadata) {
        String codec = metadata.get("codec");
        String expected = metadata.get("sha256");
        int rawSize;
        try {
            rawSize = Integer.parseInt(metadata.getOrDefault("raw-size", "-1"));
        } catch (NumberFormatException e) {
            rawSize = -1;
        }
        if (!CODEC.equals(codec) || expected == null || rawSize < 0 || rawSize > maxChunkBytes) {
            throw corrupt(
                    address,
                    "its metadata (codec " + codec + ", raw-size " + metadata.get("raw-size") + ") is not a chunk's");
        }
        byte[] data;
        try {
            data = Zstd.decompress(stored, rawSize);
        } catch (ZstdException e) {
            throw corrupt(address, "it does not decompress: " + e.getMessage());
        }
        if (data.length != rawSize || !sha256(data).equals(expected)) {
            throw corrupt(address, "its content does not match the stored SHA-256");
        }
        return data;
    }

    private static DomainException corrupt(ChunkAddress address, String why) {
        return new DomainException(ErrorCode.CHUNK_CORRUPT, "the stored chunk at " + address + " is corrupt: " + why);
    }

    static String sha256(byte[] data) {
        try {
            return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static DomainException translate(SdkException e) {
        if (e instanceof S3Exception s3 && s3.statusCode() < 500 && s3.statusCode() != 429) {
            return new DomainException(
                    ErrorCode.INTERNAL, "Amazon S3 refused the request: " + s3.statusCode() + " " + s3.getMessage(), e);
        }
        // 5xx, throttling, timeouts, connection failures.
        return new DomainException(
                ErrorCode.STORE_UNAVAILABLE,
                "Amazon S3 is unavailable; retry (a create that may have succeeded answers 409 with its etag)",
                e);
    }
}
