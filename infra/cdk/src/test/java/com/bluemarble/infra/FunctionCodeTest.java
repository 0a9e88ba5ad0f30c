package com.bluemarble.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.bluemarble.infra.config.DeploymentConfig;
import com.bluemarble.infra.config.InfraConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The function jar is required for a real deploy; the placeholder is opt-in and clearly named. */
class FunctionCodeTest {

    @TempDir
    Path tmp;

    private static DeploymentConfig config(Map<String, Object> extra) {
        Map<String, Object> context =
                new HashMap<>(Map.of("account", "111111111111", "regions", "us-east-1,eu-west-1"));
        context.putAll(extra);
        return DeploymentConfig.fromContext(context::get, n -> null, SynthesizedApp.MODULE_DIR);
    }

    @Test
    void missingJarFailsWithTheBuildCommandUnlessThePlaceholderIsAllowed() {
        DeploymentConfig strict = config(Map.of("functionJar", "infra/cdk/target/absent.jar"));
        assertThatThrownBy(() -> BlueMarbleStacks.functionCodePath(strict))
                .isInstanceOf(InfraConfigException.class)
                .hasMessageContaining("function jar not found")
                .hasMessageContaining("./mvnw -pl functions/app -am package");

        DeploymentConfig lenient =
                config(Map.of("functionJar", "infra/cdk/target/absent.jar", "allowPlaceholderFunctionCode", "true"));
        Path placeholder = BlueMarbleStacks.functionCodePath(lenient);
        assertThat(placeholder).isEqualTo(lenient.repoRoot().resolve(BlueMarbleStacks.PLACEHOLDER_CODE_DIR));
        assertThat(placeholder.resolve("PLACEHOLDER.txt")).content().contains("Not deployable");
    }

    @Test
    void anExistingJarIsUsedEvenWhenThePlaceholderIsAllowed() throws IOException {
        Path jar = Files.writeString(tmp.resolve("app-aws.jar"), "jar");
        DeploymentConfig config = config(Map.of("functionJar", jar.toString(), "allowPlaceholderFunctionCode", true));
        assertThat(BlueMarbleStacks.functionCodePath(config)).isEqualTo(jar);
    }
}
