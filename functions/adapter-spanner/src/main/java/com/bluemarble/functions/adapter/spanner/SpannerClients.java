package com.bluemarble.functions.adapter.spanner;

import com.google.auth.oauth2.GoogleCredentials;
import com.google.cloud.NoCredentials;
import com.google.cloud.spanner.DatabaseClient;
import com.google.cloud.spanner.DatabaseId;
import com.google.cloud.spanner.Spanner;
import com.google.cloud.spanner.SpannerOptions;

/** Builds the Spanner client once per process: it holds the gRPC channels and sessions, reused across invocations. */
public final class SpannerClients {
    private SpannerClients() {}

    /** @param credentials null for application-default credentials (ignored for the emulator) */
    public static Spanner open(SpannerSettings settings, GoogleCredentials credentials) {
        SpannerOptions.Builder options = SpannerOptions.newBuilder().setProjectId(settings.projectId());
        if (settings.isEmulator()) {
            options.setEmulatorHost(settings.emulatorHost()).setCredentials(NoCredentials.getInstance());
        } else if (credentials != null) {
            options.setCredentials(credentials);
        }
        return options.build().getService();
    }

    public static DatabaseClient database(Spanner spanner, SpannerSettings settings) {
        return spanner.getDatabaseClient(
                DatabaseId.of(settings.projectId(), settings.instanceId(), settings.databaseId()));
    }
}
