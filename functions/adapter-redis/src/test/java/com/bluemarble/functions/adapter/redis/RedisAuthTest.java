package com.bluemarble.functions.adapter.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.bluemarble.functions.core.error.DomainException;
import com.bluemarble.functions.core.error.ErrorKind;
import com.bluemarble.functions.core.leaderboard.BoardName;
import com.bluemarble.functions.core.leaderboard.SeasonShard;
import com.bluemarble.functions.core.player.PlayerId;
import com.bluemarble.functions.emulators.RedisServers;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Servers that require AUTH (as ElastiCache with an AUTH token does): the token is used, a wrong one is 503. */
class RedisAuthTest {

    @Test
    void theAuthTokenOpensTheShardsAndAWrongOneIsUnavailable() {
        try (RedisServers servers = RedisServers.start(2)) {
            for (URI uri : servers.uris()) {
                RedisClient client = RedisClient.create(uri.toString());
                try (StatefulRedisConnection<String, String> redis = client.connect()) {
                    redis.sync().configSet("requirepass", "s3cret-token");
                } finally {
                    client.shutdown();
                }
            }
            SeasonShard shard = new SeasonShard(BoardName.of(TestShards.uniqueBoard("auth")), "all", TestShards.EU);
            RedisLeaderboardSettings settings = TestShards.settings(servers).withAuthToken("s3cret-token");
            assertThat(settings.toString()).doesNotContain("s3cret");
            try (RedisShardConnections connections = new RedisShardConnections(settings)) {
                RedisLeaderboardStore store = new RedisLeaderboardStore(connections, settings, Clock.systemUTC());
                assertThat(store.submit(shard, PlayerId.of("ana"), 5, Instant.now())
                                .improved())
                        .isTrue();
            }
            RedisLeaderboardSettings wrong = TestShards.settings(servers).withAuthToken("guess");
            try (RedisShardConnections connections = new RedisShardConnections(wrong)) {
                RedisLeaderboardStore store = new RedisLeaderboardStore(connections, wrong, Clock.systemUTC());
                assertThatThrownBy(() -> store.submit(shard, PlayerId.of("ana"), 6, Instant.now()))
                        .isInstanceOfSatisfying(
                                DomainException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.UNAVAILABLE));
            }
        }
    }
}
