package com.bluemarble.functions.adapter.redis;

import com.bluemarble.functions.core.leaderboard.Region;
import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * Where each region's shard lives and how long a call may take before it answers 503.
 *
 * @param endpoints region to Redis endpoint ({@code redis://host:port}); regions may share one
 *                  endpoint (locally), in AWS each region has its own ElastiCache
 * @param connectTimeout bound on opening a connection to an endpoint
 * @param commandTimeout bound on one command (lettuce fails it after this)
 * @param queryTimeout bound on a whole fan-out over several shards: the 503 deadline
 * @param authToken Redis AUTH token (ElastiCache keeps it in Secrets Manager) for endpoints whose
 *                  URI names no password; null when the servers need none
 */
public record RedisLeaderboardSettings(
        Map<Region, URI> endpoints,
        Duration connectTimeout,
        Duration commandTimeout,
        Duration queryTimeout,
        String authToken) {

    public RedisLeaderboardSettings {
        endpoints = Map.copyOf(endpoints);
    }

    public static RedisLeaderboardSettings of(Map<Region, URI> endpoints) {
        return new RedisLeaderboardSettings(
                endpoints, Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(1500), null);
    }

    public RedisLeaderboardSettings withAuthToken(String token) {
        return new RedisLeaderboardSettings(endpoints, connectTimeout, commandTimeout, queryTimeout, token);
    }

    @Override
    public String toString() { // never log the token
        return "RedisLeaderboardSettings[endpoints=" + endpoints + ", connectTimeout=" + connectTimeout
                + ", commandTimeout=" + commandTimeout + ", queryTimeout=" + queryTimeout + ", authToken="
                + (authToken == null ? "none" : "***") + "]";
    }
}
