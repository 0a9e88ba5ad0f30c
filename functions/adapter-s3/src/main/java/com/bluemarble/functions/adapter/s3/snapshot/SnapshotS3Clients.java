package com.bluemarble.functions.adapter.s3.snapshot;

import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/** Builds S3 clients whose calls end within a bound, so an unreachable bucket is a prompt 503. */
public final class SnapshotS3Clients {

    private SnapshotS3Clients() {}

    /**
     * @param endpoint an emulator's URL (path-style addressing is used then), or null for AWS
     * @param credentials null for the default provider chain (the Lambda role in AWS)
     */
    public static S3Client create(
            URI endpoint, Region region, AwsCredentialsProvider credentials, Duration callTimeout) {
        S3ClientBuilder builder =
                S3Client.builder().region(region).overrideConfiguration(c -> c.apiCallTimeout(callTimeout));
        if (endpoint != null) {
            builder.endpointOverride(endpoint).forcePathStyle(true);
        }
        if (credentials != null) {
            builder.credentialsProvider(credentials);
        }
        return builder.build();
    }
}
