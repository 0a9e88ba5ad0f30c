package com.bluemarble.functions.app.economy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.auth.oauth2.AwsCredentials;
import com.google.auth.oauth2.ExternalAccountCredentials;
import com.google.auth.oauth2.GoogleCredentials;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * Workload Identity Federation on the app side, offline: the credential configuration the Terraform outputs (and the
 * CDK app passes as BLUEMARBLE_SPANNER_CREDENTIALS_CONFIG) parses into AWS-sourced external-account credentials;
 * parsing makes no network call (tokens are fetched on first use).
 */
class SpannerCredentialsConfigTest {

    /** The shape of infra/terraform/spanner's credentials_config output. */
    static final String AWS_EXTERNAL_ACCOUNT = """
            {"type": "external_account",
             "audience": "//iam.googleapis.com/projects/123456789012/locations/global/workloadIdentityPools/bluemarble-aws/providers/aws-111111111111",
             "subject_token_type": "urn:ietf:params:aws:token-type:aws4_request",
             "service_account_impersonation_url": "https://iamcredentials.googleapis.com/v1/projects/-/serviceAccounts/bluemarble-functions@my-project.iam.gserviceaccount.com:generateAccessToken",
             "token_url": "https://sts.googleapis.com/v1/token",
             "credential_source": {
               "environment_id": "aws1",
               "region_url": "http://169.254.169.254/latest/meta-data/placement/availability-zone",
               "url": "http://169.254.169.254/latest/meta-data/iam/security-credentials",
               "regional_cred_verification_url": "https://sts.{region}.amazonaws.com?Action=GetCallerIdentity&Version=2011-06-15"}}
            """;

    private static SpannerProperties properties(String credentialsConfig, String emulatorHost) {
        return new SpannerProperties(
                "p", "i", "d", emulatorHost, credentialsConfig, Duration.ofSeconds(10), Duration.ofSeconds(5));
    }

    @Test
    void anAwsExternalAccountConfigurationBecomesFederatedCredentialsScopedToSpannerData() {
        GoogleCredentials credentials = EconomyConfiguration.credentials(properties(AWS_EXTERNAL_ACCOUNT, ""));

        assertThat(credentials).isInstanceOf(AwsCredentials.class);
        ExternalAccountCredentials federated = (ExternalAccountCredentials) credentials;
        assertThat(federated.getAudience())
                .endsWith("/workloadIdentityPools/bluemarble-aws/providers/aws-111111111111");
        assertThat(federated.getSubjectTokenType()).isEqualTo("urn:ietf:params:aws:token-type:aws4_request");
        assertThat(federated.getServiceAccountEmail())
                .isEqualTo("bluemarble-functions@my-project.iam.gserviceaccount.com");
        assertThat(federated.getScopes()).containsExactly(EconomyConfiguration.SPANNER_DATA_SCOPE);
    }

    @Test
    void withoutAConfigurationOrOnTheEmulatorTheClientUsesItsDefault() {
        assertThat(EconomyConfiguration.credentials(properties("", ""))).isNull();
        assertThat(EconomyConfiguration.credentials(properties(null, ""))).isNull();
        // The emulator needs no credentials, whatever is configured.
        assertThat(EconomyConfiguration.credentials(properties(AWS_EXTERNAL_ACCOUNT, "localhost:9010")))
                .isNull();
    }

    @Test
    void aServiceAccountKeyIsRefused() throws Exception {
        var generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        String pem = "-----BEGIN PRIVATE KEY-----\\n"
                + Base64.getEncoder()
                        .encodeToString(generator.generateKeyPair().getPrivate().getEncoded())
                + "\\n-----END PRIVATE KEY-----\\n";
        String key = "{\"type\": \"service_account\", \"project_id\": \"p\", \"private_key_id\": \"k1\","
                + " \"private_key\": \"" + pem + "\","
                + " \"client_email\": \"sa@p.iam.gserviceaccount.com\", \"client_id\": \"1\","
                + " \"token_uri\": \"https://oauth2.googleapis.com/token\"}";

        assertThatThrownBy(() -> EconomyConfiguration.credentials(properties(key, "")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("service-account key");
    }

    @Test
    void somethingElseIsAClearConfigurationError() {
        assertThatThrownBy(() -> EconomyConfiguration.credentials(properties("{\"type\": \"nonsense\"}", "")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("bluemarble.spanner.credentials-config is not a Google credential configuration");
        assertThatThrownBy(() -> EconomyConfiguration.credentials(properties("not json", "")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("bluemarble.spanner.credentials-config");
    }
}
