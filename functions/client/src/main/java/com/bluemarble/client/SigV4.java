package com.bluemarble.client;

import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;

/**
 * Signs a request for an IAM-authorized API Gateway HTTP API with the AWS SDK's own SigV4 signer
 * (service {@code execute-api}); no hand-written signing. Credentials come from the provider on
 * every request (the SDK's providers cache and refresh them).
 */
final class SigV4 {

    static final String SERVICE = "execute-api";
    private static final Pattern EXECUTE_API_HOST =
            Pattern.compile("^[a-z0-9]+\\.execute-api\\.([a-z0-9-]+)\\.amazonaws\\.com(\\.cn)?$");

    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();
    private final String region;
    private final AwsCredentialsProvider credentials;
    private final Clock clock;

    SigV4(String region, AwsCredentialsProvider credentials, Clock clock) {
        this.region = region;
        this.credentials = credentials;
        this.clock = clock;
    }

    String region() {
        return region;
    }

    /** The region of an {@code <api-id>.execute-api.<region>.amazonaws.com} host, or null for any other host. */
    static String regionOfAwsEndpoint(URI endpoint) {
        String host = endpoint.getHost();
        if (host == null) {
            return null;
        }
        Matcher m = EXECUTE_API_HOST.matcher(host.toLowerCase(java.util.Locale.ROOT));
        return m.matches() ? m.group(1) : null;
    }

    /** The headers to add to a POST of {@code body} to {@code uri} (Host excluded: the HTTP client sets the same). */
    Map<String, List<String>> headers(URI uri, Map<String, String> headers, byte[] body) {
        SdkHttpRequest.Builder request = SdkHttpRequest.builder().uri(uri).method(SdkHttpMethod.POST);
        headers.forEach(request::putHeader);
        SignedRequest signed = signer.sign(r -> {
            r.identity(credentials.resolveCredentials())
                    .request(request.build())
                    .payload(ContentStreamProvider.fromByteArrayUnsafe(body))
                    .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, SERVICE)
                    .putProperty(AwsV4HttpSigner.REGION_NAME, region);
            if (clock != null) {
                r.putProperty(HttpSigner.SIGNING_CLOCK, clock);
            }
        });
        Map<String, List<String>> out =
                new java.util.LinkedHashMap<>(signed.request().headers());
        out.keySet().removeIf(name -> name.equalsIgnoreCase("host"));
        return out;
    }
}
