package com.bluemarble.functions.adapter.s3;

import com.bluemarble.functions.emulators.AwsEmulator;
import com.bluemarble.functions.emulators.AwsResources;
import com.bluemarble.functions.emulators.Emulators;
import java.net.URI;
import java.time.Duration;
import java.util.UUID;
import software.amazon.awssdk.services.s3.S3Client;

/** S3 clients for this module's tests: the shared emulator, a fresh namespace per test class. */
public final class S3Clients {
    private S3Clients() {}

    public static S3Client emulator() {
        return to(Emulators.aws().endpoint());
    }

    public static S3Client to(URI endpoint) {
        return AwsEmulator.clientsAt(endpoint)
                .configure(S3Client.builder(), Duration.ofSeconds(5), Duration.ofSeconds(2))
                .build();
    }

    public static AwsResources provisionFresh() {
        return Emulators.aws().provision("t" + UUID.randomUUID().toString().substring(0, 8));
    }
}
