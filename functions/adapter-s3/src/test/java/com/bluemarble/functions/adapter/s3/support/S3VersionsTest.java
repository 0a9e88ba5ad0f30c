package com.bluemarble.functions.adapter.s3.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.bluemarble.functions.emulators.AwsEmulator;
import com.bluemarble.functions.emulators.Emulators;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** Listing and deleting versions across pages and DeleteObjects batches (small ones, so the test stays quick). */
class S3VersionsTest {

    @Test
    void versionsOverSeveralListingPagesAndDeleteBatchesAreAllDeletedAndOnlyThoseSelected() {
        AwsEmulator aws = Emulators.aws();
        String bucket = aws.provision("s3v-" + UUID.randomUUID().toString().substring(0, 8))
                .bucket("bluemarble-backups"); // versioned
        try (S3Client s3 = AwsEmulator.clientsAt(aws.endpoint())
                .configure(S3Client.builder(), Duration.ofSeconds(10))
                .build()) {
            for (int v = 0; v < 23; v++) {
                String body = "v" + v;
                s3.putObject(r -> r.bucket(bucket).key("p/k" + (body.length() % 2)), RequestBody.fromString(body));
            }
            s3.putObject(r -> r.bucket(bucket).key("p/keep"), RequestBody.fromString("keep"));
            s3.deleteObject(r -> r.bucket(bucket).key("p/k0")); // a delete marker
            assertThat(S3Versions.list(s3, bucket, "p/", 5)).hasSize(25);

            int deleted = S3Versions.delete(s3, bucket, "p/", v -> !v.key().equals("p/keep"), 5, 4);

            assertThat(deleted).isEqualTo(24);
            assertThat(S3Versions.list(s3, bucket, "p/", 5))
                    .singleElement()
                    .satisfies(v -> assertThat(v.key()).isEqualTo("p/keep"));
            assertThat(S3Versions.delete(s3, bucket, "p/k0", v -> true)).isZero(); // nothing left under it
        }
    }
}
