package com.bluemarble.functions.app.economy;

import com.bluemarble.functions.adapter.spanner.SpannerSettings;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code bluemarble.spanner.*}: in Lambda from BLUEMARBLE_SPANNER_PROJECT_ID and friends.
 *
 * @param credentialsSecretArn Secrets Manager secret holding a GCP service-account key (JSON);
 *                             empty = application-default credentials
 */
@ConfigurationProperties("bluemarble.spanner")
public record SpannerProperties(
        String projectId,
        String instanceId,
        String databaseId,
        String emulatorHost,
        String credentialsSecretArn,
        Duration transactionTimeout,
        Duration readTimeout) {

    SpannerSettings settings() {
        return new SpannerSettings(projectId, instanceId, databaseId, emulatorHost, transactionTimeout, readTimeout);
    }
}
