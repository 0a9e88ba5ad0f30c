package com.bluemarble.functions.adapter.s3.leaderboard;

import com.bluemarble.functions.core.leaderboard.ArchiveReceipt;
import com.bluemarble.functions.core.leaderboard.SeasonArchive;
import com.bluemarble.functions.core.leaderboard.SeasonArchiveFile;
import com.bluemarble.functions.core.leaderboard.SeasonShard;
import com.bluemarble.functions.core.leaderboard.SeasonSnapshot;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Finished leaderboard seasons as objects {@code <prefix><board>/<season>/<region>.tsv.gz}
 * (format: {@link SeasonArchiveFile}). The SHA-256 of the compressed bytes goes with the upload,
 * so S3 rejects a corrupted transfer, and into the object's metadata, so a read verifies it.
 * Rewriting the same season (a retried archive run) stores identical bytes.
 */
public final class S3SeasonArchive implements SeasonArchive {

    static final String SHA256_METADATA = "sha256";

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
        byte[] file = SeasonArchiveFile.encode(snapshot);
        String sha256 = SeasonArchiveFile.sha256(file);
        String key = key(snapshot.shard());
        s3.putObject(
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
        return new ArchiveReceipt(
                "s3://" + bucket + "/" + key, sha256, snapshot.entries().size(), file.length);
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
