package com.bluemarble.functions.adapter.spanner;

import java.time.Duration;

/**
 * Where the economy database is and how long a call may take before it answers 503.
 *
 * @param emulatorHost {@code host:port} of a Cloud Spanner emulator, or null for Cloud Spanner
 * @param transactionTimeout bound on one read-write transaction including its abort retries
 * @param readTimeout bound on one read (holdings, audit)
 */
public record SpannerSettings(
        String projectId,
        String instanceId,
        String databaseId,
        String emulatorHost,
        Duration transactionTimeout,
        Duration readTimeout) {

    public boolean isEmulator() {
        return emulatorHost != null && !emulatorHost.isBlank();
    }
}
