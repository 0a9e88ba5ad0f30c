package com.bluemarble.functions.aws;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.regions.Region;

/**
 * {@code bluemarble.aws.*}: how every AWS SDK client of the process is built. A null (unset)
 * value takes the default documented in {@code application.properties}.
 *
 * @param endpointUrl an endpoint for every service (an emulator such as moto or LocalStack, or a
 *     proxy); blank = each service's regional AWS endpoint
 * @param region the AWS region; blank = {@code AWS_REGION}, else us-east-1
 * @param callTimeout bound on one call, the SDK's retries included (default 10 s), so an
 *     unreachable store answers 503 promptly instead of hanging
 * @param attemptTimeout bound on one attempt of a call (default 3 s), so one stuck connection
 *     leaves time for a retry within the call timeout
 * @param retryMode the SDK's retry mode (default STANDARD: 3 attempts, jittered backoff)
 */
public record AwsClientSettings(
        String endpointUrl, String region, Duration callTimeout, Duration attemptTimeout, RetryMode retryMode) {

    public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_ATTEMPT_TIMEOUT = Duration.ofSeconds(3);
    public static final RetryMode DEFAULT_RETRY_MODE = RetryMode.STANDARD;
    public static final String DEFAULT_REGION = "us-east-1";

    public AwsClientSettings {
        endpointUrl = endpointUrl == null ? "" : endpointUrl.trim();
        if (region == null || region.isBlank()) {
            String fromEnvironment = System.getenv("AWS_REGION");
            region = fromEnvironment == null || fromEnvironment.isBlank() ? DEFAULT_REGION : fromEnvironment;
        }
        callTimeout = callTimeout == null ? DEFAULT_CALL_TIMEOUT : callTimeout;
        attemptTimeout = attemptTimeout == null ? DEFAULT_ATTEMPT_TIMEOUT : attemptTimeout;
        retryMode = retryMode == null ? DEFAULT_RETRY_MODE : retryMode;
        if (callTimeout.isNegative()
                || callTimeout.isZero()
                || attemptTimeout.isNegative()
                || attemptTimeout.isZero()) {
            throw new IllegalArgumentException("bluemarble.aws timeouts must be positive");
        }
    }

    /** Every default: AWS endpoints, {@code AWS_REGION}. */
    public static AwsClientSettings defaults() {
        return new AwsClientSettings(null, null, null, null, null);
    }

    /** An emulator (or any endpoint) at {@code endpoint}, in {@code region}, with the default timeouts. */
    public static AwsClientSettings endpoint(URI endpoint, Region region) {
        return new AwsClientSettings(endpoint.toString(), region.id(), null, null, null);
    }

    public Optional<URI> endpoint() {
        return endpointUrl.isEmpty() ? Optional.empty() : Optional.of(URI.create(endpointUrl));
    }

    public Region awsRegion() {
        return Region.of(region);
    }
}
