package com.bluemarble.functions.adapter.s3.support;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsResponse;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;

/**
 * Deleting objects for good: every version (current and noncurrent) and every delete marker under a
 * prefix, by version id, so nothing can be read or restored afterwards. In a bucket without
 * versioning each object has the one version {@code null}, and the same calls delete it.
 */
public final class S3Versions {

    /** DeleteObjects takes at most 1000 keys. */
    private static final int DELETE_BATCH = 1000;

    private S3Versions() {}

    /** One stored version (or delete marker) of a key. */
    public record Version(String key, String versionId, boolean latest) {}

    /** Every version and delete marker under {@code prefix} (ListObjectVersions, all pages). */
    public static List<Version> list(S3Client s3, String bucket, String prefix) {
        return list(s3, bucket, prefix, 1000);
    }

    /** {@link #list(S3Client, String, String)} with pages of at most {@code pageSize} (tests page with less). */
    static List<Version> list(S3Client s3, String bucket, String prefix, int pageSize) {
        List<Version> versions = new ArrayList<>();
        String keyMarker = null;
        String versionMarker = null;
        while (true) {
            String key = keyMarker;
            String version = versionMarker;
            ListObjectVersionsResponse page = s3.listObjectVersions(r -> {
                r.bucket(bucket).prefix(prefix).maxKeys(pageSize);
                if (key != null) {
                    r.keyMarker(key).versionIdMarker(version);
                }
            });
            page.versions().forEach(v -> versions.add(new Version(v.key(), v.versionId(), v.isLatest())));
            page.deleteMarkers().forEach(m -> versions.add(new Version(m.key(), m.versionId(), m.isLatest())));
            if (!Boolean.TRUE.equals(page.isTruncated())) {
                return versions;
            }
            keyMarker = page.nextKeyMarker();
            versionMarker = page.nextVersionIdMarker();
        }
    }

    /**
     * Deletes, by version id, every version under {@code prefix} that {@code which} selects.
     * Returns how many were deleted; any key S3 refuses to delete fails the call (retry it).
     */
    public static int delete(S3Client s3, String bucket, String prefix, Predicate<Version> which) {
        return delete(s3, bucket, prefix, which, 1000, DELETE_BATCH);
    }

    static int delete(
            S3Client s3, String bucket, String prefix, Predicate<Version> which, int pageSize, int deleteBatch) {
        List<ObjectIdentifier> doomed = new ArrayList<>();
        for (Version version : list(s3, bucket, prefix, pageSize)) {
            if (which.test(version)) {
                doomed.add(ObjectIdentifier.builder()
                        .key(version.key())
                        .versionId(version.versionId())
                        .build());
            }
        }
        for (int from = 0; from < doomed.size(); from += deleteBatch) {
            List<ObjectIdentifier> batch = doomed.subList(from, Math.min(doomed.size(), from + deleteBatch));
            DeleteObjectsResponse response = s3.deleteObjects(
                    r -> r.bucket(bucket).delete(d -> d.objects(batch).quiet(true)));
            if (response.hasErrors() && !response.errors().isEmpty()) {
                throw new IllegalStateException(
                        "S3 refused to delete " + response.errors().size()
                                + " version(s) under s3://" + bucket + "/" + prefix + ", first: "
                                + response.errors().get(0).key() + " ("
                                + response.errors().get(0).code() + ")");
            }
        }
        return doomed.size();
    }
}
