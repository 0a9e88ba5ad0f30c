package com.bluemarble.functions.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.AwsClient;
import software.amazon.awssdk.awscore.AwsServiceClientConfiguration;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.StandardRetryStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/** Every client built through the configurer gets the same retry mode, timeouts and credentials policy. */
class AwsClientConfigurerTest {

    private static final URI EMULATOR = URI.create("http://127.0.0.1:4566");

    /** Every kind of SDK client the project builds, each through the configurer. */
    private static final List<Function<AwsClientConfigurer, AwsClient>> CLIENTS = List.of(
            c -> c.configure(SqsClient.builder()).build(),
            c -> c.configure(DynamoDbClient.builder()).build(),
            c -> c.configure(S3Client.builder()).build(),
            c -> c.configure(SecretsManagerClient.builder()).build());

    @BeforeEach
    void noInstanceMetadataLookups() {
        // Keeps "nothing resolvable" quick on a machine that is not in AWS.
        System.setProperty("aws.disableEc2Metadata", "true");
    }

    @AfterEach
    void clearProperties() {
        System.clearProperty("aws.disableEc2Metadata");
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
    }

    @Test
    void everyClientGetsTheRetryModeTimeoutsRegionEndpointAndCredentials() {
        AwsClientConfigurer configurer = new AwsClientConfigurer(new AwsClientSettings(
                EMULATOR.toString(), "eu-west-1", Duration.ofSeconds(7), Duration.ofSeconds(2), RetryMode.STANDARD));
        assertEveryClient(configurer, Duration.ofSeconds(7), Duration.ofSeconds(2), Region.EU_WEST_1, EMULATOR);
    }

    @Test
    void defaultsAreStandardRetriesTenSecondCallsAndThreeSecondAttempts() {
        AwsClientSettings defaults = new AwsClientSettings("", "us-east-1", null, null, null);
        assertThat(defaults.retryMode()).isEqualTo(RetryMode.STANDARD);
        assertEveryClient(
                new AwsClientConfigurer(defaults),
                Duration.ofSeconds(10),
                Duration.ofSeconds(3),
                Region.US_EAST_1,
                null);
    }

    private static void assertEveryClient(
            AwsClientConfigurer configurer, Duration call, Duration attempt, Region region, URI endpoint) {
        for (var build : CLIENTS) {
            try (AwsClient client = build.apply(configurer)) {
                String name = client.serviceName();
                var config = (AwsServiceClientConfiguration) client.serviceClientConfiguration();
                ClientOverrideConfiguration override = config.overrideConfiguration();
                // RetryMode.STANDARD resolves to the SDK's StandardRetryStrategy (LEGACY and ADAPTIVE do not).
                assertThat(override.retryStrategy()).as(name).get().isInstanceOf(StandardRetryStrategy.class);
                assertThat(override.apiCallTimeout()).as(name).contains(call);
                assertThat(override.apiCallAttemptTimeout()).as(name).contains(attempt);
                assertThat(config.region()).as(name).isEqualTo(region);
                assertThat(config.endpointOverride()).as(name).isEqualTo(Optional.ofNullable(endpoint));
                assertThat(config.credentialsProvider()).as(name).isSameAs(configurer.credentials());
            }
        }
    }

    @Test
    void aShorterCallTimeoutCapsTheAttemptTimeout() {
        AwsClientConfigurer configurer =
                new AwsClientConfigurer(AwsClientSettings.endpoint(EMULATOR, Region.US_EAST_1));
        try (SqsClient quick = configurer
                        .configure(SqsClient.builder(), Duration.ofSeconds(2))
                        .build();
                SqsClient slow = configurer
                        .configure(SqsClient.builder(), Duration.ofSeconds(60))
                        .build();
                SqsClient longPoll = configurer
                        .configure(SqsClient.builder(), Duration.ofSeconds(30), Duration.ofSeconds(25))
                        .build()) {
            assertThat(quick.serviceClientConfiguration()
                            .overrideConfiguration()
                            .apiCallAttemptTimeout())
                    .contains(Duration.ofSeconds(2));
            assertThat(slow.serviceClientConfiguration().overrideConfiguration().apiCallAttemptTimeout())
                    .contains(Duration.ofSeconds(3));
            assertThat(longPoll.serviceClientConfiguration()
                            .overrideConfiguration()
                            .apiCallAttemptTimeout())
                    .contains(Duration.ofSeconds(25));
            assertThat(longPoll.serviceClientConfiguration()
                            .overrideConfiguration()
                            .retryStrategy())
                    .get()
                    .isInstanceOf(StandardRetryStrategy.class);
        }
    }

    @Test
    void withoutAnEndpointOnlyTheDefaultChainIsUsed() {
        AwsClientConfigurer configurer = new AwsClientConfigurer(AwsClientSettings.defaults());
        assertThat(configurer.credentials()).isInstanceOf(DefaultCredentialsProvider.class);
    }

    @Test
    void onAnEndpointRealCredentialsWin() {
        System.setProperty("aws.accessKeyId", "AKIAREALKEY");
        System.setProperty("aws.secretAccessKey", "real-secret");
        AwsCredentials resolved = new AwsClientConfigurer(AwsClientSettings.endpoint(EMULATOR, Region.US_EAST_1))
                .credentials()
                .resolveCredentials();
        assertThat(resolved.accessKeyId()).isEqualTo("AKIAREALKEY");
    }

    @Test
    void onAnEndpointWithNothingResolvableTheEmulatorKeysAreUsed() {
        assumeTrue(
                System.getenv("AWS_ACCESS_KEY_ID") == null
                        && System.getenv("AWS_PROFILE") == null
                        && System.getenv("AWS_CONTAINER_CREDENTIALS_FULL_URI") == null
                        && System.getenv("AWS_WEB_IDENTITY_TOKEN_FILE") == null,
                "this machine has AWS credentials configured");
        AwsCredentials resolved = new AwsClientConfigurer(AwsClientSettings.endpoint(EMULATOR, Region.US_EAST_1))
                .credentials()
                .resolveCredentials();
        assertThat(resolved.accessKeyId()).isEqualTo("test");
        assertThat(resolved.secretAccessKey()).isEqualTo("test");
    }
}
