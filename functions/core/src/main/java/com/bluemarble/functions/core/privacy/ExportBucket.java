package com.bluemarble.functions.core.privacy;

import java.time.Duration;
import java.util.Optional;

/**
 * Where finished exports are kept (an S3 bucket, encrypted, whose objects expire after 7 days in
 * production). Keys are chosen by the export job, e.g. {@code exports/<exportId>.json}.
 */
public interface ExportBucket {

    /** Stores the document (overwriting the same key is allowed: a retried step writes the same bytes). */
    void put(String key, byte[] json);

    /** The document, if stored. */
    Optional<byte[]> get(String key);

    /** A URL that lets its holder GET the object for {@code validFor} without credentials. */
    String presignedGetUrl(String key, Duration validFor);
}
