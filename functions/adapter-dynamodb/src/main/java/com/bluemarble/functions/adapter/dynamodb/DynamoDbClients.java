package com.bluemarble.functions.adapter.dynamodb;

import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;

/** Builds DynamoDB clients whose calls end within a bound, so an unreachable table is a prompt 503. */
public final class DynamoDbClients {

    private DynamoDbClients() {}

    /**
     * @param endpoint an emulator's URL, or null for the regional AWS endpoint
     * @param credentials null for the default provider chain (the Lambda role in AWS)
     * @param callTimeout bound on one call including the SDK's own retries
     */
    public static DynamoDbClient create(
            URI endpoint, Region region, AwsCredentialsProvider credentials, Duration callTimeout) {
        DynamoDbClientBuilder builder = DynamoDbClient.builder()
                .region(region)
                .overrideConfiguration(c -> c.apiCallTimeout(callTimeout).retryStrategy(RetryMode.STANDARD));
        if (endpoint != null) {
            builder.endpointOverride(endpoint);
        }
        if (credentials != null) {
            builder.credentialsProvider(credentials);
        }
        return builder.build();
    }
}
