package com.bluemarble.functions.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The dependency rules of the core: it knows no adapter, no framework and no cloud SDK, and the
 * save paths (snapshots, leaderboards) know nothing of the economy. The rules between modules
 * (who may use an adapter) need the whole classpath: {@code functions/local}'s DependencyRulesTest.
 * (Plain Jupiter tests rather than ArchUnit's own engine, whose discovery the JUnit 6
 * platform of this build does not run.)
 */
class ArchitectureTest {

    private static final JavaClasses CORE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("com.bluemarble.functions.core");

    @Test
    void coreUsesNoCloudSdkOrFramework() {
        // Jackson 3 (tools.jackson) is allowed: a player snapshot is a JSON document and the writer
        // applies JSON Merge Patch (RFC 7386) to it, so the JSON tree is domain data, not transport.
        // Jackson 2 (com.fasterxml) stays out: one JSON library in the core, the one the app uses.
        noClasses()
                .that()
                .resideInAPackage("com.bluemarble.functions.core..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "org.springframework..",
                        "com.google..",
                        "software.amazon..",
                        "com.amazonaws..",
                        "io.lettuce..",
                        "io.grpc..",
                        "io.netty..",
                        "com.fasterxml..",
                        "org.testcontainers..",
                        "jakarta..")
                .because("the domain core must run and be tested without any store, SDK or framework")
                .check(CORE);
    }

    @Test
    void coreUsesNoAdapter() {
        noClasses()
                .that()
                .resideInAPackage("com.bluemarble.functions.core..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "com.bluemarble.functions.adapter..", "com.bluemarble.functions.app..",
                        "com.bluemarble.functions.local..", "com.bluemarble.functions.emulators..")
                .because("adapters depend on the core, never the other way round")
                .check(CORE);
    }

    @Test
    void currencyAndItemsNeverTravelASavePath() {
        // Snapshots and leaderboards are eventually consistent stores; the economy lives only in
        // Spanner. Not even a type of core.economy may reach them.
        noClasses()
                .that()
                .resideInAnyPackage(
                        "com.bluemarble.functions.core.snapshot..", "com.bluemarble.functions.core.leaderboard..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("com.bluemarble.functions.core.economy..")
                .because("currency and items never travel a save path (snapshots, leaderboards)")
                .check(CORE);
    }

    @Test
    void theCoreWasActuallyImported() {
        // guards against the rules passing vacuously on an empty import
        org.assertj.core.api.Assertions.assertThat(CORE.contain("com.bluemarble.functions.core.economy.EconomyService"))
                .isTrue();
    }
}
