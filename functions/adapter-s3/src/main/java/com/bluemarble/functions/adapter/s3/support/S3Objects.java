package com.bluemarble.functions.adapter.s3.support;

import com.bluemarble.functions.core.error.DomainException;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/** Whole-object reads shared by the small-object stores (claim-checked states, exports). */
public final class S3Objects {

    private S3Objects() {}

    /**
     * The object's bytes, or empty if there is no such key; any other failure is UNAVAILABLE,
     * naming {@code store} (e.g. {@code "S3 (exports)"}).
     */
    public static Optional<byte[]> get(S3Client s3, String bucket, String key, String store) {
        try {
            return Optional.of(
                    s3.getObjectAsBytes(r -> r.bucket(bucket).key(key)).asByteArray());
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (SdkException e) {
            throw DomainException.unavailable(store, e);
        }
    }
}
