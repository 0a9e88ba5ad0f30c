package com.bluemarble.functions.app.economy;

import com.bluemarble.functions.adapter.spanner.SpannerClients;
import com.bluemarble.functions.adapter.spanner.SpannerEconomyStore;
import com.bluemarble.functions.adapter.spanner.SpannerErasureLog;
import com.bluemarble.functions.adapter.spanner.SpannerExportLog;
import com.bluemarble.functions.core.config.ReloadingGameConfig;
import com.bluemarble.functions.core.economy.EconomyDataRights;
import com.bluemarble.functions.core.economy.EconomyService;
import com.bluemarble.functions.core.privacy.ErasureLog;
import com.bluemarble.functions.core.privacy.ErasureSaga;
import com.bluemarble.functions.core.privacy.ExportJob;
import com.bluemarble.functions.core.privacy.ExportLog;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.auth.oauth2.ServiceAccountCredentials;
import com.google.cloud.spanner.Spanner;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The economy's wiring: one Spanner client per process, reused by every invocation. */
@Configuration(proxyBeanMethods = false)
public class EconomyConfiguration {

    @Bean(destroyMethod = "close")
    Spanner spanner(SpannerProperties properties) {
        return SpannerClients.open(properties.settings(), credentials(properties));
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

    /** The economy's part of a player's data rights: the erasure and export sagas' store {@code economy}. */
    @Bean
    EconomyDataRights economyDataRights(EconomyService economyService) {
        return new EconomyDataRights(economyService);
    }

    /** Erasures and their progress, in Spanner tables no backup holds (docs/data-rights.md); also what restores re-apply. */
    @Bean
    ErasureLog erasureLog(Spanner spanner, SpannerProperties spannerProperties) {
        var settings = spannerProperties.settings();
        return new SpannerErasureLog(SpannerClients.database(spanner, settings), settings, ErasureSaga.STEPS);
    }

    @Bean
    ExportLog exportLog(Spanner spanner, SpannerProperties spannerProperties) {
        var settings = spannerProperties.settings();
        return new SpannerExportLog(SpannerClients.database(spanner, settings), settings, ExportJob.STEPS);
    }

    static final String SPANNER_DATA_SCOPE = "https://www.googleapis.com/auth/spanner.data";

    /**
     * Workload Identity Federation: {@code bluemarble.spanner.credentials-config} is an {@code external_account}
     * configuration (infra/README.md, "Spanner credentials"), which the Google auth library turns into short-lived
     * tokens from the process's AWS credentials. A service-account key there is refused: keys belong nowhere in the
     * deployment. Empty (or the emulator): null, i.e. application-default credentials, which is where a key file
     * ({@code GOOGLE_APPLICATION_CREDENTIALS}) still works on a host that cannot federate.
     */
    static GoogleCredentials credentials(SpannerProperties properties) {
        String config = properties.credentialsConfig();
        if (properties.settings().isEmulator() || config == null || config.isBlank()) {
            return null;
        }
        GoogleCredentials credentials;
        try {
            credentials =
                    GoogleCredentials.fromStream(new ByteArrayInputStream(config.getBytes(StandardCharsets.UTF_8)));
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException(
                    "bluemarble.spanner.credentials-config is not a Google credential configuration: " + e.getMessage(),
                    e);
        }
        if (credentials instanceof ServiceAccountCredentials) {
            throw new IllegalStateException("bluemarble.spanner.credentials-config holds a service-account key; give it"
                    + " the external_account configuration of Workload Identity Federation (or, on a host that cannot"
                    + " federate, point GOOGLE_APPLICATION_CREDENTIALS at the key file)");
        }
        return credentials.createScoped(SPANNER_DATA_SCOPE);
    }
}
