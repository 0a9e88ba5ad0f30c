package com.bluemarble.functions.app.leaderboard;

import com.bluemarble.functions.adapter.redis.RedisLeaderboardSettings;
import com.bluemarble.functions.core.leaderboard.BoardConfig;
import com.bluemarble.functions.core.leaderboard.LeaderboardCatalog;
import com.bluemarble.functions.core.leaderboard.Region;
import com.bluemarble.functions.core.leaderboard.ResetSchedule;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code bluemarble.leaderboard.*}.
 *
 * @param boards the configured boards (name, reset NONE/DAILY/WEEKLY/MONTHLY in UTC, retention of past seasons)
 * @param endpoints region to Redis endpoint, one string so a Lambda environment variable can carry
 *                  it: {@code us-east-1=redis://host:6379,eu-west-1=redis://other:6379}
 *                  (BLUEMARBLE_LEADERBOARD_ENDPOINTS)
 * @param queryTimeout the 503 deadline of a query over several shards
 * @param authSecretArn Secrets Manager secret holding the Redis AUTH token (BLUEMARBLE_REDIS_AUTH_SECRET_ARN,
 *                      as the CDK service stack sets it); empty when the servers need no AUTH
 */
@ConfigurationProperties("bluemarble.leaderboard")
public record LeaderboardProperties(
        List<Board> boards,
        String endpoints,
        Duration connectTimeout,
        Duration commandTimeout,
        Duration queryTimeout,
        String authSecretArn,
        Archive archive) {

    public record Board(String name, ResetSchedule reset, Duration retention) {}

    /**
     * @param bucket S3 bucket of finished seasons: the backups bucket (versioned, replicated to another region), under {@code prefix}
     * @param closeGrace how long after a season's end submits still in flight may land before it is archived
     */
    public record Archive(String bucket, String prefix, Duration closeGrace) {}

    LeaderboardCatalog catalog() {
        return new LeaderboardCatalog(
                boards.stream()
                        .map(b -> BoardConfig.of(
                                b.name(), b.reset(), b.retention() == null ? Duration.ZERO : b.retention()))
                        .toList(),
                regionEndpoints().keySet());
    }

    RedisLeaderboardSettings redisSettings() {
        return new RedisLeaderboardSettings(regionEndpoints(), connectTimeout, commandTimeout, queryTimeout, null);
    }

    Map<Region, URI> regionEndpoints() {
        if (endpoints == null || endpoints.isBlank()) {
            throw new IllegalStateException(
                    "bluemarble.leaderboard.endpoints (BLUEMARBLE_LEADERBOARD_ENDPOINTS) is not set: "
                            + "name each region's Redis, e.g. us-east-1=redis://host:6379,eu-west-1=redis://other:6379");
        }
        Map<Region, URI> parsed = new LinkedHashMap<>();
        for (String pair : endpoints.split(",")) {
            String[] parts = pair.trim().split("=", 2);
            if (parts.length != 2) {
                throw new IllegalStateException(
                        "bluemarble.leaderboard.endpoints: expected region=redis://host:port, got '" + pair + "'");
            }
            parsed.put(Region.of(parts[0].trim()), URI.create(parts[1].trim()));
        }
        return parsed;
    }
}
