package com.bluemarble.functions.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.bluemarble.functions.aws.AwsClientSettings;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertiesPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.support.PropertiesLoaderUtils;
import software.amazon.awssdk.core.retry.RetryMode;

/** bluemarble.aws.* binds into the one settings record, with application.properties' defaults. */
class AwsConfigurationTest {

    private static StandardEnvironment environment(Map<String, Object> overrides) throws IOException {
        Properties defaults = PropertiesLoaderUtils.loadProperties(new ClassPathResource("application.properties"));
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addLast(new PropertiesPropertySource("application.properties", defaults));
        environment.getPropertySources().addFirst(new MapPropertySource("overrides", overrides));
        return environment;
    }

    @Test
    void theDocumentedDefaults() throws IOException {
        AwsClientSettings settings = new AwsConfiguration().awsClientSettings(environment(Map.of()));
        assertThat(settings.endpoint()).isEmpty();
        assertThat(settings.callTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(settings.attemptTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(settings.retryMode()).isEqualTo(RetryMode.STANDARD);
        assertThat(settings.region()).isNotBlank();
    }

    @Test
    void everyPropertyBinds() throws IOException {
        AwsClientSettings settings = new AwsConfiguration()
                .awsClientSettings(environment(Map.of(
                        "bluemarble.aws.endpoint-url", "http://127.0.0.1:4566",
                        "bluemarble.aws.region", "eu-west-1",
                        "bluemarble.aws.call-timeout", "7s",
                        "bluemarble.aws.attempt-timeout", "1500ms",
                        "bluemarble.aws.retry-mode", "adaptive")));
        assertThat(settings.endpoint()).contains(URI.create("http://127.0.0.1:4566"));
        assertThat(settings.region()).isEqualTo("eu-west-1");
        assertThat(settings.callTimeout()).isEqualTo(Duration.ofSeconds(7));
        assertThat(settings.attemptTimeout()).isEqualTo(Duration.ofMillis(1500));
        assertThat(settings.retryMode()).isEqualTo(RetryMode.ADAPTIVE);
    }
}
