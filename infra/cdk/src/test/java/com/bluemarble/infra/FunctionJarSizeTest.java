package com.bluemarble.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.bluemarble.infra.config.DeploymentConfig;
import com.bluemarble.infra.config.FunctionPackages.Family;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Lambda refuses a deployment package above 250 MB unzipped (262,144,000 bytes). Each function is deployed
 * from its family's package (functions/packages, see docs/packaging.md); this catches growth before a deploy
 * does, and holds each package to its budget against the single jar of functions/app, which carries every
 * family. Skipped when a jar is not built (the reactor builds functions/ before infra/).
 */
class FunctionJarSizeTest {

    static final long LAMBDA_UNZIPPED_LIMIT_BYTES = 262_144_000L;
    static final Path REPO_ROOT = SynthesizedApp.MODULE_DIR.resolve("../..").normalize();
    static final Path SINGLE_JAR = REPO_ROOT.resolve(DeploymentConfig.SINGLE_FUNCTION_JAR);

    /**
     * The single jar as measured on 2026-11-29, before the packages (229,671,516 bytes, 47,791 files): the
     * baseline when the single jar is not built in this run (it is in ./dev test, and then that one counts).
     */
    static final long SINGLE_JAR_BASELINE_BYTES = 229_671_516L;

    /**
     * Each package's budget, a fraction of the single jar. The goal is a third; the measured ratios (2026-11-29)
     * are in docs/packaging.md. Over a third, and why: every package carries the same base of about 55 MB
     * (Spring Boot and Cloud Function, the AWS SDK core and its HTTP client, the Lambda libraries, Jackson);
     * snapshots add S3 + DynamoDB + SQS and the Lambda event serializers (0.39), leaderboards S3 + Lettuce,
     * Reactor and Netty (0.37); the economy adds the Cloud Spanner client, whose gRPC, protobuf, auth and
     * monitoring dependencies are about 100 MB on their own (0.74); backups need every store (0.85).
     */
    static final Map<Family, Double> BUDGET = new EnumMap<>(Map.of(
            Family.STORAGE, 1.0 / 3,
            Family.LEADERBOARDS, 0.40,
            Family.SNAPSHOTS, 0.42,
            Family.ECONOMY, 0.77,
            Family.BACKUPS, 0.88,
            // Every store like backups (no restore target) plus the Step Functions client: 0.86 on 2026-11-29.
            Family.PRIVACY, 0.88));

    @Test
    void everyFamilyHasABudget() {
        assertThat(BUDGET.keySet()).containsExactlyInAnyOrder(Family.values());
    }

    @ParameterizedTest
    @EnumSource(Family.class)
    void eachPackageFitsLambdasLimitAndItsBudgetAgainstTheSingleJar(Family family) throws IOException {
        Path jar = REPO_ROOT.resolve(family.jar());
        assumeTrue(Files.exists(jar), "package not built: " + jar);
        long unzipped = unzippedBytes(jar);
        long single = Files.exists(SINGLE_JAR) ? unzippedBytes(SINGLE_JAR) : SINGLE_JAR_BASELINE_BYTES;
        double ratio = (double) unzipped / single;
        System.out.printf(
                "%s package: %,d bytes unzipped, %.3f of the single jar (%,d%s), budget %.3f%n",
                family, unzipped, ratio, single, Files.exists(SINGLE_JAR) ? "" : ", recorded", BUDGET.get(family));
        assertThat(unzipped).isLessThan(LAMBDA_UNZIPPED_LIMIT_BYTES);
        assertThat(ratio).as(family + " package / single jar").isLessThanOrEqualTo(BUDGET.get(family));
    }

    @Test
    void theSingleJarFitsLambdasUnzippedLimit() throws IOException {
        assumeTrue(Files.exists(SINGLE_JAR), "single jar not built: " + SINGLE_JAR);
        long unzipped = unzippedBytes(SINGLE_JAR);
        System.out.printf("single jar: %,d bytes unzipped of Lambda's %,d%n", unzipped, LAMBDA_UNZIPPED_LIMIT_BYTES);
        assertThat(unzipped).isLessThan(LAMBDA_UNZIPPED_LIMIT_BYTES);
    }

    static long unzippedBytes(Path jar) throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            return zip.stream().mapToLong(entry -> Math.max(0, entry.getSize())).sum();
        }
    }
}
