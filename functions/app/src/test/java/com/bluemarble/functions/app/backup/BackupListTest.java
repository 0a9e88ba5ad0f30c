package com.bluemarble.functions.app.backup;

import static org.assertj.core.api.Assertions.assertThat;

import com.bluemarble.functions.app.FunctionsTestContext;
import com.bluemarble.functions.emulators.AwsEmulator;
import com.bluemarble.functions.emulators.Emulators;
import com.bluemarble.functions.emulators.Ports;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The backupList Lambda has the backups bucket and nothing else (no GCP credentials, no Spanner
 * coordinates): listing must not build a Spanner client. Here the Spanner emulator host points at a
 * closed port, where building a client fails at once, so any Spanner dependency of backupList shows.
 */
class BackupListTest {

    @Test
    void listingNeedsOnlyTheBackupsBucket() {
        String bucket = Emulators.aws()
                .provision("t" + UUID.randomUUID().toString().substring(0, 8))
                .bucket("bluemarble-backups");
        try (FunctionsTestContext app = FunctionsTestContext.start(Map.of(
                "bluemarble.spanner.emulator-host",
                "127.0.0.1:" + Ports.freePort(),
                "bluemarble.aws.endpoint-url",
                Emulators.aws().endpoint(),
                "bluemarble.aws.region",
                AwsEmulator.REGION.id(),
                "bluemarble.backups.bucket",
                bucket))) {
            FunctionsTestContext.Response listed = app.call("backupList", "{}");
            assertThat(listed.status()).as(listed.body()).isEqualTo(200);
            assertThat(listed.json().get("backups").isArray()).isTrue();
        }
    }
}
