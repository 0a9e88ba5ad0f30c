package com.bluemarble.functions.adapter.s3.audit;

import com.bluemarble.functions.core.economy.audit.AuditReportStore;
import com.bluemarble.functions.core.error.DomainException;
import com.bluemarble.functions.core.error.ErrorCode;
import java.util.UUID;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Finished audit reports in the reports bucket, one object per audit: {@code audits/<auditId>.json}.
 * A plain PUT: a retry writes the same bytes again (an unchanged report), so it is idempotent.
 */
public final class S3AuditReportStore implements AuditReportStore {

    public static final String PREFIX = "audits/";

    private final S3Client s3;
    private final String bucket;

    public S3AuditReportStore(S3Client s3, String bucket) {
        this.s3 = s3;
        this.bucket = bucket;
    }

    public static String key(UUID auditId) {
        return PREFIX + auditId + ".json";
    }

    @Override
    public String put(UUID auditId, byte[] reportJson) {
        String key = key(auditId);
        try {
            s3.putObject(
                    r -> r.bucket(bucket).key(key).contentType("application/json"), RequestBody.fromBytes(reportJson));
        } catch (S3Exception e) {
            if (e.statusCode() < 500 && e.statusCode() != 429) {
                throw new DomainException(
                        ErrorCode.INTERNAL,
                        "Amazon S3 refused the audit report: " + e.statusCode() + " " + e.getMessage(),
                        e);
            }
            throw DomainException.unavailable("Amazon S3", e);
        } catch (SdkException e) {
            throw DomainException.unavailable("Amazon S3", e);
        }
        return key;
    }
}
