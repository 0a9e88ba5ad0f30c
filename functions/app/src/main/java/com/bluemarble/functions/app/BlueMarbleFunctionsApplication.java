package com.bluemarble.functions.app;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Every BlueMarble function, one bean each. On AWS Lambda the handler is Spring Cloud Function's
 * {@code FunctionInvoker} and {@code SPRING_CLOUD_FUNCTION_DEFINITION} names the bean; locally
 * {@code functions/local} serves each bean at {@code POST /<functionName>}.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class BlueMarbleFunctionsApplication {

    public static void main(String[] args) {
        SpringApplication.run(BlueMarbleFunctionsApplication.class, args);
    }
}
