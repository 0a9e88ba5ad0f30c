package com.bluemarble.functions.adapter.s3.config;

import com.bluemarble.functions.core.config.GameConfigSource;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The game config document as one S3 object (the config bucket is versioned, so every published
 * version is kept). Read with {@code If-None-Match: <etag>}: an unchanged document costs a 304
 * and no body.
 */
public final class S3GameConfigSource implements GameConfigSource {

    /** Documents above this size are not game configs; refuse rather than buffer them. */
    static final long MAX_BYTES = 256 * 1024;

    private final S3Client s3;
    private final String bucket;
    private final String key;

    public S3GameConfigSource(S3Client s3, String bucket, String key) {
        this.s3 = s3;
        this.bucket = bucket;
        this.key = key;
    }

    @Override
    public Fetch fetchIfChanged(String knownEtag) {
        ResponseBytes<GetObjectResponse> object;
        try {
            object = s3.getObjectAsBytes(r -> {
                r.bucket(bucket).key(key);
                if (knownEtag != null) {
                    r.ifNoneMatch(knownEtag);
                }
            });
        } catch (NoSuchKeyException e) {
            return new Missing();
        } catch (S3Exception e) {
            if (e.statusCode() == 304) {
                return new Unchanged();
            }
            if (e.statusCode() == 404) {
                return new Missing();
            }
            throw e;
        }
        if (object.response().contentLength() != null && object.response().contentLength() > MAX_BYTES) {
            return new Changed(object.response().eTag(), new byte[0]); // parses as invalid: rejected and logged
        }
        return new Changed(object.response().eTag(), object.asByteArray());
    }

    @Override
    public String describe() {
        return "s3://" + bucket + "/" + key;
    }
}
