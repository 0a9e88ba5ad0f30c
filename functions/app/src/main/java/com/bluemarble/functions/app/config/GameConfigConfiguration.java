package com.bluemarble.functions.app.config;

import com.bluemarble.functions.adapter.s3.config.GameConfigJson;
import com.bluemarble.functions.adapter.s3.config.S3GameConfigSource;
import com.bluemarble.functions.app.economy.EconomyProperties;
import com.bluemarble.functions.aws.AwsClientConfigurer;
import com.bluemarble.functions.core.config.GameConfig;
import com.bluemarble.functions.core.config.GameConfigSource;
import com.bluemarble.functions.core.config.ReloadingGameConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The hot-reloaded game config; {@code EconomyConfiguration} derives the trade limits from it (it
 * is not a {@code Supplier} bean, which Spring Cloud Function would expose as a function). Loaded by
 * the first request that needs it, not at bean creation: a SnapStart snapshot must hold no S3
 * connection and no config that is stale after restore. Then re-checked by ETag at most every
 * {@code bluemarble.config.poll-interval}.
 */
@Configuration(proxyBeanMethods = false)
public class GameConfigConfiguration {

    @Bean(destroyMethod = "close")
    S3Client configS3(AwsClientConfigurer aws) {
        // Short: a config check runs inside a request (once per poll interval); after 2 s the
        // request goes on with the last good config and the next interval tries again.
        return aws.configure(S3Client.builder(), Duration.ofSeconds(2)).build();
    }

    @Bean
    ReloadingGameConfig gameConfig(
            GameConfigProperties properties,
            EconomyProperties economy,
            @Qualifier("configS3") ObjectProvider<S3Client> clients) {
        // Version 0: the deployment's rules until a document is loaded.
        GameConfig defaults =
                new GameConfig(0, economy.maxAssetsPerSide(), economy.maxUniqueInstancesPerRequest(), Set.of());
        GameConfigSource source;
        if (properties.bucket() == null || properties.bucket().isBlank()) {
            source = new GameConfigSource() {
                @Override
                public Fetch fetchIfChanged(String knownEtag) {
                    return new Missing();
                }

                @Override
                public String describe() {
                    return "(no bluemarble.config.bucket: the deployment's bluemarble.economy.* rules)";
                }
            };
        } else {
            S3Client s3 = clients.getObject(); // only built when a bucket is configured
            source = new S3GameConfigSource(s3, properties.bucket(), properties.key());
        }
        return new ReloadingGameConfig(
                source, GameConfigJson::parse, defaults, Clock.systemUTC(), properties.pollInterval());
    }
}
