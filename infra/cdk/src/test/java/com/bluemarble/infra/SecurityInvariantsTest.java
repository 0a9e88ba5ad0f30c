package com.bluemarble.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.aws_apigatewayv2_authorizers.HttpIamAuthorizer;
import software.amazon.awscdk.aws_apigatewayv2_integrations.HttpLambdaIntegration;
import software.amazon.awscdk.services.apigatewayv2.AddRoutesOptions;
import software.amazon.awscdk.services.apigatewayv2.HttpApi;
import software.amazon.awscdk.services.apigatewayv2.HttpMethod;
import software.amazon.awscdk.services.apigatewayv2.HttpNoneAuthorizer;
import software.amazon.awscdk.services.apigatewayv2.HttpStage;
import software.amazon.awscdk.services.apigatewayv2.ThrottleSettings;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.elasticache.CfnReplicationGroup;
import software.amazon.awscdk.services.iam.AccountRootPrincipal;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.ManagedPolicy;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.FunctionUrlAuthType;
import software.amazon.awscdk.services.lambda.FunctionUrlOptions;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.CfnBucket;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;

/**
 * The template invariants hold for every synthesized stack, and the checker is shown to catch each kind of
 * violation it exists for: a stack of deliberately bad resources must produce one finding per defect.
 */
class SecurityInvariantsTest {

    private static Map<String, List<String>> badFindings;

    @Test
    void everySynthesizedTemplateOfTheAppSatisfiesTheInvariants() throws Exception {
        SynthesizedApp synth = SynthesizedApp.get();
        List<Path> files = synth.templateFiles();
        assertThat(files).hasSize(15); // 9 stacks + each service stack's nested alarms and state machine stacks
        List<String> violations = new ArrayList<>();
        for (Path file : files) {
            @SuppressWarnings("unchecked")
            Map<String, Object> template =
                    new com.fasterxml.jackson.databind.ObjectMapper().readValue(Files.readString(file), Map.class);
            violations.addAll(TemplateInvariants.violations(file.getFileName().toString(), template));
        }
        assertThat(violations).isEmpty();
    }

    /** Builds one small stack per defect and synthesizes them together (no nag, no validation: raw templates). */
    @BeforeAll
    static void synthesizeDeliberatelyBadStacks() {
        App app = new App(AppProps.builder()
                .outdir(SynthesizedApp.MODULE_DIR
                        .resolve("target/cdk.out-bad-examples")
                        .toString())
                .build());
        Map<String, Stack> stacks = new java.util.LinkedHashMap<>();

        Stack starAction = stack(app, "StarAction");
        Role role = Role.Builder.create(starAction, "Role")
                .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                .build();
        role.addToPolicy(PolicyStatement.Builder.create()
                .actions(List.of("*"))
                .resources(List.of("*"))
                .build());
        stacks.put("StarAction", starAction);

        Stack serviceStar = stack(app, "ServiceStar");
        Role role2 = Role.Builder.create(serviceStar, "Role")
                .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                .build();
        role2.addToPolicy(PolicyStatement.Builder.create()
                .actions(List.of("dynamodb:*"))
                .resources(List.of("arn:aws:dynamodb:us-east-1:111111111111:table/t"))
                .build());
        // A Deny with a wildcard is how TLS-only policies work: it must not be reported.
        role2.addToPolicy(PolicyStatement.Builder.create()
                .effect(Effect.DENY)
                .actions(List.of("s3:*"))
                .resources(List.of("*"))
                .build());
        stacks.put("ServiceStar", serviceStar);

        Stack notAction = stack(app, "NotAction");
        Role role3 = Role.Builder.create(notAction, "Role")
                .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                .build();
        role3.addToPolicy(PolicyStatement.Builder.create()
                .notActions(List.of("iam:*"))
                .resources(List.of("*"))
                .build());
        stacks.put("NotAction", notAction);

        Stack bucketPolicyStar = stack(app, "BucketPolicyStar");
        Bucket open = secureBucket(bucketPolicyStar, "Bucket");
        open.addToResourcePolicy(PolicyStatement.Builder.create()
                .actions(List.of("s3:*"))
                .principals(List.of(new AccountRootPrincipal()))
                .resources(List.of(open.arnForObjects("*")))
                .build());
        stacks.put("BucketPolicyStar", bucketPolicyStar);

        Stack adminPolicy = stack(app, "AdminPolicy");
        Role.Builder.create(adminPolicy, "Role")
                .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                .managedPolicies(List.of(ManagedPolicy.fromAwsManagedPolicyName("AdministratorAccess")))
                .build();
        stacks.put("AdminPolicy", adminPolicy);

        Stack unencryptedBucket = stack(app, "UnencryptedBucket");
        CfnBucket.Builder.create(unencryptedBucket, "Bucket").build();
        stacks.put("UnencryptedBucket", unencryptedBucket);

        Stack publicBucket = stack(app, "PublicBucket");
        Bucket.Builder.create(publicBucket, "Bucket")
                .encryption(BucketEncryption.S3_MANAGED)
                .blockPublicAccess(BlockPublicAccess.BLOCK_ACLS_ONLY)
                .build();
        stacks.put("PublicBucket", publicBucket);

        Stack unencryptedTable = stack(app, "UnencryptedTable");
        Table.Builder.create(unencryptedTable, "Table")
                .partitionKey(Attribute.builder()
                        .name("id")
                        .type(AttributeType.STRING)
                        .build())
                .build();
        stacks.put("UnencryptedTable", unencryptedTable);

        Stack unencryptedQueue = stack(app, "UnencryptedQueue");
        Queue.Builder.create(unencryptedQueue, "Queue")
                .encryption(QueueEncryption.UNENCRYPTED)
                .build();
        stacks.put("UnencryptedQueue", unencryptedQueue);

        Stack plainRedis = stack(app, "PlainRedis");
        CfnReplicationGroup.Builder.create(plainRedis, "Redis")
                .replicationGroupDescription("plain")
                .engine("redis")
                .cacheNodeType("cache.t4g.small")
                .numCacheClusters(2)
                .atRestEncryptionEnabled(false)
                .transitEncryptionEnabled(false)
                .build();
        stacks.put("PlainRedis", plainRedis);

        Stack openRoute = stack(app, "OpenRoute");
        Function fn = Function.Builder.create(openRoute, "Fn")
                .runtime(Runtime.NODEJS_22_X)
                .handler("index.handler")
                .code(Code.fromInline("exports.handler = async () => ({})"))
                .timeout(Duration.seconds(3))
                .build();
        HttpApi api = HttpApi.Builder.create(openRoute, "Api").build();
        api.addRoutes(AddRoutesOptions.builder()
                .path("/open")
                .methods(List.of(HttpMethod.POST))
                .integration(new HttpLambdaIntegration("Open", fn))
                .authorizer(new HttpNoneAuthorizer())
                .build());
        stacks.put("OpenRoute", openRoute);

        Stack openUrl = stack(app, "OpenFunctionUrl");
        Function fn2 = Function.Builder.create(openUrl, "Fn")
                .runtime(Runtime.NODEJS_22_X)
                .handler("index.handler")
                .code(Code.fromInline("exports.handler = async () => ({})"))
                .build();
        fn2.addFunctionUrl(
                FunctionUrlOptions.builder().authType(FunctionUrlAuthType.NONE).build());
        stacks.put("OpenFunctionUrl", openUrl);

        Stack broadInvoke = stack(app, "BroadInvoke");
        ManagedPolicy.Builder.create(broadInvoke, "GameServer")
                .statements(List.of(PolicyStatement.Builder.create()
                        .actions(List.of("execute-api:Invoke"))
                        .resources(List.of("arn:aws:execute-api:us-east-1:111111111111:a1b2c3/$default/POST/*"))
                        .build()))
                .build();
        stacks.put("BroadInvoke", broadInvoke);

        Stack unthrottled = stack(app, "UnthrottledRoute");
        Function fn3 = Function.Builder.create(unthrottled, "Fn")
                .runtime(Runtime.NODEJS_22_X)
                .handler("index.handler")
                .code(Code.fromInline("exports.handler = async () => ({})"))
                .build();
        HttpApi throttledByDefaultOnly = HttpApi.Builder.create(unthrottled, "Api")
                .defaultAuthorizer(new HttpIamAuthorizer())
                .createDefaultStage(false)
                .build();
        HttpStage.Builder.create(unthrottled, "Stage")
                .httpApi(throttledByDefaultOnly)
                .stageName("$default")
                .throttle(
                        ThrottleSettings.builder().rateLimit(10).burstLimit(10).build())
                .build();
        throttledByDefaultOnly.addRoutes(AddRoutesOptions.builder()
                .path("/mint")
                .methods(List.of(HttpMethod.POST))
                .integration(new HttpLambdaIntegration("Mint", fn3))
                .build());
        stacks.put("UnthrottledRoute", unthrottled);

        Stack googleKey = stack(app, "GoogleKeySecret");
        Function.Builder.create(googleKey, "Fn")
                .runtime(Runtime.NODEJS_22_X)
                .handler("index.handler")
                .code(Code.fromInline("exports.handler = async () => ({})"))
                .environment(Map.of(
                        "BLUEMARBLE_SPANNER_CREDENTIALS_SECRET_ARN",
                        "arn:aws:secretsmanager:us-east-1:111111111111:secret:bluemarble/spanner-credentials"))
                .build();
        stacks.put("GoogleKeySecret", googleKey);

        app.synth();
        badFindings = new java.util.LinkedHashMap<>();
        stacks.forEach((name, stack) -> {
            @SuppressWarnings("unchecked")
            Map<String, Object> json =
                    (Map<String, Object>) Template.fromStack(stack).toJSON();
            badFindings.put(name, TemplateInvariants.violations(name, json));
        });
    }

    @Test
    void catchesAStarActionAddedToARolePolicy() {
        assertThat(badFindings.get("StarAction"))
                .hasSize(2)
                .anySatisfy(v -> assertThat(v).contains("wildcard action '*'"))
                // Resource * in an identity policy: only for the X-Ray actions that support nothing narrower.
                .anySatisfy(v -> assertThat(v).contains("* on resource *"));
    }

    @Test
    void catchesAServiceWideWildcardButIgnoresWildcardDenies() {
        assertThat(badFindings.get("ServiceStar")).singleElement().asString().contains("wildcard action 'dynamodb:*'");
    }

    @Test
    void catchesAllowWithNotAction() {
        assertThat(badFindings.get("NotAction")).singleElement().asString().contains("NotAction");
    }

    @Test
    void catchesWildcardsInResourcePoliciesToo() {
        assertThat(badFindings.get("BucketPolicyStar"))
                .singleElement()
                .asString()
                .contains("wildcard action 's3:*'");
    }

    @Test
    void catchesManagedPoliciesOutsideTheAllowList() {
        assertThat(badFindings.get("AdminPolicy")).singleElement().asString().contains("AdministratorAccess");
    }

    @Test
    void catchesAnUnencryptedBucketWithoutTlsPolicyOrPublicAccessBlock() {
        assertThat(badFindings.get("UnencryptedBucket"))
                .anySatisfy(v -> assertThat(v).contains("without default encryption"))
                .anySatisfy(v -> assertThat(v).contains("non-TLS"))
                .anySatisfy(v -> assertThat(v).contains("public access not blocked"));
    }

    @Test
    void catchesABucketWhosePublicPoliciesAreNotBlocked() {
        assertThat(badFindings.get("PublicBucket"))
                .anySatisfy(v -> assertThat(v).contains("public access not blocked (BlockPublicPolicy)"));
    }

    @Test
    void catchesATableWithoutKmsEncryption() {
        assertThat(badFindings.get("UnencryptedTable"))
                .singleElement()
                .asString()
                .contains("table without KMS encryption");
    }

    @Test
    void catchesAnUnencryptedQueue() {
        assertThat(badFindings.get("UnencryptedQueue"))
                .singleElement()
                .asString()
                .contains("queue without server-side encryption");
    }

    @Test
    void catchesRedisWithoutEncryptionOrAuth() {
        assertThat(badFindings.get("PlainRedis"))
                .hasSize(3)
                .anySatisfy(v -> assertThat(v).contains("not encrypted at rest"))
                .anySatisfy(v -> assertThat(v).contains("without TLS"))
                .anySatisfy(v -> assertThat(v).contains("without AUTH"));
    }

    @Test
    void catchesAnUnauthenticatedRoute() {
        assertThat(badFindings.get("OpenRoute"))
                .anySatisfy(
                        v -> assertThat(v).contains("route POST /open is not IAM-authorized (AuthorizationType=NONE)"));
    }

    @Test
    void catchesAPublicFunctionUrl() {
        assertThat(badFindings.get("OpenFunctionUrl"))
                .anySatisfy(v -> assertThat(v).contains("function URL without IAM auth"))
                .anySatisfy(v -> assertThat(v).contains("invocable by any principal"));
    }

    @Test
    void catchesExecuteApiInvokeOnAWildcardResource() {
        assertThat(badFindings.get("BroadInvoke"))
                .singleElement()
                .asString()
                .contains("execute-api:Invoke on a wildcard resource");
    }

    @Test
    void catchesARouteWithoutItsOwnThrottling() {
        // (Its function's default role also carries the basic execution policy, reported as such.)
        assertThat(badFindings.get("UnthrottledRoute"))
                .filteredOn(v -> !v.contains("AWSLambdaBasicExecutionRole"))
                .singleElement()
                .asString()
                .contains("route POST /mint has no throttling");
    }

    @Test
    void catchesAFunctionGivenAGoogleKeySecret() {
        assertThat(badFindings.get("GoogleKeySecret"))
                .anySatisfy(v -> assertThat(v).contains("secret for Google credentials"));
    }

    private static Stack stack(App app, String id) {
        return new Stack(
                app,
                id,
                StackProps.builder()
                        .env(Environment.builder()
                                .account(SynthesizedApp.DUMMY_ACCOUNT)
                                .region("us-east-1")
                                .build())
                        .build());
    }

    private static Bucket secureBucket(Stack stack, String id) {
        return Bucket.Builder.create(stack, id)
                .encryption(BucketEncryption.S3_MANAGED)
                .enforceSsl(true)
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .build();
    }
}
