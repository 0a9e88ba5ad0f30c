package com.bluemarble.functions.adapter.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One lettuce connection per Redis endpoint, opened on first use and reused by every invocation
 * (a Lambda container keeps it between invocations). Lettuce connections are thread-safe and
 * pipeline by nature: commands from concurrent calls go out back to back without waiting for
 * replies. While an endpoint is down its commands fail at once (REJECT_COMMANDS) instead of
 * queueing, and every command is bounded by the command timeout, so a dead shard answers 503
 * quickly; lettuce reconnects in the background.
 */
public final class RedisShardConnections implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RedisShardConnections.class);

    private final RedisClient client;
    private final String authToken;
    private final Map<URI, CompletableFuture<StatefulRedisConnection<String, String>>> connections =
            new ConcurrentHashMap<>();

    public RedisShardConnections(RedisLeaderboardSettings settings) {
        authToken = settings.authToken();
        client = RedisClient.create();
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .socketOptions(SocketOptions.builder()
                        .connectTimeout(settings.connectTimeout())
                        .keepAlive(true)
                        .build())
                .timeoutOptions(TimeoutOptions.enabled(settings.commandTimeout()))
                .build());
    }

    /** The endpoint's connection; a failed attempt is forgotten so the next call tries again. */
    CompletableFuture<StatefulRedisConnection<String, String>> connection(URI endpoint) {
        CompletableFuture<StatefulRedisConnection<String, String>> connection = connections.computeIfAbsent(
                endpoint,
                uri -> client.connectAsync(StringCodec.UTF8, redisUri(uri)).toCompletableFuture());
        connection.whenComplete((c, failure) -> {
            if (failure != null) {
                connections.remove(endpoint, connection);
            }
        });
        return connection;
    }

    /** {@code redis://} or {@code rediss://} (TLS, as ElastiCache with in-transit encryption); the token unless the URI has one. */
    private RedisURI redisUri(URI endpoint) {
        RedisURI uri = RedisURI.create(endpoint);
        if (authToken != null && !authToken.isEmpty() && endpoint.getUserInfo() == null) {
            uri.setAuthentication(authToken);
        }
        return uri;
    }

    @Override
    public void close() {
        connections.values().forEach(c -> c.thenAccept(StatefulRedisConnection::close));
        connections.clear();
        try {
            client.shutdown();
        } catch (RuntimeException e) {
            log.warn("closing the Redis client: {}", e.toString());
        }
    }
}
