package com.bluemarble.infra.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Context parsing fails early and clearly; no CDK construct is needed for any of this. */
class DeploymentConfigTest {

    private static final Path MODULE_DIR = Path.of("").toAbsolutePath();

    private static DeploymentConfig config(Map<String, Object> context) {
        return config(context, Map.of());
    }

    private static DeploymentConfig config(Map<String, Object> context, Map<String, String> env) {
        return DeploymentConfig.fromContext(context::get, env::get, MODULE_DIR);
    }

    private static Map<String, Object> valid() {
        Map<String, Object> context = new HashMap<>();
        context.put("account", "111111111111");
        context.put("regions", List.of("us-east-1", "eu-west-1", "ap-southeast-1"));
        return context;
    }

    @Test
    void theAuditMapConcurrencyIsConfigurableWithinBounds() {
        assertThat(config(valid()).auditMaxConcurrency()).isEqualTo(DeploymentConfig.DEFAULT_AUDIT_MAX_CONCURRENCY);
        // Traces through the ADOT layer are on unless switched off.
        assertThat(config(valid()).adotTraces()).isTrue();
        Map<String, Object> off = valid();
        off.put("adotTraces", "false");
        assertThat(config(off).adotTraces()).isFalse();
        Map<String, Object> context = valid();
        context.put("auditMaxConcurrency", "25");
        assertThat(config(context).auditMaxConcurrency()).isEqualTo(25);
        for (String bad : List.of("0", "1001", "ten", "-3")) {
            context.put("auditMaxConcurrency", bad);
            assertThatThrownBy(() -> config(context))
                    .isInstanceOf(InfraConfigException.class)
                    .hasMessageContaining("'auditMaxConcurrency' must be an integer from 1 to 1000, got: " + bad);
        }
    }

    @Test
    void missingAccountFailsBeforeAnythingIsBuilt() {
        Map<String, Object> context = valid();
        context.remove("account");
        assertThatThrownBy(() -> config(context))
                .isInstanceOf(InfraConfigException.class)
                .hasMessageContaining("context 'account' is required");
    }

    @Test
    void malformedAccountFails() {
        Map<String, Object> context = valid();
        context.put("account", "12345");
        assertThatThrownBy(() -> config(context)).hasMessageContaining("12-digit");
    }

    @Test
    void missingOrEmptyRegionsFail() {
        Map<String, Object> context = valid();
        context.remove("regions");
        assertThatThrownBy(() -> config(context)).hasMessageContaining("context 'regions' is required");
        context.put("regions", "");
        assertThatThrownBy(() -> config(context)).hasMessageContaining("context 'regions' is required");
        context.put("regions", List.of());
        assertThatThrownBy(() -> config(context)).hasMessageContaining("context 'regions' is required");
    }

    @Test
    void invalidOrDuplicateRegionsFail() {
        Map<String, Object> context = valid();
        context.put("regions", "us-east-1,Mars");
        assertThatThrownBy(() -> config(context)).hasMessageContaining("invalid region name: Mars");
        context.put("regions", "us-east-1,us-east-1");
        assertThatThrownBy(() -> config(context)).hasMessageContaining("twice");
    }

    @Test
    void regionsAcceptJsonListsAndCommaSeparatedStrings() {
        Map<String, Object> context = valid();
        assertThat(config(context).regions()).containsExactly("us-east-1", "eu-west-1", "ap-southeast-1");
        context.put("regions", " eu-west-1 , us-east-1 ");
        assertThat(config(context).regions()).containsExactly("eu-west-1", "us-east-1");
        context.put("regions", "[\"eu-west-1\",\"us-east-1\"]");
        assertThat(config(context).regions()).containsExactly("eu-west-1", "us-east-1");
    }

    @Test
    void backupsReplicateAroundTheRingByDefault() {
        DeploymentConfig config = config(valid());
        assertThat(config.backupReplicaRegionBySourceRegion())
                .isEqualTo(
                        Map.of("us-east-1", "eu-west-1", "eu-west-1", "ap-southeast-1", "ap-southeast-1", "us-east-1"));
        assertThat(config.backupReplicaRegions()).containsExactlyInAnyOrder("us-east-1", "eu-west-1", "ap-southeast-1");
    }

    @Test
    void aSingleRegionNeedsAnExplicitReplicaRegion() {
        Map<String, Object> context = valid();
        context.put("regions", "us-east-1");
        assertThatThrownBy(() -> config(context)).hasMessageContaining("only us-east-1 is listed");
        context.put("backupReplicaRegions", "us-east-1=us-west-2");
        DeploymentConfig config = config(context);
        assertThat(config.backupReplicaRegion("us-east-1")).isEqualTo("us-west-2");
        assertThat(config.backupReplicaRegions()).containsExactly("us-west-2");
    }

    @Test
    void replicaPairsMustNameListedSourcesAndOtherRegions() {
        Map<String, Object> context = valid();
        context.put("backupReplicaRegions", "us-east-1=us-east-1");
        assertThatThrownBy(() -> config(context)).hasMessageContaining("different region");
        context.put("backupReplicaRegions", "sa-east-1=us-east-1");
        assertThatThrownBy(() -> config(context)).hasMessageContaining("not in 'regions'");
        context.put("backupReplicaRegions", "nonsense");
        assertThatThrownBy(() -> config(context)).hasMessageContaining("source=replica");
    }

    @Test
    void noSingleFunctionJarByDefaultOneCanBeGivenByContextOrEnvironment() {
        DeploymentConfig config = config(valid());
        Path repoRoot = config.repoRoot();
        assertThat(repoRoot.resolve("localstack/resources.json")).exists();
        // Default: each function from its family's package (FunctionPackagesTest).
        assertThat(config.functionJar()).isEmpty();
        assertThat(config(valid(), Map.of("BLUEMARBLE_FUNCTION_JAR", "/opt/app.jar"))
                        .functionJar())
                .contains(Path.of("/opt/app.jar"));
        Map<String, Object> context = valid();
        context.put("functionJar", "build/x.jar");
        assertThat(config(context, Map.of("BLUEMARBLE_FUNCTION_JAR", "/opt/app.jar"))
                        .functionJar())
                .contains(repoRoot.resolve("build/x.jar"));
        assertThat(config.allowPlaceholderFunctionCode()).isFalse();
        assertThat(config.resourcesFile()).isEqualTo(repoRoot.resolve("localstack/resources.json"));
    }

    @Test
    void spannerSettingsDefaultToSsmParametersAndTheKeySecretIsGone() {
        DeploymentConfig config = config(valid());
        assertThat(config.spanner().projectId()).isEmpty();
        assertThat(config.spanner().parameterPrefix()).isEqualTo("/bluemarble/spanner");
        assertThat(config.spanner().credentialsConfig()).isEmpty();
        Map<String, Object> legacy = valid();
        legacy.put("spannerCredentialsSecretName", "bluemarble/spanner-credentials");
        assertThatThrownBy(() -> config(legacy))
                .isInstanceOf(InfraConfigException.class)
                .hasMessageContaining("Workload Identity Federation");
        Map<String, Object> context = valid();
        context.put("spannerProjectId", "bluemarble-prod");
        assertThat(config(context).spanner().projectId()).contains("bluemarble-prod");
    }

    @Test
    void targetIsAwsUnlessTheLocalEmulatorIsAskedFor() {
        assertThat(config(valid()).target()).isEqualTo(DeploymentConfig.Target.AWS);
        Map<String, Object> context = valid();
        context.put("target", "local-emulator");
        assertThat(config(context).target()).isEqualTo(DeploymentConfig.Target.LOCAL_EMULATOR);
        context.put("target", "prod");
        assertThatThrownBy(() -> config(context)).hasMessageContaining("'aws' or 'local-emulator'");
    }
}
