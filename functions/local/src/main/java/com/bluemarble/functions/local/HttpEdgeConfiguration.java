package com.bluemarble.functions.local;

import jakarta.servlet.DispatcherType;
import java.time.Duration;
import org.apache.catalina.core.StandardHost;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/** The local host's HTTP edge: {@link HttpEdge} ahead of everything, Tomcat's own errors as JSON. */
@Configuration(proxyBeanMethods = false)
class HttpEdgeConfiguration {

    @Bean
    FilterRegistrationBean<HttpEdge> httpEdge(
            @Value("${bluemarble.local.body-read-timeout:10s}") Duration bodyReadTimeout) {
        FilterRegistrationBean<HttpEdge> registration = new FilterRegistrationBean<>(new HttpEdge(bodyReadTimeout));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ERROR);
        registration.addUrlPatterns("/*");
        return registration;
    }

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> jsonTomcatErrors() {
        return factory -> factory.addContextCustomizers(context -> {
            if (context.getParent() instanceof StandardHost host) {
                host.setErrorReportValveClass(JsonErrorReportValve.class.getName());
            }
        });
    }
}
