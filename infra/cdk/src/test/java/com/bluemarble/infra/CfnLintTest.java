package com.bluemarble.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * cfn-lint on every synthesized template: zero errors. Skipped (reported as skipped, not passed) when
 * cfn-lint is not installed; install it with {@code pip install cfn-lint}.
 */
class CfnLintTest {

    /** cfn-lint's exit code is a bit mask: 2 = errors, 4 = warnings, 8 = informational; 1 = it crashed. */
    private static final int ERROR_BITS = 1 | 2;

    @Test
    void synthesizedTemplatesHaveNoCfnLintErrors() throws Exception {
        Optional<Path> cfnLint = ExternalTool.onPath("cfn-lint");
        if (cfnLint.isEmpty()) {
            System.out.println("SKIPPED cfn-lint: not on PATH (pip install cfn-lint to run this check)");
        }
        assumeTrue(cfnLint.isPresent(), "cfn-lint is not on PATH: template linting SKIPPED");

        SynthesizedApp synth = SynthesizedApp.get();
        List<String> command = new ArrayList<>(List.of(cfnLint.get().toString(), "--format", "parseable"));
        synth.templateFiles().forEach(p -> command.add(p.toString()));
        ExternalTool.Result result = ExternalTool.run(SynthesizedApp.MODULE_DIR, 600, command);

        System.out.println("cfn-lint exit code " + result.exitCode() + " on " + (command.size() - 3) + " templates\n"
                + result.output());
        assertThat(result.exitCode() & ERROR_BITS)
                .as("cfn-lint errors:\n" + result.output())
                .isZero();
    }
}
