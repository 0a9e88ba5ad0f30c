package com.bluemarble.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * Lambda refuses a deployment package above 250 MB unzipped (262,144,000 bytes), and the one
 * shaded jar carries every function's dependencies: this catches growth before a deploy does.
 * Skipped when the jar is not built (the reactor builds functions/ before infra/).
 */
class FunctionJarSizeTest {

    static final long LAMBDA_UNZIPPED_LIMIT_BYTES = 262_144_000L;
    static final Path JAR = SynthesizedApp.MODULE_DIR
            .resolve("../../functions/app/target/bluemarble-app-0.1.0-SNAPSHOT-aws.jar")
            .normalize();

    @Test
    void theFunctionJarFitsLambdasUnzippedLimit() throws IOException {
        assumeTrue(Files.exists(JAR), "function jar not built: " + JAR);
        long unzipped = 0;
        try (ZipFile zip = new ZipFile(JAR.toFile())) {
            unzipped = zip.stream()
                    .mapToLong(entry -> Math.max(0, entry.getSize()))
                    .sum();
        }
        System.out.printf("function jar: %,d bytes unzipped of Lambda's %,d%n", unzipped, LAMBDA_UNZIPPED_LIMIT_BYTES);
        assertThat(unzipped).isLessThan(LAMBDA_UNZIPPED_LIMIT_BYTES);
    }
}
