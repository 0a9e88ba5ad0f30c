package com.bluemarble.functions.packaging;

import com.bluemarble.functions.app.AwsConfiguration;
import com.bluemarble.functions.app.SnapStartPriming;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;

/**
 * Marks the Spring Boot application of one deployment package (one function family, one shaded jar
 * built by {@code functions/packages/<family>}). Unlike {@code BlueMarbleFunctionsApplication}, which
 * scans every area for the local host and the tests, a package's application names the areas it
 * serves, so Spring never loads the classes of a store that its jar does not carry.
 *
 * <p>What every package shares is imported here: a bean that every function needs goes in this list
 * ({@code FunctionPackagesTest} fails when a bean of the app's shared packages is missing from a package).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootConfiguration
@EnableAutoConfiguration
@Import({AwsConfiguration.class, SnapStartPriming.class})
public @interface FunctionPackage {}
