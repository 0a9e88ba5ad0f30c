package com.bluemarble.functions.packaging;

import com.bluemarble.functions.app.config.GameConfigConfiguration;
import com.bluemarble.functions.app.economy.EconomyConfiguration;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.ComponentScan;

/**
 * The economy package (Spanner, and S3 for the hot-reloaded game config): every bean of
 * {@code app.economy} and its subpackages, so a function added there is deployed with it.
 */
@FunctionPackage
@ComponentScan(basePackageClasses = {EconomyConfiguration.class, GameConfigConfiguration.class})
@ConfigurationPropertiesScan(basePackageClasses = {EconomyConfiguration.class, GameConfigConfiguration.class})
public class EconomyPackage {}
