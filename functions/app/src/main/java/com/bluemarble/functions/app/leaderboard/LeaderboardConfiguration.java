package com.bluemarble.functions.app.leaderboard;

import com.bluemarble.functions.adapter.redis.RedisLeaderboardSettings;
import com.bluemarble.functions.adapter.redis.RedisLeaderboardStore;
import com.bluemarble.functions.adapter.redis.RedisShardConnections;
import com.bluemarble.functions.adapter.s3.leaderboard.S3SeasonArchive;
import com.bluemarble.functions.aws.AwsClientConfigurer;
import com.bluemarble.functions.core.leaderboard.LeaderboardCatalog;
import com.bluemarble.functions.core.leaderboard.LeaderboardPlayerData;
import com.bluemarble.functions.core.leaderboard.LeaderboardService;
import com.bluemarble.functions.core.leaderboard.SeasonArchiver;
import java.time.Clock;
import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/** The leaderboards' wiring: one Redis connection per endpoint per process, reused by every invocation. */
@Configuration(proxyBeanMethods = false)
public class LeaderboardConfiguration {

    @Bean
    Clock leaderboardClock() {
        return Clock.systemUTC();
    }

    @Bean
    LeaderboardCatalog leaderboardCatalog(LeaderboardProperties properties) {
        return properties.catalog();
    }

    @Bean
    RedisLeaderboardSettings leaderboardRedisSettings(LeaderboardProperties properties, AwsClientConfigurer aws) {
        RedisLeaderboardSettings settings = properties.redisSettings();
        String secretArn = properties.authSecretArn();
        if (secretArn == null || secretArn.isBlank()) {
            return settings;
        }
        // The AUTH token is read once per process from Secrets Manager, never from the environment.
        try (SecretsManagerClient secrets =
                aws.configure(SecretsManagerClient.builder()).build()) {
            return settings.withAuthToken(
                    secrets.getSecretValue(r -> r.secretId(secretArn)).secretString());
        }
    }

    @Bean(destroyMethod = "close")
    RedisShardConnections leaderboardConnections(RedisLeaderboardSettings settings) {
        return new RedisShardConnections(settings);
    }

    @Bean
    RedisLeaderboardStore leaderboardStore(
            RedisShardConnections connections, RedisLeaderboardSettings settings, Clock leaderboardClock) {
        return new RedisLeaderboardStore(connections, settings, leaderboardClock);
    }

    @Bean
    LeaderboardService leaderboardService(
            LeaderboardCatalog catalog, RedisLeaderboardStore store, Clock leaderboardClock) {
        return new LeaderboardService(catalog, store, leaderboardClock);
    }

    /** The same S3 client settings as every area (bluemarble.aws.*); a season file is large, hence the long bound. */
    @Bean(destroyMethod = "close")
    S3Client leaderboardArchiveS3(AwsClientConfigurer aws) {
        return aws.configure(S3Client.builder(), Duration.ofSeconds(60)).build();
    }

    @Bean
    S3SeasonArchive seasonArchive(S3Client leaderboardArchiveS3, LeaderboardProperties properties) {
        LeaderboardProperties.Archive archive = properties.archive();
        return new S3SeasonArchive(leaderboardArchiveS3, archive.bucket(), archive.prefix());
    }

    @Bean
    SeasonArchiver seasonArchiver(
            LeaderboardCatalog catalog,
            RedisLeaderboardStore store,
            S3SeasonArchive seasonArchive,
            LeaderboardProperties properties,
            Clock leaderboardClock) {
        return new SeasonArchiver(
                catalog,
                store,
                seasonArchive,
                leaderboardClock,
                properties.archive().closeGrace());
    }

    /** The leaderboards' part of a player's data rights (the erasure and export sagas' store {@code leaderboards}). */
    @Bean
    LeaderboardPlayerData leaderboardPlayerData(
            LeaderboardCatalog catalog,
            RedisLeaderboardStore store,
            S3SeasonArchive seasonArchive,
            Clock leaderboardClock) {
        return new LeaderboardPlayerData(catalog, store, seasonArchive, leaderboardClock);
    }
}
