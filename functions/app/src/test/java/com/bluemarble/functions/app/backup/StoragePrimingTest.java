package com.bluemarble.functions.app.backup;

import static org.assertj.core.api.Assertions.assertThat;

import com.bluemarble.functions.app.FunctionsTestContext;
import com.bluemarble.functions.app.FunctionsTestContext.Response;
import com.bluemarble.functions.emulators.AwsEmulator;
import com.bluemarble.functions.emulators.AwsResources;
import com.bluemarble.functions.emulators.Emulators;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * SnapStart priming sends every function {"snapStartPriming":true}: the terrain and backup functions
 * must refuse it (400) before they touch a store, so priming writes nothing.
 */
class StoragePrimingTest {

    @Test
    void thePrimingRequestIsRefusedBeforeAnyStoreIsTouched() {
        AwsResources resources =
                Emulators.aws().provision("t" + UUID.randomUUID().toString().substring(0, 8));
        try (FunctionsTestContext app = FunctionsTestContext.start(Map.of(
                        "bluemarble.aws.endpoint-url", Emulators.aws().endpoint(),
                        "bluemarble.aws.region", AwsEmulator.REGION.id(),
                        "bluemarble.terrain.bucket", resources.bucket("bluemarble-terrain"),
                        "bluemarble.backups.bucket", resources.bucket("bluemarble-backups")));
                S3Client s3 = AwsEmulator.clientsAt(Emulators.aws().endpoint())
                        .configure(S3Client.builder())
                        .build()) {
            for (String function : List.of(
                    "terrainPut", "terrainGet", "terrainGetRegion", "backupCreate", "backupRestore", "backupList")) {
                for (int i = 0; i < 20; i++) {
                    Response refused = app.call(function, "{\"snapStartPriming\":true}");
                    assertThat(refused.status()).as(function).isEqualTo(400);
                    assertThat(refused.json().get("error").asString()).isEqualTo("UNKNOWN_FIELD");
                }
            }
            for (String bucket : List.of("bluemarble-terrain", "bluemarble-backups")) {
                assertThat(s3.listObjectsV2(r -> r.bucket(resources.bucket(bucket)))
                                .contents())
                        .as(bucket)
                        .isEmpty();
            }
        }
    }
}
