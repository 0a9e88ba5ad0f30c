package com.bluemarble.functions.packaging;

import com.bluemarble.functions.app.terrain.TerrainConfiguration;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.ComponentScan;

/** The storage package (S3 only): every bean of {@code app.terrain}. */
@FunctionPackage
@ComponentScan(basePackageClasses = TerrainConfiguration.class)
@ConfigurationPropertiesScan(basePackageClasses = TerrainConfiguration.class)
public class StoragePackage {}
