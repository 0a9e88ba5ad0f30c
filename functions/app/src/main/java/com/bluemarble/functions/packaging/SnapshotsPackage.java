package com.bluemarble.functions.packaging;

import com.bluemarble.functions.app.snapshot.SnapshotConfiguration;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.ComponentScan;

/** The player snapshots package (SQS, DynamoDB, S3): every bean of {@code app.snapshot}. */
@FunctionPackage
@ComponentScan(basePackageClasses = SnapshotConfiguration.class)
@ConfigurationPropertiesScan(basePackageClasses = SnapshotConfiguration.class)
public class SnapshotsPackage {}
