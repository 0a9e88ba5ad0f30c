package com.bluemarble.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.bluemarble.infra.BlueMarbleStacks.RegionStacks;
import com.bluemarble.infra.BlueMarbleStacks.StackSet;
import com.bluemarble.infra.config.DeploymentConfig;
import com.bluemarble.infra.config.FunctionCatalog.Caller;
import com.bluemarble.infra.config.ResourceDefinitions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.aws_apigatewayv2_integrations.HttpLambdaIntegration;
import software.amazon.awscdk.cxapi.SynthesisMessage;
import software.amazon.awscdk.cxapi.SynthesisMessageLevel;
import software.amazon.awscdk.services.apigatewayv2.AddRoutesOptions;
import software.amazon.awscdk.services.apigatewayv2.CfnStage;
import software.amazon.awscdk.services.apigatewayv2.HttpMethod;
import software.amazon.awscdk.services.apigatewayv2.HttpNoneAuthorizer;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.s3.CfnBucket;

/**
 * The real stacks, with mistakes added by hand: a {@code *} IAM action on a function role, an unencrypted bucket
 * and an unauthenticated route (cdk-nag and the template invariants must both report them), and a Google key given
 * to a function, a caller policy widened to every route and a route without its throttle (the invariants report
 * them; cdk-nag the widened policy). If a check stops reporting, the checks guarding the real app are hollow.
 */
class SabotagedAppTest {

    private static RegionStacks sabotaged;
    private static software.amazon.awscdk.cxapi.CloudAssembly assembly;
    private static List<String> invariantFindings;

    @BeforeAll
    static void buildSabotagedApp() {
        Map<String, Object> context = SynthesizedApp.baseContext();
        context.put("regions", "us-east-1");
        context.put("backupReplicaRegions", "us-east-1=eu-west-1");
        // One region: nothing to peer with, its own Redis is every shard there is.
        context.put("leaderboardEndpoints", "regional");
        context.remove("peerVpcIds");
        context.remove("vpcPeeringConnectionIds");
        // Report instead of throwing, so the annotations can be inspected.
        context.put("@aws-cdk/core:failSynthOnValidationErrors", false);
        App app = new App(AppProps.builder()
                .context(context)
                .outdir(SynthesizedApp.MODULE_DIR
                        .resolve("target/cdk.out-sabotaged")
                        .toString())
                .build());
        DeploymentConfig config =
                DeploymentConfig.fromContext(app.getNode()::tryGetContext, n -> null, SynthesizedApp.MODULE_DIR);
        StackSet stacks = BlueMarbleStacks.define(app, config, ResourceDefinitions.read(config.resourcesFile()));
        BlueMarbleApp.addNagChecks(app);
        sabotaged = stacks.byRegion().get("us-east-1");

        sabotaged
                .service()
                .roles()
                .get("grant")
                .addToPolicy(PolicyStatement.Builder.create()
                        .actions(List.of("*"))
                        .resources(List.of("*"))
                        .build());
        CfnBucket.Builder.create(sabotaged.storage(), "ForgottenBucket").build();
        sabotaged
                .service()
                .api()
                .addRoutes(AddRoutesOptions.builder()
                        .path("/debug")
                        .methods(List.of(HttpMethod.POST))
                        .integration(new HttpLambdaIntegration(
                                "DebugIntegration",
                                sabotaged.service().aliases().get("grant")))
                        .authorizer(new HttpNoneAuthorizer())
                        .build());

        // Issues 11.11-11.13: a Google key handed to a function, a game-server policy widened to every route, and
        // a route whose own throttle is removed.
        sabotaged
                .service()
                .functions()
                .get("trade")
                .addEnvironment(
                        "BLUEMARBLE_SPANNER_CREDENTIALS_SECRET_ARN",
                        "arn:aws:secretsmanager:us-east-1:111111111111:secret:bluemarble/spanner-credentials");
        sabotaged
                .service()
                .callers()
                .policies()
                .get(Caller.GAME_SERVER)
                .addStatements(PolicyStatement.Builder.create()
                        .actions(List.of("execute-api:Invoke"))
                        .resources(List.of(sabotaged.service().api().arnForExecuteApi("*", "/*", "*")))
                        .build());
        ((CfnStage) sabotaged.service().httpApi().stage().getNode().getDefaultChild())
                .addPropertyDeletionOverride("RouteSettings.POST /trade");

        assembly = app.synth();
        invariantFindings = new java.util.ArrayList<>();
        for (var stack : List.of(sabotaged.storage(), sabotaged.service())) {
            @SuppressWarnings("unchecked")
            Map<String, Object> json =
                    (Map<String, Object>) Template.fromStack(stack).toJSON();
            invariantFindings.addAll(TemplateInvariants.violations(stack.getStackName(), json));
        }
    }

    private static List<SynthesisMessage> nagErrors(software.amazon.awscdk.Stack stack) {
        return assembly.getStackArtifact(stack.getArtifactId()).getMessages().stream()
                .filter(m -> m.getLevel() == SynthesisMessageLevel.ERROR)
                .filter(m -> String.valueOf(m.getEntry().getData()).contains("AwsSolutions-"))
                .toList();
    }

    @Test
    void invariantsReportExactlyTheSabotagedResources() {
        assertThat(invariantFindings)
                .anySatisfy(v -> assertThat(v).contains("grantRole").contains("wildcard action '*'"))
                .anySatisfy(v -> assertThat(v).contains("ForgottenBucket").contains("without default encryption"))
                .anySatisfy(v -> assertThat(v).contains("route POST /debug is not IAM-authorized"))
                .anySatisfy(v -> assertThat(v).contains("BLUEMARBLE_SPANNER_CREDENTIALS_SECRET_ARN passes a secret"))
                .anySatisfy(v -> assertThat(v).contains("GameServerPolicy").contains("wildcard resource"))
                .anySatisfy(v -> assertThat(v).contains("route POST /trade has no throttling"))
                .allSatisfy(v -> assertThat(v)
                        .containsAnyOf(
                                "grantRole",
                                "ForgottenBucket",
                                "POST /debug",
                                "BLUEMARBLE_SPANNER_CREDENTIALS_SECRET_ARN",
                                "GameServerPolicy",
                                "POST /trade"));
    }

    @Test
    void nagReportsTheStarActionTheUnencryptedBucketAndTheOpenRoute() {
        List<SynthesisMessage> service = nagErrors(sabotaged.service());
        List<SynthesisMessage> storage = nagErrors(sabotaged.storage());
        assertThat(service)
                .extracting(m -> m.getId() + " " + m.getEntry().getData())
                .anySatisfy(m ->
                        assertThat(m).contains("/grantRole/DefaultPolicy").contains("AwsSolutions-IAM5[Action::*]"))
                .anySatisfy(m -> assertThat(m).contains("/Api/POST--debug/").contains("AwsSolutions-APIG4"))
                // A caller policy widened to every route is a wildcard resource to cdk-nag too.
                .anySatisfy(m -> assertThat(m).contains("/GameServerPolicy/").contains("AwsSolutions-IAM5[Resource::"));
        assertThat(storage)
                .extracting(m -> m.getId() + " " + m.getEntry().getData())
                .anySatisfy(m -> assertThat(m).contains("ForgottenBucket").contains("AwsSolutions-S10"));
    }
}
