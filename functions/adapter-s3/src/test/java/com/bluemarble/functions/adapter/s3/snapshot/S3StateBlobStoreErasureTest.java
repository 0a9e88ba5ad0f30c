package com.bluemarble.functions.adapter.s3.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import com.bluemarble.functions.adapter.s3.support.S3Versions;
import com.bluemarble.functions.core.player.PlayerId;
import com.bluemarble.functions.core.snapshot.StateBlobKeys;
import com.bluemarble.functions.emulators.AwsEmulator;
import com.bluemarble.functions.emulators.Emulators;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;

/** Erasing a player's claim-checked blobs in a versioned bucket: every version and delete marker goes. */
class S3StateBlobStoreErasureTest {

    private static S3Client s3;
    private static String bucket;
    private static S3StateBlobStore blobs;

    @BeforeAll
    static void provision() {
        AwsEmulator aws = Emulators.aws();
        bucket = aws.provision("s3e-" + UUID.randomUUID().toString().substring(0, 8))
                .bucket("bluemarble-snapshot-states");
        s3 = AwsEmulator.clientsAt(aws.endpoint())
                .configure(S3Client.builder(), Duration.ofSeconds(10))
                .build();
        // The snapshot-states bucket is not versioned by default: versioning makes overwrites and
        // deletes leave noncurrent versions, which an erasure must remove as well.
        s3.putBucketVersioning(
                r -> r.bucket(bucket).versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
        blobs = new S3StateBlobStore(s3, bucket);
    }

    @AfterAll
    static void close() {
        s3.close();
    }

    private static byte[] json(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void everyVersionAndDeleteMarkerOfThePlayerGoesAndNoOtherPlayersBlob() {
        PlayerId p1 = PlayerId.of("p1");
        PlayerId p10 = PlayerId.of("p10"); // "states/p1" is a prefix of "states/p10/...": the "/" keeps them apart
        blobs.put(StateBlobKeys.state(p1, 1), json("{\"v\":1}"));
        blobs.put(StateBlobKeys.state(p1, 1), json("{\"v\":1.1}")); // a noncurrent version
        blobs.put(StateBlobKeys.state(p1, 2), json("{\"v\":2}"));
        s3.deleteObject(r -> r.bucket(bucket).key(StateBlobKeys.state(p1, 2))); // a delete marker over v2
        blobs.put(StateBlobKeys.patch(p1, 3), json("{\"d\":3}"));
        blobs.put(StateBlobKeys.state(p10, 1), json("{\"other\":true}"));
        blobs.put(StateBlobKeys.patch(p10, 2), json("{\"other\":2}"));
        assertThat(S3Versions.list(s3, bucket, "states/p1/")).hasSize(4);

        int deleted = 0;
        for (String prefix : StateBlobKeys.prefixesOf(p1)) {
            deleted += blobs.deleteEveryVersion(prefix);
        }

        assertThat(deleted).isEqualTo(5);
        assertThat(S3Versions.list(s3, bucket, "states/p1/")).isEmpty();
        assertThat(S3Versions.list(s3, bucket, "patches/p1/")).isEmpty();
        assertThat(blobs.get(StateBlobKeys.state(p1, 1))).isEmpty();
        assertThat(blobs.get(StateBlobKeys.state(p10, 1)))
                .hasValueSatisfying(b -> assertThat(b).isEqualTo(json("{\"other\":true}")));
        assertThat(blobs.get(StateBlobKeys.patch(p10, 2))).isPresent();

        // Idempotent: nothing left, nothing deleted, the other player untouched.
        assertThat(blobs.deleteEveryVersion("states/p1/")).isZero();
        assertThat(S3Versions.list(s3, bucket, "states/p10/")).hasSize(1);
    }
}
