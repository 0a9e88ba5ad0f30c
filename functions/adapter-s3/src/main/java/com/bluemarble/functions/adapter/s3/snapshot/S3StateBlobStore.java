package com.bluemarble.functions.adapter.s3.snapshot;

import com.bluemarble.functions.adapter.s3.support.S3Objects;
import com.bluemarble.functions.adapter.s3.support.S3Versions;
import com.bluemarble.functions.core.error.DomainException;
import com.bluemarble.functions.core.snapshot.StateBlobStore;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** Claim-checked snapshot states and patches, one JSON object per key, in the snapshot-states bucket. */
public final class S3StateBlobStore implements StateBlobStore {

    private final S3Client s3;
    private final String bucket;

    public S3StateBlobStore(S3Client s3, String bucket) {
        this.s3 = s3;
        this.bucket = bucket;
    }

    @Override
    public void put(String key, byte[] json) {
        try {
            s3.putObject(r -> r.bucket(bucket).key(key).contentType("application/json"), RequestBody.fromBytes(json));
        } catch (SdkException e) {
            throw DomainException.unavailable("S3 (snapshot states)", e);
        }
    }

    /** Every version and delete marker under the prefix, by version id (see {@link S3Versions}). */
    @Override
    public int deleteEveryVersion(String prefix) {
        try {
            return S3Versions.delete(s3, bucket, prefix, version -> true);
        } catch (SdkException | IllegalStateException e) {
            throw DomainException.unavailable("S3 (snapshot states)", e);
        }
    }

    @Override
    public Optional<byte[]> get(String key) {
        return S3Objects.get(s3, bucket, key, "S3 (snapshot states)");
    }
}
