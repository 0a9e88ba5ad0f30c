package com.bluemarble.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;

/**
 * What an IAM-authorized HTTP API receives: a capturing server stands in for API Gateway, and the
 * signature is checked by signing the captured request again with the SDK's signer at the same time.
 */
class SigV4Test {

    private static final Instant AT = Instant.parse("2026-11-29T03:00:00Z");

    @Test
    void signedRequestsCarryTheHeadersTheHttpApiExpects() throws Exception {
        Map<String, List<String>> captured = new ConcurrentHashMap<>();
        byte[][] body = new byte[1][];
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            exchange.getRequestHeaders().forEach((k, v) -> captured.put(k.toLowerCase(java.util.Locale.ROOT), v));
            body[0] = exchange.getRequestBody().readAllBytes();
            byte[] answer = "{\"ok\":true,\"players\":0,\"problems\":[]}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
        try {
            URI endpoint = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
            StaticCredentialsProvider credentials = StaticCredentialsProvider.create(
                    AwsSessionCredentials.create("AKIDEXAMPLE", "secret", "session-token"));
            BlueMarbleClient client = BlueMarbleClient.builder(endpoint)
                    .sigV4("eu-west-1")
                    .credentials(credentials)
                    .signingClock(Clock.fixed(AT, ZoneOffset.UTC))
                    .build();
            assertThat(client.signingRegion()).isEqualTo("eu-west-1");
            assertThat(client.economyAudit().ok()).isTrue();

            assertThat(captured.get("x-amz-date")).containsExactly("20261129T030000Z");
            assertThat(captured.get("x-amz-security-token")).containsExactly("session-token");
            String authorization = captured.get("authorization").get(0);
            assertThat(authorization)
                    .startsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261129/eu-west-1/execute-api/aws4_request, ")
                    .contains("SignedHeaders=")
                    .contains("host")
                    .contains("x-amz-date")
                    .contains("Signature=");

            // The same request signed by the SDK signer on its own gives the same signature.
            SdkHttpRequest.Builder again = SdkHttpRequest.builder()
                    .uri(endpoint.resolve("/economyAudit"))
                    .method(SdkHttpMethod.POST)
                    .putHeader("Content-Type", "application/json");
            String expected = AwsV4HttpSigner.create()
                    .sign(r -> r.identity(credentials.resolveCredentials())
                            .request(again.build())
                            .payload(ContentStreamProvider.fromByteArray(body[0]))
                            .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "execute-api")
                            .putProperty(AwsV4HttpSigner.REGION_NAME, "eu-west-1")
                            .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(AT, ZoneOffset.UTC)))
                    .request()
                    .firstMatchingHeader("Authorization")
                    .orElseThrow();
            assertThat(authorization).isEqualTo(expected);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void executeApiHostsAreSignedByDefaultAndOthersAreNot() {
        StaticCredentialsProvider credentials = StaticCredentialsProvider.create(
                software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create("a", "b"));
        assertThat(BlueMarbleClient.builder(URI.create("https://abc123.execute-api.ap-southeast-1.amazonaws.com"))
                        .credentials(credentials)
                        .build()
                        .signingRegion())
                .isEqualTo("ap-southeast-1");
        assertThat(BlueMarbleClient.builder(URI.create("https://abc123.execute-api.ap-southeast-1.amazonaws.com"))
                        .noSigV4()
                        .build()
                        .signingRegion())
                .isNull();
        assertThat(BlueMarbleClient.create("http://localhost:8080").signingRegion())
                .isNull();
        assertThat(BlueMarbleClient.builder(URI.create("https://games.example.com"))
                        .sigV4("us-east-1")
                        .credentials(credentials)
                        .build()
                        .signingRegion())
                .isEqualTo("us-east-1");
    }
}
