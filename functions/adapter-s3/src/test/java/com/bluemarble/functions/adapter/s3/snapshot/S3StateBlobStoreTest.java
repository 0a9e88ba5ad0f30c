package com.bluemarble.functions.adapter.s3.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.bluemarble.functions.core.error.DomainException;
import com.bluemarble.functions.core.error.ErrorKind;
import com.bluemarble.functions.emulators.AwsEmulator;
import com.bluemarble.functions.emulators.Emulators;
import com.bluemarble.functions.emulators.Ports;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/** Claim-checked states on the real S3 API (moto or LocalStack). */
class S3StateBlobStoreTest {

    private static S3Client s3;
    private static S3StateBlobStore blobs;

    @BeforeAll
    static void provision() {
        AwsEmulator aws = Emulators.aws();
        String bucket = aws.provision("s3s-" + UUID.randomUUID().toString().substring(0, 8))
                .bucket("bluemarble-snapshot-states");
        s3 = AwsEmulator.clientsAt(aws.endpoint())
                .configure(S3Client.builder(), Duration.ofSeconds(10))
                .build();
        blobs = new S3StateBlobStore(s3, bucket);
    }

    @AfterAll
    static void close() {
        s3.close();
    }

    @Test
    void storesAndReadsBackTheExactBytesAndAMissingKeyIsEmpty() {
        byte[] json = ("{\"big\":\"" + "z".repeat(300_000) + "\"}").getBytes(StandardCharsets.UTF_8);
        blobs.put("states/p-1/7.json", json);

        assertThat(blobs.get("states/p-1/7.json"))
                .hasValueSatisfying(read -> assertThat(read).isEqualTo(json));
        assertThat(blobs.get("states/p-1/8.json")).isEmpty();
    }

    @Test
    void anUnreachableBucketIsUnavailable() {
        URI nothingListens = URI.create("http://127.0.0.1:" + Ports.freePort());
        try (S3Client dead = AwsEmulator.clientsAt(nothingListens)
                .configure(S3Client.builder(), Duration.ofSeconds(2))
                .build()) {
            S3StateBlobStore unreachable = new S3StateBlobStore(dead, "bluemarble-snapshot-states");
            assertThatThrownBy(() -> unreachable.put("k", new byte[] {'{', '}'}))
                    .isInstanceOfSatisfying(
                            DomainException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.UNAVAILABLE));
            assertThatThrownBy(() -> unreachable.get("k"))
                    .isInstanceOfSatisfying(
                            DomainException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.UNAVAILABLE));
        }
    }
}
