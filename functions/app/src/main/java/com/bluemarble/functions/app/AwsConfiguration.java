package com.bluemarble.functions.app;

import com.bluemarble.functions.aws.AwsClientConfigurer;
import com.bluemarble.functions.aws.AwsClientSettings;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * {@code bluemarble.aws.*} (defaults in {@code application.properties}) and the one configurer
 * every area builds its AWS SDK clients with: {@code configurer.configure(SqsClient.builder()).build()}.
 */
@Configuration(proxyBeanMethods = false)
public class AwsConfiguration {

    /** Bound by constructor: the record lives in aws-support, which knows no Spring. */
    @Bean
    AwsClientSettings awsClientSettings(Environment environment) {
        return Binder.get(environment).bindOrCreate("bluemarble.aws", Bindable.of(AwsClientSettings.class));
    }

    @Bean
    AwsClientConfigurer awsClientConfigurer(AwsClientSettings settings) {
        return new AwsClientConfigurer(settings);
    }
}
