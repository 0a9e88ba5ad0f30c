package com.bluemarble.functions.adapter.s3.backup;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * Streams bytes into one S3 object by multipart upload: at most one upload part (default 8 MiB,
 * S3's minimum is 5 MiB except for the last) is buffered at a time, so an object of any size
 * needs a bounded amount of memory. {@link #complete()} finishes the upload; {@link #abort()}
 * removes every uploaded part.
 */
final class MultipartOutputStream extends OutputStream {

    static final int MIN_PART_BYTES = 5 * 1024 * 1024;

    private final S3Client s3;
    private final String bucket;
    private final String key;
    private final int partBytes;
    private final String uploadId;
    private final List<CompletedPart> parts = new ArrayList<>();
    private ByteArrayOutputStream buffer;
    private long total;
    private boolean done;

    MultipartOutputStream(S3Client s3, String bucket, String key, String contentType, int partBytes) {
        if (partBytes < MIN_PART_BYTES) {
            throw new IllegalArgumentException("S3 upload parts are at least " + MIN_PART_BYTES + " bytes");
        }
        this.s3 = s3;
        this.bucket = bucket;
        this.key = key;
        this.partBytes = partBytes;
        this.buffer = new ByteArrayOutputStream(Math.min(partBytes, 1024 * 1024));
        this.uploadId = s3.createMultipartUpload(r -> r.bucket(bucket).key(key).contentType(contentType))
                .uploadId();
    }

    @Override
    public void write(int b) {
        buffer.write(b);
        total++;
        if (buffer.size() >= partBytes) {
            flushPart();
        }
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
        while (length > 0) {
            int room = partBytes - buffer.size();
            int n = Math.min(room, length);
            buffer.write(bytes, offset, n);
            total += n;
            offset += n;
            length -= n;
            if (buffer.size() >= partBytes) {
                flushPart();
            }
        }
    }

    private void flushPart() {
        int number = parts.size() + 1;
        byte[] bytes = buffer.toByteArray();
        buffer = new ByteArrayOutputStream(Math.min(partBytes, 1024 * 1024));
        String etag = s3.uploadPart(
                        r -> r.bucket(bucket).key(key).uploadId(uploadId).partNumber(number),
                        RequestBody.fromBytes(bytes))
                .eTag();
        parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
    }

    long bytesWritten() {
        return total;
    }

    int uploadedParts() {
        return parts.size();
    }

    /** Uploads what is buffered as the last part and completes the object; returns its version id (null if unversioned). */
    String complete() {
        if (buffer.size() > 0 || parts.isEmpty()) {
            flushPart();
        }
        done = true;
        return s3.completeMultipartUpload(
                        r -> r.bucket(bucket).key(key).uploadId(uploadId).multipartUpload(u -> u.parts(parts)))
                .versionId();
    }

    void abort() {
        if (!done) {
            done = true;
            s3.abortMultipartUpload(r -> r.bucket(bucket).key(key).uploadId(uploadId));
        }
    }

    @Override
    public void close() {
        // complete() or abort() decide; close() alone does neither (a GZIP trailer is written on close).
    }
}
