package com.bluemarble.functions.adapter.sqs;

import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.SqsClientBuilder;

/** Builds SQS clients whose calls end within a bound, so an unreachable queue is a prompt 503. */
public final class SqsClients {

    private SqsClients() {}

    /**
     * @param endpoint an emulator's URL, or null for the regional AWS endpoint
     * @param credentials null for the default provider chain (the Lambda role in AWS)
     * @param callTimeout bound on one call including the SDK's own retries; a poller's long poll
     *        must fit in it (use more than the wait time there)
     */
    public static SqsClient create(
            URI endpoint, Region region, AwsCredentialsProvider credentials, Duration callTimeout) {
        SqsClientBuilder builder =
                SqsClient.builder().region(region).overrideConfiguration(c -> c.apiCallTimeout(callTimeout));
        if (endpoint != null) {
            builder.endpointOverride(endpoint);
        }
        if (credentials != null) {
            builder.credentialsProvider(credentials);
        }
        return builder.build();
    }
}
