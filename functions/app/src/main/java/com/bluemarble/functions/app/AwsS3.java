package com.bluemarble.functions.app;

import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Builds every S3 client of the app (terrain, backups, config, leaderboard archive) from {@code bluemarble.aws.endpoint-url}
 * (empty = the SDK's default endpoint; set = an emulator or endpoint, path-style, with dummy
 * credentials when the default chain has none) and {@code bluemarble.aws.region}. Calls are bounded
 * (attempt 3 s, whole call with retries 10 s) so an unreachable S3 answers 503 instead of hanging.
 */
public final class AwsS3 {
    private AwsS3() {}

    public static S3Client client(String endpointUrl, String region, Duration callTimeout) {
        var builder = S3Client.builder()
                .region(Region.of(region))
                .overrideConfiguration(c -> c.apiCallTimeout(callTimeout).apiCallAttemptTimeout(Duration.ofSeconds(3)));
        if (endpointUrl != null && !endpointUrl.isBlank()) {
            // Emulators (moto, LocalStack) serve buckets by path, not by virtual host.
            // Emulators accept any key; the default chain still comes first, so real credentials win.
            builder.endpointOverride(URI.create(endpointUrl))
                    .forcePathStyle(true)
                    .credentialsProvider(AwsCredentialsProviderChain.of(
                            DefaultCredentialsProvider.builder().build(),
                            StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"))));
        }
        return builder.build();
    }
}
