package com.bluemarble.functions.core.economy.audit;

import java.util.UUID;

/**
 * Where a finished partitioned audit's report is kept (an S3 bucket in production). A put of the
 * same audit again writes the same bytes (the report of recorded partials never changes), so a
 * retried finish is harmless.
 */
public interface AuditReportStore {

    /** Stores the report's JSON; returns the key (e.g. {@code audits/<auditId>.json}). */
    String put(UUID auditId, byte[] reportJson);
}
