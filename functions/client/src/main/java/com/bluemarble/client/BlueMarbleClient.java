package com.bluemarble.client;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A game service's client for the BlueMarble functions: one typed method per function, each a
 * {@code POST <endpoint>/<functionName>} of JSON.
 *
 * <ul>
 *   <li><b>Errors</b>: any non-2xx answer is a {@link BlueMarbleException} with the status and the
 *       contract's error code.
 *   <li><b>Retries</b> ({@link RetryPolicy}): 503, timeouts and connection errors, with jittered
 *       exponential backoff; never a 4xx. A retry sends the very same bytes, so the idempotency key
 *       ({@code grantId}, {@code tradeId}; made here once per call when the caller left it null)
 *       is the same and a retried trade can never apply twice.
 *   <li><b>SigV4</b>: on by default for {@code *.execute-api.<region>.amazonaws.com} endpoints
 *       (the IAM-authorized HTTP API), signed by the AWS SDK's signer with the default credentials
 *       chain; off for any other endpoint (the local {@code ./dev up}) unless {@link
 *       Builder#sigV4(String)} turns it on (a custom domain).
 * </ul>
 *
 * <p>Thread-safe; make one per endpoint and share it. Functions without a typed method yet (e.g.
 * economy v2's) are reachable through {@link #call(String, Object, Class)} with the same retries,
 * signing and errors.
 */
public final class BlueMarbleClient implements AutoCloseable {

    /** Lenient on answers (a newer server may add fields), omits nulls in requests (absent = default). */
    static final JsonMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .changeDefaultPropertyInclusion(inclusion -> inclusion.withValueInclusion(JsonInclude.Include.NON_NULL))
            .build();

    private final URI endpoint;
    private final HttpClient http;
    private final RetryPolicy retry;
    private final Duration requestTimeout;
    private final SigV4 signer;

    private BlueMarbleClient(Builder b) {
        String base = b.endpoint.toString();
        this.endpoint = URI.create(base.endsWith("/") ? base : base + "/");
        this.retry = b.retry;
        this.requestTimeout = b.requestTimeout;
        this.http = HttpClient.newBuilder()
                .connectTimeout(b.connectTimeout)
                // Plain http (local) stays HTTP/1.1: no h2c upgrade dance on every connection.
                .version(
                        "https".equalsIgnoreCase(endpoint.getScheme())
                                ? HttpClient.Version.HTTP_2
                                : HttpClient.Version.HTTP_1_1)
                .build();
        String region = b.sigV4Region;
        if (region == null && b.sigV4Auto) {
            region = SigV4.regionOfAwsEndpoint(endpoint);
        }
        this.signer = region == null
                ? null
                : new SigV4(
                        region,
                        b.credentials != null
                                ? b.credentials
                                : DefaultCredentialsProvider.builder().build(),
                        b.signingClock);
    }

    public static Builder builder(URI endpoint) {
        return new Builder(endpoint);
    }

    /** A client with the defaults for {@code endpoint} (e.g. {@code http://localhost:8080}). */
    public static BlueMarbleClient create(String endpoint) {
        return builder(URI.create(endpoint)).build();
    }

    /** The signing region, or null when requests are not signed. */
    public String signingRegion() {
        return signer == null ? null : signer.region();
    }

    // ---- Economy -------------------------------------------------------------------------

    public Economy.GrantAnswer grant(Economy.Grant grant) {
        return call("grant", grant.withKey(), Economy.GrantAnswer.class);
    }

    /** A 422 refusal (e.g. {@code INSUFFICIENT_FUNDS}) is a {@link BlueMarbleException} whose body has the tradeId. */
    public Economy.TradeAnswer trade(Economy.Trade trade) {
        return call("trade", trade.withKey(), Economy.TradeAnswer.class);
    }

    public Economy.PlayerEconomy playerEconomy(String playerId) {
        return playerEconomy(new Economy.PlayerEconomyRequest(playerId, null));
    }

    public Economy.PlayerEconomy playerEconomy(Economy.PlayerEconomyRequest request) {
        return call("playerEconomy", request, Economy.PlayerEconomy.class);
    }

    public Economy.Audit economyAudit() {
        return call("economyAudit", Map.of(), Economy.Audit.class);
    }

    // ---- Snapshots -----------------------------------------------------------------------

    public Snapshots.Accepted snapshotIngest(Snapshots.Snapshot snapshot) {
        return call("snapshotIngest", snapshot, Snapshots.Accepted.class);
    }

    /** One request of at most 500 snapshots (validated as a whole by the function). */
    public Snapshots.Accepted snapshotIngest(List<Snapshots.Snapshot> snapshots) {
        return call("snapshotIngest", new Snapshots.Batch(snapshots), Snapshots.Accepted.class);
    }

    /** 404 {@code UNKNOWN_PLAYER} when nothing is stored yet. */
    public Snapshots.Loaded snapshotLoad(String playerId) {
        return call("snapshotLoad", new Snapshots.LoadRequest(playerId), Snapshots.Loaded.class);
    }

    // ---- Leaderboards --------------------------------------------------------------------

    public Leaderboards.Submitted leaderboardSubmit(Leaderboards.Submit submit) {
        return call("leaderboardSubmit", submit, Leaderboards.Submitted.class);
    }

    /** At most 1,000 entries; validated as a whole (nothing applied on a 4xx); answers in the request's order. */
    public Leaderboards.SubmittedBatch leaderboardSubmit(List<Leaderboards.Submit> entries) {
        return call("leaderboardSubmit", new Leaderboards.SubmitBatch(entries), Leaderboards.SubmittedBatch.class);
    }

    public Leaderboards.Top leaderboardTop(Leaderboards.TopRequest request) {
        return call("leaderboardTop", request, Leaderboards.Top.class);
    }

    public Leaderboards.Rank leaderboardRank(Leaderboards.RankRequest request) {
        return call("leaderboardRank", request, Leaderboards.Rank.class);
    }

    // ---- Terrain -------------------------------------------------------------------------

    /** 409 {@code CHUNK_EXISTS}/{@code VERSION_CONFLICT} carry the current ETag: {@code e.detail("etag")}. */
    public Terrain.Stored terrainPut(Terrain.Put put) {
        return call("terrainPut", Terrain.PutBody.of(put), Terrain.Stored.class);
    }

    public Terrain.Chunk terrainGet(Terrain.Address address) {
        Terrain.ChunkBody body = call("terrainGet", address, Terrain.ChunkBody.class);
        return new Terrain.Chunk(Base64.getDecoder().decode(body.data()), body.etag());
    }

    public Terrain.Region terrainGetRegion(Terrain.RegionRequest request) {
        Terrain.RegionBody body = call("terrainGetRegion", request, Terrain.RegionBody.class);
        return new Terrain.Region(
                body.world(),
                body.lod(),
                body.chunks().stream()
                        .map(c -> new Terrain.RegionChunk(
                                c.x(), c.z(), Base64.getDecoder().decode(c.data()), c.etag()))
                        .toList());
    }

    // ---- Backups -------------------------------------------------------------------------

    /** Not idempotent: a retried create after a lost answer may leave one extra (complete) backup. */
    public Backups.Created backupCreate() {
        return call("backupCreate", Map.of(), Backups.Created.class);
    }

    public Backups.Restored backupRestore(String backupId, boolean force) {
        return call(
                "backupRestore",
                new Backups.RestoreRequest(backupId, force ? Boolean.TRUE : null),
                Backups.Restored.class);
    }

    public Backups.Listing backupList() {
        return call("backupList", Map.of(), Backups.Listing.class);
    }

    // ---- Any function ----------------------------------------------------------------------

    /**
     * Calls {@code function} with {@code request} (serialized once; every retry sends the same
     * bytes) and reads the answer as {@code answerType}. The extension point for functions without
     * a typed method: put the idempotency key in {@code request} before calling.
     */
    public <T> T call(String function, Object request, Class<T> answerType) {
        byte[] body = JSON.writeValueAsBytes(request);
        JsonNode answer = send(function, body);
        try {
            return JSON.treeToValue(answer, answerType);
        } catch (JacksonException e) {
            throw new BlueMarbleException(
                    function, 200, "UNEXPECTED_ANSWER", "answer not readable: " + e.getOriginalMessage(), answer, 1, e);
        }
    }

    /** A 2xx answer: its status (200, or 202 for snapshotIngest) and its JSON. */
    public record Response(int status, JsonNode body) {}

    /** Posts {@code body} to {@code function} with retries; the 2xx answer's JSON. */
    public JsonNode send(String function, byte[] body) {
        return exchange(function, body).body();
    }

    /**
     * Posts {@code body} (already JSON, idempotency key included) to {@code function} with the
     * client's retries and signing; the 2xx answer with its status, or a {@link BlueMarbleException}.
     */
    public Response exchange(String function, byte[] body) {
        URI uri = endpoint.resolve(function);
        long start = System.nanoTime();
        long totalNanos = retry.maxTotal().toNanos();
        for (int attempt = 1; ; attempt++) {
            BlueMarbleException failure;
            try {
                HttpResponse<byte[]> response =
                        http.send(request(uri, body, requestTimeout), HttpResponse.BodyHandlers.ofByteArray());
                int status = response.statusCode();
                if (status >= 200 && status < 300) {
                    return new Response(status, parse(response.body()));
                }
                failure = error(function, status, response.body(), attempt, null);
                if (status != 503) {
                    throw failure; // 4xx and any other status: never retried
                }
            } catch (HttpTimeoutException e) {
                failure = new BlueMarbleException(
                        function, 0, BlueMarbleException.TIMEOUT, e.getMessage(), null, attempt, e);
            } catch (IOException e) {
                failure = new BlueMarbleException(
                        function, 0, BlueMarbleException.CONNECTION_FAILED, String.valueOf(e), null, attempt, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BlueMarbleException(function, 0, "INTERRUPTED", "interrupted", null, attempt, e);
            }
            Duration delay = retry.delayBefore(attempt);
            long elapsed = System.nanoTime() - start;
            if (attempt >= retry.maxAttempts() || elapsed + delay.toNanos() >= totalNanos) {
                throw failure;
            }
            sleep(delay, function, attempt);
        }
    }

    private HttpRequest request(URI uri, byte[] body, Duration timeout) {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(uri).timeout(timeout).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        Map<String, String> headers = Map.of("Content-Type", "application/json");
        if (signer != null) {
            // Signed per attempt: the signature carries the attempt's time; the body (and key) never change.
            signer.headers(uri, headers, body).forEach((name, values) -> values.forEach(v -> request.header(name, v)));
        } else {
            headers.forEach(request::header);
        }
        return request.build();
    }

    private static JsonNode parse(byte[] body) {
        return body.length == 0 ? JSON.createObjectNode() : JSON.readTree(body);
    }

    private static BlueMarbleException error(String function, int status, byte[] body, int attempt, Throwable cause) {
        JsonNode json = null;
        try {
            json = body.length == 0 ? null : JSON.readTree(body);
        } catch (JacksonException e) {
            // not JSON (e.g. a proxy's HTML page): the status alone says what happened
        }
        String code =
                json != null && json.hasNonNull("error") && json.get("error").isString()
                        ? json.get("error").asString()
                        : "HTTP_" + status;
        String message =
                json != null && json.hasNonNull("message") ? json.get("message").asString() : null;
        return new BlueMarbleException(function, status, code, message, json, attempt, cause);
    }

    private static void sleep(Duration delay, String function, int attempt) {
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BlueMarbleException(
                    function, 0, "INTERRUPTED", "interrupted while backing off", null, attempt, e);
        }
    }

    @Override
    public void close() {
        // java.net.http.HttpClient is closeable only from Java 21; its threads end with the last reference.
    }

    public static final class Builder {
        private final URI endpoint;
        private RetryPolicy retry = RetryPolicy.defaults();
        private Duration requestTimeout = Duration.ofSeconds(15);
        private Duration connectTimeout = Duration.ofSeconds(3);
        private boolean sigV4Auto = true;
        private String sigV4Region;
        private AwsCredentialsProvider credentials;
        private Clock signingClock;

        private Builder(URI endpoint) {
            this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        }

        public Builder retryPolicy(RetryPolicy retry) {
            this.retry = Objects.requireNonNull(retry);
            return this;
        }

        /** Per attempt (default 15 s, above the functions' own 10 s store deadlines). */
        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = timeout;
            return this;
        }

        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = timeout;
            return this;
        }

        /** Sign every request with SigV4 for {@code region} (e.g. an HTTP API behind a custom domain). */
        public Builder sigV4(String region) {
            this.sigV4Region = Objects.requireNonNull(region);
            return this;
        }

        /** Never sign, even for an execute-api endpoint (e.g. an HTTP API without IAM authorization). */
        public Builder noSigV4() {
            this.sigV4Auto = false;
            this.sigV4Region = null;
            return this;
        }

        /** Credentials for SigV4 (default: the AWS SDK's default chain: env, profile, container, instance role). */
        public Builder credentials(AwsCredentialsProvider credentials) {
            this.credentials = credentials;
            return this;
        }

        /** For tests: the clock the signer stamps requests with. */
        Builder signingClock(Clock clock) {
            this.signingClock = clock;
            return this;
        }

        public BlueMarbleClient build() {
            return new BlueMarbleClient(this);
        }
    }
}
