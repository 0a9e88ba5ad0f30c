package com.bluemarble.functions.adapter.redis;

import com.bluemarble.functions.core.leaderboard.Region;
import com.bluemarble.functions.emulators.RedisServers;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The contract's three regions on two redis-server processes, as the local stack runs them. */
final class TestShards {

    static final Region US = Region.of("us-east-1");
    static final Region EU = Region.of("eu-west-1");
    static final Region AP = Region.of("ap-southeast-1");
    static final List<Region> REGIONS = List.of(US, EU, AP);

    private TestShards() {}

    /** us-east-1 and ap-southeast-1 share server 0; eu-west-1 is alone on server 1. */
    static RedisLeaderboardSettings settings(RedisServers servers) {
        return RedisLeaderboardSettings.of(Map.of(
                US,
                servers.uris().get(0),
                EU,
                servers.uris().get(1),
                AP,
                servers.uris().get(0)));
    }

    /**
     * The same shards with generous timeouts, for tests of what the store returns rather than of its
     * deadlines (ShardOutageTest keeps the production ones): on a loaded machine a 17,000-entry read
     * may take longer than the 1 s command timeout, which would be a 503, not a wrong answer.
     */
    static RedisLeaderboardSettings patientSettings(RedisServers servers) {
        RedisLeaderboardSettings settings = settings(servers);
        return new RedisLeaderboardSettings(
                settings.endpoints(), Duration.ofSeconds(5), Duration.ofSeconds(20), Duration.ofSeconds(30), null);
    }

    /** Boards are named per test run, so test classes sharing the servers never see each other's keys. */
    static String uniqueBoard(String purpose) {
        return purpose + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
