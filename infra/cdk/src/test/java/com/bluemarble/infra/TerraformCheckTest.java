package com.bluemarble.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Runs infra/terraform/check.sh (fmt -check always, the offline DDL-parsing tests, validate when the google
 * provider can be installed) so the Terraform is checked wherever the infra tests run. Skipped without terraform.
 */
class TerraformCheckTest {

    @Test
    void terraformChecksPass() throws Exception {
        boolean present = ExternalTool.onPath("terraform").isPresent();
        if (!present) System.out.println("SKIPPED terraform checks: terraform not on PATH");
        assumeTrue(present, "terraform is not on PATH: Terraform checks SKIPPED");

        Path repoRoot = SynthesizedApp.MODULE_DIR.getParent().getParent();
        ExternalTool.Result result = ExternalTool.run(repoRoot, 300, List.of("bash", "infra/terraform/check.sh"));
        System.out.println(result.output());
        assertThat(result.exitCode()).as(result.output()).isZero();
    }
}
