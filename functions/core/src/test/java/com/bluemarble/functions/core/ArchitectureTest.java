package com.bluemarble.functions.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The dependency rule: the domain core knows no adapter, no framework and no cloud SDK. */
@AnalyzeClasses(packages = "com.bluemarble.functions.core", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule coreUsesNoCloudSdkOrFramework = noClasses()
            .that().resideInAPackage("com.bluemarble.functions.core..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "org.springframework..", "com.google..", "software.amazon..", "com.amazonaws..",
                    "io.lettuce..", "io.grpc..", "io.netty..", "tools.jackson..", "com.fasterxml..",
                    "org.testcontainers..", "jakarta..")
            .because("the domain core must run and be tested without any store, SDK or framework");

    @ArchTest
    static final ArchRule coreUsesNoAdapter = noClasses()
            .that().resideInAPackage("com.bluemarble.functions.core..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "com.bluemarble.functions.adapter..", "com.bluemarble.functions.app..",
                    "com.bluemarble.functions.local..", "com.bluemarble.functions.emulators..")
            .because("adapters depend on the core, never the other way round");
}
