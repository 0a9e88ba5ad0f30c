package com.bluemarble.functions.adapter.s3.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.bluemarble.functions.core.error.DomainException;
import com.bluemarble.functions.emulators.AwsEmulator;
import com.bluemarble.functions.emulators.Emulators;
import com.bluemarble.functions.emulators.Ports;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/** The exports bucket on moto: encrypted puts, reads, and a pre-signed URL that a plain HTTP GET downloads. */
class S3ExportBucketTest {

    private static S3Client s3;
    private static S3Presigner presigner;
    private static String bucket;
    private static S3ExportBucket exports;

    @BeforeAll
    static void provision() {
        AwsEmulator aws = Emulators.aws();
        s3 = aws.clients().configure(S3Client.builder(), Duration.ofSeconds(10)).build();
        presigner = aws.clients().s3Presigner();
        bucket = "exports-" + UUID.randomUUID().toString().substring(0, 8);
        s3.createBucket(r -> r.bucket(bucket));
        exports = new S3ExportBucket(s3, presigner, bucket);
    }

    @AfterAll
    static void close() {
        s3.close();
        presigner.close();
    }

    @Test
    void aDocumentIsStoredEncryptedReadBackAndAMissingOneIsEmpty() {
        byte[] json = "{\"exportId\":\"e1\",\"name\":\"Zoë\"}".getBytes(StandardCharsets.UTF_8);
        exports.put("exports/e1.json", json);
        exports.put("exports/e1.json", json); // a retried step writes the same bytes

        assertThat(exports.get("exports/e1.json"))
                .hasValueSatisfying(read -> assertThat(read).isEqualTo(json));
        assertThat(s3.headObject(r -> r.bucket(bucket).key("exports/e1.json")).serverSideEncryption())
                .isEqualTo(ServerSideEncryption.AES256);
        assertThat(exports.get("exports/none.json")).isEmpty();
    }

    @Test
    void thePresignedUrlDownloadsTheBytesWithAPlainHttpGetAndWithoutItNothingIsServed() throws Exception {
        byte[] json = ("{\"exportId\":\"e2\",\"big\":\"" + "x".repeat(10_000) + "\"}").getBytes(StandardCharsets.UTF_8);
        exports.put("exports/e2.json", json);

        String url = exports.presignedGetUrl("exports/e2.json", Duration.ofMinutes(10));

        assertThat(url).contains("X-Amz-Signature=").contains("X-Amz-Expires=600");
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<byte[]> download = http.send(
                HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.body()).isEqualTo(json);
    }

    @Test
    void aValidityBeyondSevenDaysIsRefusedAndAnUnreachableBucketIsUnavailable() {
        assertThatThrownBy(() -> exports.presignedGetUrl("exports/e1.json", Duration.ofDays(8)))
                .isInstanceOf(IllegalArgumentException.class);
        URI nothingListens = URI.create("http://127.0.0.1:" + Ports.freePort());
        try (S3Client dead = AwsEmulator.clientsAt(nothingListens)
                .configure(S3Client.builder(), Duration.ofSeconds(2))
                .build()) {
            S3ExportBucket unreachable = new S3ExportBucket(dead, presigner, bucket);
            assertThatThrownBy(() -> unreachable.put("k", new byte[] {'{', '}'}))
                    .isInstanceOfSatisfying(
                            DomainException.class, e -> assertThat(e.code()).isEqualTo("STORE_UNAVAILABLE"));
            assertThatThrownBy(() -> unreachable.get("k"))
                    .isInstanceOfSatisfying(
                            DomainException.class, e -> assertThat(e.code()).isEqualTo("STORE_UNAVAILABLE"));
        }
    }
}
