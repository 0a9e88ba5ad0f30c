package com.bluemarble.functions.local;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The dependency rules between modules, checked where every module's classes are on the classpath
 * (the local host depends on the app, hence on every adapter). In the style of buckpal's rules:
 * the hosts (app, local, bench) wire adapters to the core; nothing else may use an adapter, and
 * no adapter uses another. The core's own rules are in core's ArchitectureTest.
 */
class DependencyRulesTest {

    private static final String ADAPTERS = "com.bluemarble.functions.adapter..";

    private static final JavaClasses ALL = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("com.bluemarble.functions");

    @Test
    void onlyTheHostsUseAdapters() {
        noClasses()
                .that()
                .resideOutsideOfPackages(
                        ADAPTERS,
                        "com.bluemarble.functions.app..",
                        "com.bluemarble.functions.local..",
                        "com.bluemarble.functions.bench..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage(ADAPTERS)
                .because("the core, the AWS client support and the emulator harness know no adapter")
                .check(ALL);
    }

    @Test
    void adaptersNeverUseEachOther() {
        slices().matching("com.bluemarble.functions.adapter.(*)..")
                .should()
                .notDependOnEachOther()
                .because("one adapter per store: what two stores share belongs in the core or aws-support")
                .check(ALL);
    }

    @Test
    void theAwsClientSupportKnowsNoCoreAndNoSpring() {
        noClasses()
                .that()
                .resideInAPackage("com.bluemarble.functions.aws..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "com.bluemarble.functions.core..",
                        ADAPTERS,
                        "com.bluemarble.functions.app..",
                        "org.springframework..")
                .because("every AWS client is built the same way, by any module, without a framework")
                .check(ALL);
    }

    @Test
    void everyModuleWasImported() {
        // guards against the rules passing vacuously on a partial import
        for (String name : new String[] {
            "com.bluemarble.functions.core.economy.EconomyService",
            "com.bluemarble.functions.aws.AwsClientConfigurer",
            "com.bluemarble.functions.adapter.spanner.SpannerEconomyStore",
            "com.bluemarble.functions.adapter.sqs.SqsSnapshotQueue",
            "com.bluemarble.functions.adapter.dynamodb.DynamoDbSnapshotTable",
            "com.bluemarble.functions.adapter.s3.terrain.S3TerrainStore",
            "com.bluemarble.functions.adapter.redis.RedisLeaderboardStore",
            "com.bluemarble.functions.app.JsonFunctions",
            "com.bluemarble.functions.emulators.AwsEmulator",
            "com.bluemarble.functions.local.SqsEventSourcePoller"
        }) {
            assertThat(ALL.contain(name)).as(name).isTrue();
        }
    }
}
