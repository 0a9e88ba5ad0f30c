package com.bluemarble.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.bluemarble.infra.config.InfraConfigException;
import com.bluemarble.infra.config.ResourceNames;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.StageSynthesisOptions;
import software.amazon.awscdk.cxapi.SynthesisMessageLevel;
import software.amazon.awscdk.services.s3.CfnBucket;

/** The app as a whole: which stacks exist, how they depend on each other, and that synthesis validates. */
class SynthesisTest {

    private final SynthesizedApp synth = SynthesizedApp.get();

    @Test
    void everyRegionInContextGetsAStorageServiceAndReplicaStack() {
        Set<String> names =
                synth.allStacks().stream().map(Stack::getStackName).collect(Collectors.toCollection(TreeSet::new));
        Set<String> expected = new TreeSet<>();
        for (String region : SynthesizedApp.DEFAULT_REGIONS) {
            expected.addAll(List.of(
                    ResourceNames.storageStackName(region),
                    ResourceNames.serviceStackName(region),
                    ResourceNames.backupReplicaStackName(region)));
        }
        assertThat(names).isEqualTo(expected);
        assertThat(synth.assembly.getStacksRecursively()).hasSize(9);
        assertThat(synth.config.regions()).containsExactlyElementsOf(SynthesizedApp.DEFAULT_REGIONS);
    }

    /**
     * CloudFormation refuses a template of more than 500 resources at deploy time; this says so at build time. The
     * service stack holds about nine per function (role, policy, log group, function, version, alias, route,
     * integration, permission); its alarms (three per function) and state machines are nested stacks of their own.
     */
    @Test
    void everyTemplateStaysUnderCloudFormationsResourceLimit() throws Exception {
        ObjectMapper json = new ObjectMapper();
        for (Path file : synth.templateFiles()) {
            int resources = json.readTree(file.toFile()).path("Resources").size();
            System.out.printf("%s: %d resources of 500%n", file.getFileName(), resources);
            assertThat(resources)
                    .as(file.getFileName() + ": past 500 resources CloudFormation refuses the stack; move a concern"
                            + " into a nested stack, as ServiceAlarms and Workflows are")
                    .isLessThanOrEqualTo(500);
        }
        // Room for about a dozen more functions before the service stack needs splitting again.
        Path service = synth.templateFiles().stream()
                .filter(f -> f.getFileName().toString().equals("BlueMarble-Service-us-east-1.template.json"))
                .findFirst()
                .orElseThrow();
        assertThat(json.readTree(service.toFile()).path("Resources").size()).isLessThan(400);
    }

    @Test
    void deploymentOrderIsReplicaThenStorageThenServiceWithoutCycles() {
        for (String region : SynthesizedApp.DEFAULT_REGIONS) {
            var stacks = synth.stacks.byRegion().get(region);
            assertThat(stacks.service().getDependencies()).containsExactly(stacks.storage());
            assertThat(stacks.storage().getDependencies())
                    .containsExactly(synth.stacks.replicasByRegion().get(synth.config.backupReplicaRegion(region)));
            assertThat(synth.stacks.replicasByRegion().get(region).getDependencies())
                    .isEmpty();
        }
        // The default ring: every region holds exactly one other region's backups.
        assertThat(synth.config.backupReplicaRegionBySourceRegion())
                .isEqualTo(
                        Map.of("us-east-1", "eu-west-1", "eu-west-1", "ap-southeast-1", "ap-southeast-1", "us-east-1"));
    }

    @Test
    void synthesisRanTheCdkTemplateValidationWithFindingsAsErrors() throws Exception {
        assertThat(synth.app.getNode().tryGetContext("@aws-cdk/core:validateAgainstDefaultRules"))
                .isEqualTo(true);
        JsonNode report = new ObjectMapper()
                .readTree(Path.of(synth.assembly.getDirectory())
                        .resolve("validation-report.json")
                        .toFile());
        Map<String, String> conclusions = new java.util.TreeMap<>();
        report.get("pluginReports")
                .forEach(p -> conclusions.put(
                        p.get("pluginName").asText(), p.get("conclusion").asText()));
        assertThat(conclusions)
                .containsEntry("CloudFormation Validate", "success")
                .containsEntry("Construct Annotations", "success");
    }

    @Test
    void templateValidationFailsSynthesisOnASchemaViolationBecauseOfTheFeatureFlag() {
        assertThatThrownBy(() -> synthesizeBucketWithUnknownProperty(true))
                .hasMessageContaining("'NoSuchProperty' was unexpected")
                .hasMessageContaining("CloudFormation Validate");
        // Control: with the flag off the same finding is only a warning, so the flag is what enforces it.
        assertThat(synthesizeBucketWithUnknownProperty(false).getStacks()).hasSize(1);
    }

    private static software.amazon.awscdk.cxapi.CloudAssembly synthesizeBucketWithUnknownProperty(boolean strict) {
        Map<String, Object> context = CdkContextFiles.load(SynthesizedApp.MODULE_DIR);
        context.put("@aws-cdk/core:appMode", "inmemory");
        context.put("@aws-cdk/core:validateAgainstDefaultRules", strict);
        App app = new App(AppProps.builder()
                .context(context)
                .outdir(SynthesizedApp.MODULE_DIR
                        .resolve("target/cdk.out-invalid-" + strict)
                        .toString())
                .build());
        Stack stack = new Stack(
                app,
                "Invalid",
                StackProps.builder()
                        .env(Environment.builder()
                                .account(SynthesizedApp.DUMMY_ACCOUNT)
                                .region("us-east-1")
                                .build())
                        .build());
        CfnBucket.Builder.create(stack, "Bucket").build().addPropertyOverride("NoSuchProperty", true);
        return app.synth(
                StageSynthesisOptions.builder().validateOnSynthesis(true).build());
    }

    @Test
    void placeholderFunctionCodeIsFlaggedAsNotDeployable() {
        for (String region : SynthesizedApp.DEFAULT_REGIONS) {
            assertThat(synth.messages(synth.stacks.byRegion().get(region).service()))
                    .anySatisfy(m -> {
                        assertThat(m.getLevel()).isEqualTo(SynthesisMessageLevel.WARNING);
                        assertThat(String.valueOf(m.getEntry().getData()))
                                .contains("placeholder")
                                .contains("must not be deployed");
                    });
        }
        assertThat(SynthesizedApp.MODULE_DIR.resolve("target/placeholder-function-code/PLACEHOLDER.txt"))
                .exists();
    }

    /** Run as infra/synth.sh runs it; without committed AZ lookups for an account, synthesis must stop. */
    @Test
    void directSynthesisRefusesToUseDummyAvailabilityZonesForAnAccountWithoutCommittedLookups() {
        assertThatThrownBy(() -> BlueMarbleApp.synthesize(new String[] {
                    "account=222222222222",
                    "regions=us-east-1",
                    "backupReplicaRegions=us-east-1=eu-west-1",
                    "leaderboardEndpoints=regional",
                    "allowPlaceholderFunctionCode=true",
                    "functionJar=infra/cdk/target/no-such-function.jar"
                }))
                .isInstanceOf(InfraConfigException.class)
                .hasMessageContaining("availability-zones:account=222222222222:region=us-east-1");
    }
}
