package com.bluemarble.functions.app.economy;

import com.bluemarble.functions.adapter.spanner.SpannerSettings;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code bluemarble.spanner.*}: in Lambda from BLUEMARBLE_SPANNER_PROJECT_ID and friends.
 *
 * @param credentialsConfig a Google credential configuration of type {@code external_account} (JSON, not a secret:
 *     Workload Identity Federation exchanges the Lambda role's own AWS credentials for a short-lived Google token);
 *     empty = application-default credentials ({@code GOOGLE_APPLICATION_CREDENTIALS}), for hosts without federation
 */
@ConfigurationProperties("bluemarble.spanner")
public record SpannerProperties(
        String projectId,
        String instanceId,
        String databaseId,
        String emulatorHost,
        String credentialsConfig,
        Duration transactionTimeout,
        Duration readTimeout) {

    SpannerSettings settings() {
        return new SpannerSettings(projectId, instanceId, databaseId, emulatorHost, transactionTimeout, readTimeout);
    }
}
