package com.bluemarble.functions.app.economy;

import com.bluemarble.functions.adapter.spanner.SpannerClients;
import com.bluemarble.functions.adapter.spanner.SpannerEconomyStore;
import com.bluemarble.functions.aws.AwsClientConfigurer;
import com.bluemarble.functions.core.config.ReloadingGameConfig;
import com.bluemarble.functions.core.economy.EconomyService;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.cloud.spanner.Spanner;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/** The economy's wiring: one Spanner client per process, reused by every invocation. */
@Configuration(proxyBeanMethods = false)
public class EconomyConfiguration {

    @Bean(destroyMethod = "close")
    Spanner spanner(SpannerProperties properties, AwsClientConfigurer aws) {
        return SpannerClients.open(properties.settings(), credentials(properties, aws));
    }

    @Bean
    EconomyService economyService(
            Spanner spanner,
            SpannerProperties spannerProperties,
            EconomyProperties economyProperties,
            ReloadingGameConfig gameConfig) {
        var settings = spannerProperties.settings();
        Set<String> uniqueSkus =
                economyProperties.limits().uniqueSkus(); // fixed per deployment: they decide the storage model
        // The rules (caps, offers, recipes, market) come from the hot-reloaded game config
        // (defaults: bluemarble.economy.*).
        return new EconomyService(
                new SpannerEconomyStore(SpannerClients.database(spanner, settings), settings),
                () -> gameConfig.get().economyRules(uniqueSkus),
                java.time.Clock.systemUTC());
    }

    /** A GCP key kept in AWS Secrets Manager (never baked into the jar or the environment). */
    private static GoogleCredentials credentials(SpannerProperties properties, AwsClientConfigurer aws) {
        if (properties.settings().isEmulator()
                || properties.credentialsSecretArn() == null
                || properties.credentialsSecretArn().isBlank()) {
            return null;
        }
        try (SecretsManagerClient secrets =
                aws.configure(SecretsManagerClient.builder()).build()) {
            String json = secrets.getSecretValue(r -> r.secretId(properties.credentialsSecretArn()))
                    .secretString();
            return GoogleCredentials.fromStream(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)))
                    .createScoped("https://www.googleapis.com/auth/spanner.data");
        } catch (IOException e) {
            throw new IllegalStateException("the Spanner credentials secret is not a service-account key", e);
        }
    }
}
