package com.bluemarble.functions.adapter.s3.privacy;

import com.bluemarble.functions.adapter.s3.support.S3Objects;
import com.bluemarble.functions.core.error.DomainException;
import com.bluemarble.functions.core.privacy.ExportBucket;
import java.time.Duration;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Finished player exports in the exports bucket: each document is stored encrypted at rest with
 * the bucket's server-side encryption requested explicitly ({@code SSE-S3}, AES-256), read back
 * whole, and handed out as a pre-signed GET URL (signed with the function's credentials, valid at
 * most 7 days, the SigV4 maximum; the bucket's lifecycle rule deletes exports after 7 days).
 */
public final class S3ExportBucket implements ExportBucket {

    /** The longest validity SigV4 allows for a pre-signed URL. */
    public static final Duration MAX_URL_VALIDITY = Duration.ofDays(7);

    private final S3Client s3;
    private final S3Presigner presigner;
    private final String bucket;

    public S3ExportBucket(S3Client s3, S3Presigner presigner, String bucket) {
        this.s3 = s3;
        this.presigner = presigner;
        this.bucket = bucket;
    }

    @Override
    public void put(String key, byte[] json) {
        try {
            s3.putObject(
                    r -> r.bucket(bucket)
                            .key(key)
                            .contentType("application/json")
                            .serverSideEncryption(ServerSideEncryption.AES256),
                    RequestBody.fromBytes(json));
        } catch (SdkException e) {
            throw DomainException.unavailable("S3 (exports)", e);
        }
    }

    @Override
    public Optional<byte[]> get(String key) {
        return S3Objects.get(s3, bucket, key, "S3 (exports)");
    }

    @Override
    public String presignedGetUrl(String key, Duration validFor) {
        if (validFor.isNegative() || validFor.isZero() || validFor.compareTo(MAX_URL_VALIDITY) > 0) {
            throw new IllegalArgumentException("a pre-signed URL is valid for more than 0 and at most 7 days");
        }
        return presigner
                .presignGetObject(p -> p.signatureDuration(validFor)
                        .getObjectRequest(g -> g.bucket(bucket).key(key)))
                .url()
                .toString();
    }
}
