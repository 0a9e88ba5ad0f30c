package com.bluemarble.functions.aws;

import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.services.s3.S3BaseClientBuilder;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * The one way every AWS SDK client of the project is built (in the style of awspring's
 * {@code AwsClientBuilderConfigurer}): {@code configurer.configure(SqsClient.builder()).build()}.
 * Every client gets the region, the endpoint, the retry mode, a call and a per-attempt timeout,
 * and one credentials policy:
 *
 * <ul>
 *   <li>the SDK's default credentials chain (the Lambda role in AWS, a developer's profile);
 *   <li>only when an endpoint is set and that chain resolves nothing, the fixed keys
 *       {@code test}/{@code test}. An endpoint is not always an emulator (a VPC endpoint or a
 *       proxy in AWS needs the real role), so real credentials always win; an emulator accepts
 *       any key, so a fresh machine with no AWS setup still runs the local stack.
 * </ul>
 *
 * <p>On an endpoint, S3 clients address buckets by path: emulators serve {@code host/bucket}, not
 * {@code bucket.host}.
 */
public final class AwsClientConfigurer {

    /** The keys an emulator gets when nothing else is configured; they grant nothing in AWS. */
    public static final AwsBasicCredentials EMULATOR_CREDENTIALS = AwsBasicCredentials.create("test", "test");

    private final AwsClientSettings settings;
    private final AwsCredentialsProvider credentials;

    public AwsClientConfigurer(AwsClientSettings settings) {
        this.settings = settings;
        DefaultCredentialsProvider chain = DefaultCredentialsProvider.builder().build();
        this.credentials = settings.endpoint().isPresent()
                ? AwsCredentialsProviderChain.builder()
                        .credentialsProviders(chain, StaticCredentialsProvider.create(EMULATOR_CREDENTIALS))
                        .build()
                : chain;
    }

    public AwsClientSettings settings() {
        return settings;
    }

    /** The credentials every client gets (see the class comment). */
    public AwsCredentialsProvider credentials() {
        return credentials;
    }

    /**
     * An S3 presigner with the same region, credentials and endpoint as the S3 clients (on an
     * endpoint, path-style URLs, which an emulator serves). Close it when done.
     */
    public S3Presigner s3Presigner() {
        S3Presigner.Builder builder =
                S3Presigner.builder().region(settings.awsRegion()).credentialsProvider(credentials);
        settings.endpoint()
                .ifPresent(endpoint -> builder.endpointOverride(endpoint)
                        .serviceConfiguration(S3Configuration.builder()
                                .pathStyleAccessEnabled(true)
                                .build()));
        return builder.build();
    }

    /** The settings' call and attempt timeouts. */
    public <B extends AwsClientBuilder<B, ?>> B configure(B builder) {
        return configure(builder, settings.callTimeout(), settings.attemptTimeout());
    }

    /**
     * A client whose calls take longer or must end sooner than the default (a 60 s backup part, a
     * 2 s config poll); its attempt timeout is the settings' one, capped at the call timeout.
     */
    public <B extends AwsClientBuilder<B, ?>> B configure(B builder, Duration callTimeout) {
        Duration attempt =
                settings.attemptTimeout().compareTo(callTimeout) < 0 ? settings.attemptTimeout() : callTimeout;
        return configure(builder, callTimeout, attempt);
    }

    /** Both timeouts given: e.g. an SQS long poll, whose one attempt waits up to 20 s by design. */
    public <B extends AwsClientBuilder<B, ?>> B configure(B builder, Duration callTimeout, Duration attemptTimeout) {
        builder.region(settings.awsRegion())
                .credentialsProvider(credentials)
                .overrideConfiguration(c -> c.retryStrategy(settings.retryMode())
                        .apiCallTimeout(callTimeout)
                        .apiCallAttemptTimeout(attemptTimeout));
        settings.endpoint().ifPresent(endpoint -> {
            builder.endpointOverride(endpoint);
            if (builder instanceof S3BaseClientBuilder<?, ?> s3) {
                s3.forcePathStyle(true);
            }
        });
        return builder;
    }
}
