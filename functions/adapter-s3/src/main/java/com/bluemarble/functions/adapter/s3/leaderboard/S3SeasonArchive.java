package com.bluemarble.functions.adapter.s3.leaderboard;

import com.bluemarble.functions.adapter.s3.support.S3Versions;
import com.bluemarble.functions.core.error.DomainException;
import com.bluemarble.functions.core.leaderboard.ArchiveReceipt;
import com.bluemarble.functions.core.leaderboard.BoardName;
import com.bluemarble.functions.core.leaderboard.Region;
import com.bluemarble.functions.core.leaderboard.SeasonArchive;
import com.bluemarble.functions.core.leaderboard.SeasonArchiveFile;
import com.bluemarble.functions.core.leaderboard.SeasonShard;
import com.bluemarble.functions.core.leaderboard.SeasonSnapshot;
import java.util.ArrayList;
import java.util.Base64;
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
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Finished leaderboard seasons as objects {@code <prefix><board>/<season>/<region>.tsv.gz}
 * (format: {@link SeasonArchiveFile}). The SHA-256 of the compressed bytes goes with the upload,
 * so S3 rejects a corrupted transfer, and into the object's metadata, so a read verifies it.
 * Rewriting the same season (a retried archive run) stores identical bytes.
 */
public final class S3SeasonArchive implements SeasonArchive {

    static final String SHA256_METADATA = "sha256";
    private static final String SUFFIX = ".tsv.gz";
    /** The version id S3 reports for objects of a bucket without versioning. */
    private static final String NULL_VERSION = "null";

    private final S3Client s3;
    private final String bucket;
    private final String prefix;

    /** {@code prefix} is prepended to every object key, e.g. {@code leaderboards/}. */
    public S3SeasonArchive(S3Client s3, String bucket, String prefix) {
        this.s3 = s3;
        this.bucket = bucket;
        this.prefix = prefix;
    }

    @Override
    public ArchiveReceipt write(SeasonSnapshot snapshot) {
        return put(snapshot).receipt();
    }

    private record Written(ArchiveReceipt receipt, String key, String versionId) {}

    private Written put(SeasonSnapshot snapshot) {
        byte[] file = SeasonArchiveFile.encode(snapshot);
        String sha256 = SeasonArchiveFile.sha256(file);
        String key = key(snapshot.shard());
        PutObjectResponse put = s3.putObject(
                r -> r.bucket(bucket)
                        .key(key)
                        .contentType("text/tab-separated-values")
                        .contentEncoding("gzip")
                        .checksumSHA256(Base64.getEncoder()
                                .encodeToString(HexFormat.of().parseHex(sha256)))
                        .metadata(Map.of(
                                SHA256_METADATA,
                                sha256,
                                "entries",
                                Integer.toString(snapshot.entries().size()))),
                RequestBody.fromBytes(file));
        return new Written(
                new ArchiveReceipt(
                        "s3://" + bucket + "/" + key, sha256, snapshot.entries().size(), file.length),
                key,
                put.versionId() == null ? NULL_VERSION : put.versionId());
    }

    /**
     * Writes the new file, then deletes by version id every other version of its key (the bucket
     * is the versioned backups bucket: the old file would otherwise stay readable as a noncurrent
     * version). Only the key itself: {@code a.tsv.gz} is a prefix of no other archive key.
     */
    @Override
    public ArchiveReceipt replace(SeasonSnapshot snapshot) {
        try {
            Written written = put(snapshot);
            S3Versions.delete(
                    s3,
                    bucket,
                    written.key(),
                    v -> v.key().equals(written.key()) && !v.versionId().equals(written.versionId()));
            return written.receipt();
        } catch (SdkException | IllegalStateException e) {
            throw DomainException.unavailable("S3 (leaderboard archive)", e);
        }
    }

    /** Every {@code <prefix><board>/<season>/<region>.tsv.gz} object (ListObjectsV2, all pages). */
    @Override
    public List<SeasonShard> archived() {
        List<SeasonShard> shards = new ArrayList<>();
        try {
            for (S3Object object : s3.listObjectsV2Paginator(
                            r -> r.bucket(bucket).prefix(prefix))
                    .contents()) {
                shard(object.key().substring(prefix.length())).ifPresent(shards::add);
            }
        } catch (SdkException e) {
            throw DomainException.unavailable("S3 (leaderboard archive)", e);
        }
        return shards;
    }

    /** The shard of a relative path {@code board/season/region.tsv.gz}; empty for any other object. */
    static Optional<SeasonShard> shard(String relativePath) {
        String[] parts = relativePath.split("/", -1);
        if (parts.length != 3 || !parts[2].endsWith(SUFFIX)) {
            return Optional.empty();
        }
        try {
            SeasonShard shard = new SeasonShard(
                    BoardName.of(parts[0]),
                    parts[1],
                    Region.of(parts[2].substring(0, parts[2].length() - SUFFIX.length())));
            return SeasonArchiveFile.relativePath(shard).equals(relativePath) ? Optional.of(shard) : Optional.empty();
        } catch (DomainException e) {
            return Optional.empty(); // not an archive this store wrote
        }
    }

    @Override
    public Optional<SeasonSnapshot> read(SeasonShard shard) {
        ResponseBytes<GetObjectResponse> object;
        try {
            object = s3.getObjectAsBytes(r -> r.bucket(bucket).key(key(shard)));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        }
        byte[] file = object.asByteArray();
        String expected = object.response().metadata().get(SHA256_METADATA);
        String actual = SeasonArchiveFile.sha256(file);
        if (!actual.equals(expected)) {
            throw new IllegalStateException("checksum mismatch for s3://" + bucket + "/" + key(shard)
                    + ": metadata says " + expected + ", content is " + actual);
        }
        return Optional.of(SeasonArchiveFile.decode(file));
    }

    String key(SeasonShard shard) {
        return prefix + SeasonArchiveFile.relativePath(shard);
    }
}
