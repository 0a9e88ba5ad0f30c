package com.bluemarble.infra;

import static com.bluemarble.infra.StorageStackTest.logicalId;
import static com.bluemarble.infra.TemplateJson.at;
import static com.bluemarble.infra.TemplateJson.list;
import static com.bluemarble.infra.TemplateJson.map;
import static com.bluemarble.infra.TemplateJson.props;
import static com.bluemarble.infra.TemplateJson.render;
import static com.bluemarble.infra.TemplateJson.resourcesOfType;
import static org.assertj.core.api.Assertions.assertThat;

import com.bluemarble.infra.config.FunctionCatalog;
import com.bluemarble.infra.config.FunctionCatalog.Access;
import com.bluemarble.infra.config.FunctionCatalog.FunctionSpec;
import com.bluemarble.infra.stacks.CatalogFunctions;
import com.bluemarble.infra.stacks.ServiceStack;
import com.bluemarble.infra.stacks.StorageStack;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.constructs.IConstruct;

/** Functions, API, event source, Redis, network and alarms of every region's service stack. */
class ServiceStackTest {

    private final SynthesizedApp synth = SynthesizedApp.get();

    static List<String> regions() {
        return SynthesizedApp.regions();
    }

    private ServiceStack service(String region) {
        return synth.stacks.byRegion().get(region).service();
    }

    private static String id(ServiceStack stack, IConstruct construct) {
        return StorageStackTest.logicalIdOf(stack, construct);
    }

    private FunctionSpec spec(String name) {
        return synth.functions.stream()
                .filter(f -> f.name().equals(name))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void catalogListsEveryFunctionOnceAndPutsOnlyRedisUsersInTheVpc() {
        assertThat(synth.functions)
                .extracting(FunctionSpec::name)
                .containsExactlyInAnyOrder(
                        "grant",
                        "trade",
                        "playerEconomy",
                        "economyAudit",
                        "snapshotIngest",
                        "snapshotWriter",
                        "snapshotLoad",
                        "leaderboardSubmit",
                        "leaderboardTop",
                        "leaderboardRank",
                        "leaderboardArchiveSeasons",
                        "terrainPut",
                        "terrainGet",
                        "terrainGetRegion",
                        "backupCreate",
                        "backupRestore",
                        "backupList",
                        "purchase",
                        "consume",
                        "craft",
                        "listingCreate",
                        "listingBuy",
                        "listingCancel",
                        "listingsSearch",
                        "playerHistory",
                        "listingsExpire",
                        "economyAuditStart",
                        "economyAuditPartition",
                        "economyAuditStatus",
                        "economyAuditFinish",
                        "playerErase",
                        "playerEraseStatus",
                        "playerEraseStep",
                        "playerExport",
                        "playerExportStatus",
                        "playerExportStep");
        assertThat(synth.functions)
                .filteredOn(FunctionSpec::inVpc)
                .extracting(FunctionSpec::name)
                .containsExactlyInAnyOrder(
                        "leaderboardSubmit",
                        "leaderboardTop",
                        "leaderboardRank",
                        "leaderboardArchiveSeasons",
                        "backupCreate",
                        // Issue 15: freezing and erasing or exporting leaderboard entries in every region's Redis,
                        // and re-applying erasures after a restore.
                        "backupRestore",
                        "playerErase",
                        "playerEraseStep",
                        "playerExportStep");
        // The game config is read by every economy function that applies game rules, and by nothing else (the
        // expiry and the partitioned audit job apply none).
        assertThat(synth.functions)
                .filteredOn(f -> f.uses(Access.CONFIG_READ))
                .extracting(FunctionSpec::name)
                .containsExactlyInAnyOrder(
                        "grant",
                        "trade",
                        "playerEconomy",
                        "economyAudit",
                        "purchase",
                        "consume",
                        "craft",
                        "listingCreate",
                        "listingBuy",
                        "listingCancel",
                        "listingsSearch",
                        "playerHistory");
        assertThat(synth.functions)
                .filteredOn(f -> !f.routed())
                .extracting(FunctionSpec::name)
                .containsExactlyInAnyOrder(
                        "snapshotWriter",
                        "leaderboardArchiveSeasons",
                        "listingsExpire",
                        "economyAuditFinish",
                        "playerEraseStep",
                        "playerExportStep");
        // The listing expiry runs every minute on Spanner alone.
        assertThat(spec("listingsExpire").scheduleMinutes()).isEqualTo(1);
        assertThat(spec("listingsExpire").access()).containsExactly(Access.SPANNER);
        assertThat(spec("snapshotWriter").timeoutSeconds())
                .isEqualTo(synth.resources.snapshotWriter().timeoutSeconds());
    }

    @ParameterizedTest
    @MethodSource("regions")
    void everyFunctionRunsTheSharedJarOnJava21WithSnapStartItsMemoryTimeoutAndBean(String region) {
        ServiceStack stack = service(region);
        Map<String, Map<String, Object>> lambdas = resourcesOfType(synth.json(stack), "AWS::Lambda::Function");
        for (FunctionSpec spec : synth.functions) {
            Map<String, Object> p =
                    props(lambdas.get(id(stack, stack.functions().get(spec.name()))));
            assertThat(p.get("Runtime")).as(spec.name()).isEqualTo("java21");
            assertThat(p.get("Handler"))
                    .isEqualTo("org.springframework.cloud.function.adapter.aws.FunctionInvoker::handleRequest");
            assertThat(p.get("MemorySize")).as(spec.name()).isEqualTo(spec.memoryMb());
            assertThat(p.get("Timeout")).as(spec.name()).isEqualTo(spec.timeoutSeconds());
            assertThat(p.get("SnapStart")).as(spec.name()).isEqualTo(Map.of("ApplyOn", "PublishedVersions"));
            assertThat(at(p, "Environment.Variables.SPRING_CLOUD_FUNCTION_DEFINITION"))
                    .isEqualTo(spec.name());
            assertThat(at(p, "Environment.Variables.MAIN_CLASS"))
                    .as(spec.name())
                    .isEqualTo(spec.family().mainClass());
            assertThat(spec.family().mainClass()).startsWith("com.bluemarble.functions.packaging.");
            assertThat(render(at(p, "Code.S3Key"))).as("code asset").endsWith(".zip");
            // Issue 14 traces: the ADOT collector layer of this region (AWS's account, an extension: no Java agent,
            // no wrapper), and the app's exporter pointed at it.
            assertThat(list(p.get("Layers")))
                    .as(spec.name() + " layers")
                    .singleElement()
                    .asString()
                    .matches("arn:aws:lambda:" + region
                            + ":\\d{12}:layer:aws-otel-collector-[a-z0-9_]+-ver-[0-9-]+:\\d+");
            assertThat(at(p, "Environment.Variables.AWS_LAMBDA_EXEC_WRAPPER"))
                    .as(spec.name())
                    .isNull();
            assertThat(at(p, "Environment.Variables.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"))
                    .as(spec.name())
                    .isEqualTo("http://localhost:4318/v1/traces");
            assertThat(at(p, "TracingConfig.Mode")).isEqualTo("Active");
        }
        // The 15 functions plus CDK's own handler that locks down the VPC's default security group.
        assertThat(lambdas).hasSize(synth.functions.size() + 1);
    }

    @ParameterizedTest
    @MethodSource("regions")
    void functionsGetExactlyTheEnvironmentVariablesOfTheStoresTheyUse(String region) {
        ServiceStack stack = service(region);
        Map<String, Map<String, Object>> lambdas = resourcesOfType(synth.json(stack), "AWS::Lambda::Function");
        for (FunctionSpec spec : synth.functions) {
            Set<String> expected = new TreeSet<>(Set.of("SPRING_CLOUD_FUNCTION_DEFINITION", "MAIN_CLASS"));
            // Traces: the app's exporter endpoint (the collector layer), on every function.
            expected.addAll(CatalogFunctions.TRACES_ENVIRONMENT.keySet());
            if (spec.uses(Access.SPANNER)) {
                expected.addAll(Set.of(
                        "BLUEMARBLE_SPANNER_PROJECT_ID",
                        "BLUEMARBLE_SPANNER_INSTANCE_ID",
                        "BLUEMARBLE_SPANNER_DATABASE_ID",
                        "BLUEMARBLE_SPANNER_CREDENTIALS_CONFIG"));
            }
            if (spec.uses(Access.SPANNER_RESTORE_TARGET)) expected.add("BLUEMARBLE_BACKUPS_RESTORE_DATABASE_ID");
            if (spec.uses(Access.SNAPSHOT_QUEUE_SEND)) expected.add("BLUEMARBLE_SNAPSHOTS_QUEUE_URL");
            if (spec.uses(Access.SNAPSHOT_TABLE_READ) || spec.uses(Access.SNAPSHOT_TABLE_WRITE)) {
                expected.add("BLUEMARBLE_SNAPSHOTS_TABLE_NAME");
            }
            if (spec.uses(Access.SNAPSHOT_STATES_READ)
                    || spec.uses(Access.SNAPSHOT_STATES_WRITE)
                    || spec.uses(Access.SNAPSHOT_STATES_PUT)
                    || spec.uses(Access.SNAPSHOT_STATES_ERASE)) {
                expected.add("BLUEMARBLE_SNAPSHOTS_BUCKET");
            }
            if (spec.uses(Access.TERRAIN_READ) || spec.uses(Access.TERRAIN_WRITE)) {
                expected.add("BLUEMARBLE_TERRAIN_BUCKET");
            }
            if (spec.uses(Access.BACKUPS_READ) || spec.uses(Access.BACKUPS_WRITE) || spec.uses(Access.SEASON_ARCHIVE)) {
                expected.add("BLUEMARBLE_BACKUPS_BUCKET");
            }
            if (spec.uses(Access.CONFIG_READ)) expected.add("BLUEMARBLE_CONFIG_BUCKET");
            if (spec.uses(Access.REDIS)) {
                expected.addAll(Set.of("BLUEMARBLE_LEADERBOARD_ENDPOINTS", "BLUEMARBLE_REDIS_AUTH_SECRET_ARN"));
            }
            if (spec.uses(Access.SEASON_ARCHIVE_READ)) expected.add("BLUEMARBLE_BACKUPS_BUCKET");
            if (spec.uses(Access.SNAPSHOT_ERASURE_MARKS_READ) || spec.uses(Access.SNAPSHOT_ERASURE_MARKS_WRITE)) {
                expected.add("BLUEMARBLE_SNAPSHOTS_ERASURE_TABLE");
            }
            if (spec.uses(Access.EXPORTS_READ) || spec.uses(Access.EXPORTS_WRITE)) {
                expected.add("BLUEMARBLE_PRIVACY_EXPORTS_BUCKET");
            }
            if (spec.uses(Access.AUDIT_REPORTS_PUT)) expected.add("BLUEMARBLE_ECONOMY_AUDIT_JOB_REPORTS_BUCKET");
            if (spec.uses(Access.ERASURE_START)) expected.add("BLUEMARBLE_PRIVACY_ERASURE_STATE_MACHINE_ARN");
            if (spec.uses(Access.EXPORT_START)) expected.add("BLUEMARBLE_PRIVACY_EXPORT_STATE_MACHINE_ARN");

            Map<String, Object> env =
                    map(at(props(lambdas.get(id(stack, stack.functions().get(spec.name())))), "Environment.Variables"));
            assertThat(new TreeSet<>(env.keySet())).as(spec.name()).isEqualTo(expected);
            if (spec.uses(Access.REDIS)) {
                String redis = id(stack, stack.redis());
                // Every region's shard in 'regions' order; this region's from its own Redis, the others from context.
                List<String> pairs = new java.util.ArrayList<>();
                Map<String, String> given =
                        synth.config.leaderboard().endpoints().orElseThrow();
                for (String r : regions()) {
                    pairs.add(r + "="
                            + (r.equals(region)
                                    ? "rediss://${" + redis + ".PrimaryEndPoint.Address}:${" + redis
                                            + ".PrimaryEndPoint.Port}"
                                    : given.get(r)));
                }
                assertThat(render(env.get("BLUEMARBLE_LEADERBOARD_ENDPOINTS")))
                        .as(spec.name())
                        .isEqualTo(String.join(",", pairs));
                assertThat(env.get("BLUEMARBLE_REDIS_AUTH_SECRET_ARN")).isEqualTo(redisSecretArn(region));
            }
            if (spec.uses(Access.SNAPSHOT_TABLE_READ)) {
                // Same-region cross-stack reference: an export of the storage stack.
                assertThat(render(env.get("BLUEMARBLE_SNAPSHOTS_TABLE_NAME"))).startsWith("${Import:");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("regions")
    void spannerCoordinatesAndTheFederationConfigComeFromSsmAndNoFunctionHoldsAGoogleKey(String region) {
        ServiceStack stack = service(region);
        Map<String, Object> json = synth.json(stack);
        Set<String> ssmNames = map(json.get("Parameters")).values().stream()
                .map(TemplateJson::map)
                .filter(p -> "AWS::SSM::Parameter::Value<String>".equals(p.get("Type")))
                .filter(p -> !String.valueOf(p.get("Default")).startsWith("/cdk-bootstrap/"))
                .map(p -> String.valueOf(p.get("Default")))
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(ssmNames)
                .containsExactly(
                        "/bluemarble/spanner/credentials-config",
                        "/bluemarble/spanner/database-id",
                        "/bluemarble/spanner/instance-id",
                        "/bluemarble/spanner/project-id",
                        "/bluemarble/spanner/restore-database-id");
        Map<String, Object> restoreEnv = map(at(
                props(resourcesOfType(json, "AWS::Lambda::Function")
                        .get(id(stack, stack.functions().get("backupRestore")))),
                "Environment.Variables"));
        assertThat(map(restoreEnv.get("BLUEMARBLE_BACKUPS_RESTORE_DATABASE_ID"))
                        .get("Ref")
                        .toString())
                .startsWith("SsmParameterValue");

        Map<String, Map<String, Object>> lambdas = resourcesOfType(json, "AWS::Lambda::Function");
        Map<String, Object> env =
                map(at(props(lambdas.get(id(stack, stack.functions().get("grant")))), "Environment.Variables"));
        assertThat(map(env.get("BLUEMARBLE_SPANNER_PROJECT_ID")).get("Ref").toString())
                .startsWith("SsmParameterValue");
        // Workload Identity Federation: the external_account configuration, resolved from SSM at deploy time.
        assertThat(map(env.get("BLUEMARBLE_SPANNER_CREDENTIALS_CONFIG"))
                        .get("Ref")
                        .toString())
                .startsWith("SsmParameterValue");
        Map<String, Map<String, Object>> roles = resourcesOfType(json, "AWS::IAM::Role");
        for (FunctionSpec spec : synth.functions) {
            // No key: nothing may read a Spanner/Google secret...
            assertThat(actionsWhere(stack, spec.name(), r -> r.contains(":secret:bluemarble/spanner")))
                    .as(spec.name())
                    .isEmpty();
            // ...and the Spanner functions' roles carry the name the workload identity pool admits.
            Object roleName =
                    props(roles.get(id(stack, stack.roles().get(spec.name())))).get("RoleName");
            if (spec.uses(Access.SPANNER)) {
                assertThat(roleName).as(spec.name()).isEqualTo("bluemarble-spanner-" + spec.name() + "-" + region);
            } else {
                assertThat(roleName).as(spec.name()).isNull();
            }
            Set<String> redisSecret =
                    actionsWhere(stack, spec.name(), r -> r.equals(redisSecretArn(region) + "-??????"));
            assertThat(redisSecret.isEmpty())
                    .as(spec.name() + " reads the Redis AUTH token")
                    .isEqualTo(!spec.uses(Access.REDIS));
        }
    }

    @ParameterizedTest
    @MethodSource("regions")
    void iamGrantsFollowTheCatalog(String region) {
        ServiceStack stack = service(region);
        for (FunctionSpec spec : synth.functions) {
            Set<String> actions = actionsWhere(stack, spec.name(), r -> true);
            assertThat(actions.contains("sqs:SendMessage"))
                    .as(spec.name() + " sends to SQS")
                    .isEqualTo(spec.uses(Access.SNAPSHOT_QUEUE_SEND));
            assertThat(actions.contains("sqs:ReceiveMessage"))
                    .as(spec.name() + " consumes SQS")
                    .isEqualTo(spec.uses(Access.SNAPSHOT_QUEUE_CONSUME));
            assertThat(actions.contains("dynamodb:PutItem"))
                    .as(spec.name() + " writes DynamoDB")
                    .isEqualTo(
                            spec.uses(Access.SNAPSHOT_TABLE_WRITE) || spec.uses(Access.SNAPSHOT_ERASURE_MARKS_WRITE));
            assertThat(actions.contains("dynamodb:GetItem"))
                    .as(spec.name() + " reads DynamoDB")
                    .isEqualTo(spec.uses(Access.SNAPSHOT_TABLE_READ)
                            || spec.uses(Access.SNAPSHOT_TABLE_WRITE)
                            || spec.uses(Access.SNAPSHOT_ERASURE_MARKS_READ)
                            || spec.uses(Access.SNAPSHOT_ERASURE_MARKS_WRITE));
            boolean writesObjects = spec.uses(Access.TERRAIN_WRITE)
                    || spec.uses(Access.BACKUPS_WRITE)
                    || spec.uses(Access.SNAPSHOT_STATES_WRITE)
                    || spec.uses(Access.SNAPSHOT_STATES_PUT)
                    || spec.uses(Access.SEASON_ARCHIVE)
                    || spec.uses(Access.EXPORTS_WRITE)
                    || spec.uses(Access.AUDIT_REPORTS_PUT);
            assertThat(actions.contains("s3:PutObject"))
                    .as(spec.name() + " writes S3")
                    .isEqualTo(writesObjects);
            assertThat(actions.contains("s3:DeleteObject*"))
                    .as(spec.name() + " deletes S3 objects")
                    .isEqualTo(spec.uses(Access.SNAPSHOT_STATES_WRITE) || spec.uses(Access.SNAPSHOT_STATES_ERASE));
            // Logs only into the function's own log group (no AWSLambdaBasicExecutionRole).
            String logGroup = id(stack, stack.catalogFunctions().logGroups().get(spec.name()));
            assertThat(actionsWhere(stack, spec.name(), r -> r.equals("${" + logGroup + ".Arn}")))
                    .containsExactlyInAnyOrder("logs:CreateLogStream", "logs:PutLogEvents");
        }
        // Backups and terrain are written with put only: the functions can never delete them.
        for (String bucket : List.of("BackupsBucket", "TerrainBucket")) {
            String arn = importedArn(region, bucket);
            for (FunctionSpec spec : synth.functions) {
                assertThat(actionsWhere(stack, spec.name(), r -> r.startsWith(arn)))
                        .as(spec.name() + " on " + bucket)
                        .doesNotContain("s3:DeleteObject*");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("regions")
    void everyFunctionHasAPublishedVersionAndALiveAlias(String region) {
        ServiceStack stack = service(region);
        Map<String, Object> json = synth.json(stack);
        Template template = synth.template(stack);
        template.resourceCountIs("AWS::Lambda::Version", synth.functions.size());
        template.resourceCountIs("AWS::Lambda::Alias", synth.functions.size());
        Map<String, Map<String, Object>> aliases = resourcesOfType(json, "AWS::Lambda::Alias");
        Map<String, Map<String, Object>> versions = resourcesOfType(json, "AWS::Lambda::Version");
        for (FunctionSpec spec : synth.functions) {
            Map<String, Object> alias =
                    props(aliases.get(id(stack, stack.aliases().get(spec.name()))));
            assertThat(alias.get("Name")).isEqualTo("live");
            String versionId =
                    list(at(alias, "FunctionVersion.Fn::GetAtt")).get(0).toString();
            assertThat(render(props(versions.get(versionId)).get("FunctionName")))
                    .isEqualTo("${Ref:" + id(stack, stack.functions().get(spec.name())) + "}");
        }
    }

    @ParameterizedTest
    @MethodSource("regions")
    void httpApiRoutesPostPerFunctionToItsAliasAndEveryRouteRequiresIam(String region) {
        ServiceStack stack = service(region);
        Map<String, Object> json = synth.json(stack);
        Template template = synth.template(stack);
        template.resourceCountIs("AWS::ApiGatewayV2::Api", 1);
        template.hasResourceProperties("AWS::ApiGatewayV2::Api", Map.of("ProtocolType", "HTTP"));

        Map<String, Map<String, Object>> routes = resourcesOfType(json, "AWS::ApiGatewayV2::Route");
        Map<String, Map<String, Object>> integrations = resourcesOfType(json, "AWS::ApiGatewayV2::Integration");
        Set<String> expectedRouteKeys = synth.functions.stream()
                .filter(FunctionSpec::routed)
                .map(f -> "POST /" + f.name())
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> routeKeys = routes.values().stream()
                .map(r -> String.valueOf(props(r).get("RouteKey")))
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(routeKeys).isEqualTo(expectedRouteKeys);
        assertThat(expectedRouteKeys)
                .hasSize(synth.functions.size() - 6)
                .doesNotContain(
                        "POST /snapshotWriter",
                        "POST /leaderboardArchiveSeasons",
                        "POST /listingsExpire",
                        // State machine steps: only their machine invokes them.
                        "POST /economyAuditFinish",
                        "POST /playerEraseStep",
                        "POST /playerExportStep");

        for (Map<String, Object> route : routes.values()) {
            Map<String, Object> p = props(route);
            String routeKey = p.get("RouteKey").toString();
            assertThat(p.get("AuthorizationType")).as(routeKey).isEqualTo("AWS_IAM");
            String name = routeKey.substring("POST /".length());
            String integrationId = render(p.get("Target")).replaceAll("^integrations/\\$\\{Ref:(.+)}$", "$1");
            assertThat(render(props(integrations.get(integrationId)).get("IntegrationUri")))
                    .as(name + " integrates with its alias")
                    .isEqualTo("${Ref:" + id(stack, stack.aliases().get(name)) + "}");
        }

        // API Gateway may invoke each alias only through its own route.
        Map<String, Map<String, Object>> permissions =
                new java.util.LinkedHashMap<>(resourcesOfType(json, "AWS::Lambda::Permission"));
        // The one other permission: EventBridge on the archive function's alias (see the schedule test).
        permissions.values().removeIf(p -> "events.amazonaws.com".equals(props(p).get("Principal")));
        assertThat(permissions).hasSize(expectedRouteKeys.size());
        permissions.values().forEach(perm -> {
            assertThat(props(perm).get("Principal")).isEqualTo("apigateway.amazonaws.com");
            assertThat(render(props(perm).get("SourceArn"))).matches(".*/\\*/\\*/[A-Za-z]+$");
        });

        template.hasResourceProperties(
                "AWS::ApiGatewayV2::Stage",
                Map.of(
                        "StageName",
                        "$default",
                        "AutoDeploy",
                        true,
                        "AccessLogSettings",
                        Match.objectLike(Map.of(
                                "DestinationArn", Match.anyValue(),
                                "Format", Match.stringLikeRegexp(".*userArn.*"))),
                        "DefaultRouteSettings",
                        Match.objectLike(Map.of("ThrottlingRateLimit", Match.anyValue()))));
    }

    @ParameterizedTest
    @MethodSource("regions")
    void snapshotWriterAliasConsumesTheQueueInBatchesReportingItemFailures(String region) {
        ServiceStack stack = service(region);
        Template template = synth.template(stack);
        template.resourceCountIs("AWS::Lambda::EventSourceMapping", 1);
        Map<String, Object> mapping = props(resourcesOfType(synth.json(stack), "AWS::Lambda::EventSourceMapping")
                .values()
                .iterator()
                .next());
        // "<function name>:live", derived from the alias ARN.
        assertThat(render(mapping.get("FunctionName")))
                .contains("${Ref:" + id(stack, stack.aliases().get("snapshotWriter")) + "}")
                .endsWith(":live");
        template.hasResourceProperties(
                "AWS::Lambda::EventSourceMapping",
                Map.of(
                        "BatchSize", synth.resources.snapshotWriter().batchSize(),
                        "MaximumBatchingWindowInSeconds",
                                synth.resources.snapshotWriter().maximumBatchingWindowSeconds(),
                        "FunctionResponseTypes", List.of("ReportBatchItemFailures"),
                        "EventSourceArn", Match.objectLike(Map.of("Fn::ImportValue", Match.anyValue()))));
        assertThat(synth.resources.snapshotQueue().visibilityTimeoutSeconds())
                .isGreaterThanOrEqualTo(synth.resources.snapshotWriter().timeoutSeconds());
    }

    @ParameterizedTest
    @MethodSource("regions")
    void redisIsAMultiAzEncryptedReplicationGroupWithAuthFromSecretsManagerReachableOnlyFromTheFunctions(
            String region) {
        ServiceStack stack = service(region);
        Template template = synth.template(stack);
        template.resourceCountIs("AWS::ElastiCache::ReplicationGroup", 1);
        template.hasResourceProperties(
                "AWS::ElastiCache::ReplicationGroup",
                Map.of(
                        "Engine",
                        "redis",
                        "NumCacheClusters",
                        2,
                        "MultiAZEnabled",
                        true,
                        "AutomaticFailoverEnabled",
                        true,
                        "AtRestEncryptionEnabled",
                        true,
                        "TransitEncryptionEnabled",
                        true,
                        "Port",
                        ServiceStack.REDIS_PORT,
                        // The shared, ops-created secret (same token in every region), as a dynamic reference.
                        "AuthToken",
                        "{{resolve:secretsmanager:bluemarble/leaderboard-redis-auth:SecretString:::}}",
                        "CacheSubnetGroupName",
                        Map.of("Ref", id(stack, stack.network().redisSubnetGroup())),
                        "SecurityGroupIds",
                        List.of(Map.of("Fn::GetAtt", List.of(id(stack, stack.redisSecurityGroup()), "GroupId")))));
        template.hasResourceProperties(
                "AWS::ElastiCache::ReplicationGroup",
                Map.of("CacheParameterGroupName", Map.of("Ref", id(stack, stack.redisParameters()))));
        template.resourceCountIs("AWS::SecretsManager::Secret", 0);
        template.hasResourceProperties(
                "AWS::ElastiCache::ParameterGroup",
                Map.of("CacheParameterGroupFamily", "redis7", "Properties", Map.of("lazyfree-lazy-expire", "yes")));

        // The only way in: the functions' security group, on the Redis port; Redis itself has no egress.
        template.resourceCountIs("AWS::EC2::SecurityGroupIngress", 1);
        template.hasResourceProperties(
                "AWS::EC2::SecurityGroupIngress",
                Map.of(
                        "GroupId",
                        Map.of("Fn::GetAtt", List.of(id(stack, stack.redisSecurityGroup()), "GroupId")),
                        "SourceSecurityGroupId",
                        Map.of("Fn::GetAtt", List.of(id(stack, stack.functionsSecurityGroup()), "GroupId")),
                        "FromPort",
                        ServiceStack.REDIS_PORT,
                        "ToPort",
                        ServiceStack.REDIS_PORT,
                        "IpProtocol",
                        "tcp"));
        template.hasResourceProperties(
                "AWS::EC2::SecurityGroup",
                Map.of(
                        "GroupDescription", Match.stringLikeRegexp("ElastiCache.*"),
                        "SecurityGroupEgress", List.of(Match.objectLike(Map.of("CidrIp", "255.255.255.255/32")))));
    }

    @ParameterizedTest
    @MethodSource("regions")
    void onlyRedisUsersRunInTheVpcOnPrivateSubnetsWithNatAndGatewayEndpoints(String region) {
        ServiceStack stack = service(region);
        Map<String, Object> json = synth.json(stack);
        Template template = synth.template(stack);
        Map<String, Map<String, Object>> lambdas = resourcesOfType(json, "AWS::Lambda::Function");
        Set<String> privateSubnets =
                stack.vpc().getPrivateSubnets().stream().map(s -> id(stack, s)).collect(Collectors.toSet());
        for (FunctionSpec spec : synth.functions) {
            Object vpcConfig = props(lambdas.get(id(stack, stack.functions().get(spec.name()))))
                    .get("VpcConfig");
            if (spec.inVpc()) {
                assertThat(list(at(vpcConfig, "SubnetIds")))
                        .as(spec.name())
                        .hasSize(2)
                        .allSatisfy(s -> assertThat(privateSubnets)
                                .contains(map(s).get("Ref").toString()));
                assertThat(list(at(vpcConfig, "SecurityGroupIds")))
                        .containsExactly(
                                Map.of("Fn::GetAtt", List.of(id(stack, stack.functionsSecurityGroup()), "GroupId")));
            } else {
                assertThat(vpcConfig).as(spec.name() + " stays out of the VPC").isNull();
            }
        }
        template.resourceCountIs("AWS::EC2::NatGateway", 2);
        template.resourceCountIs("AWS::EC2::VPCEndpoint", 2);
        for (String service : List.of("s3", "dynamodb")) {
            template.hasResourceProperties(
                    "AWS::EC2::VPCEndpoint",
                    Map.of(
                            "VpcEndpointType",
                            "Gateway",
                            "ServiceName",
                            Match.objectLike(Map.of(
                                    "Fn::Join", Match.arrayWith(List.of(Match.arrayWith(List.of("." + service))))))));
        }
        template.hasResourceProperties("AWS::EC2::FlowLog", Map.of("TrafficType", "ALL"));
        // Two AZs from the committed context (cdk.context.json), not CDK's dummy lookup values.
        assertThat(stack.vpc().getAvailabilityZones()).containsExactly(region + "a", region + "b");
    }

    @ParameterizedTest
    @MethodSource("regions")
    void alarmsCoverErrorsAndThrottlesOfEveryFunctionAndTheDeadLetterQueue(String region) {
        ServiceStack stack = service(region);
        Map<String, Map<String, Object>> alarms =
                resourcesOfType(synth.resolvedNestedJson(stack.alarms()), "AWS::CloudWatch::Alarm");
        String topicRef = "${Ref:" + StorageStackTest.logicalIdOf(stack.alarms(), stack.alarmTopic()) + "}";
        for (FunctionSpec spec : synth.functions) {
            String fnRef = "${Ref:" + id(stack, stack.functions().get(spec.name())) + "}";
            // A state machine step's retried outages are Lambda errors by design: its machine's failure alarm
            // stands for it (WorkflowsTest).
            List<String> metrics = spec.trigger() == FunctionCatalog.Trigger.STATE_MACHINE
                    ? List.of("Throttles")
                    : List.of("Errors", "Throttles");
            for (String metric : metrics) {
                assertThat(alarms.values()).as(spec.name() + " " + metric).anySatisfy(a -> {
                    Map<String, Object> p = props(a);
                    assertThat(p.get("Namespace")).isEqualTo("AWS/Lambda");
                    assertThat(p.get("MetricName")).isEqualTo(metric);
                    assertThat(list(p.get("Dimensions")))
                            .extracting(d -> render(map(d).get("Value")))
                            .containsExactly(fnRef);
                    assertThat(p.get("Threshold")).isEqualTo(1);
                    assertThat(list(p.get("AlarmActions")))
                            .extracting(TemplateJson::render)
                            .containsExactly(topicRef);
                });
            }
        }
        String dlqName = "${Import:";
        assertThat(alarms.values()).as("DLQ depth alarm").anySatisfy(a -> {
            Map<String, Object> p = props(a);
            assertThat(p.get("Namespace")).isEqualTo("AWS/SQS");
            assertThat(p.get("MetricName")).isEqualTo("ApproximateNumberOfMessagesVisible");
            assertThat(render(map(list(p.get("Dimensions")).get(0)).get("Value")))
                    .startsWith(dlqName);
            assertThat(list(p.get("AlarmActions")))
                    .extracting(TemplateJson::render)
                    .containsExactly(topicRef);
        });
        // Errors, throttles and the 5xx-rate SLO per function; the DLQ, trade p99, writer lag and Redis memory.
        long stateMachineSteps = synth.functions.stream()
                .filter(f -> f.trigger() == FunctionCatalog.Trigger.STATE_MACHINE)
                .count();
        assertThat(alarms).hasSize((int) (3 * synth.functions.size() - stateMachineSteps + 4));
        // CloudWatch may publish to the topic (the alarms' actions).
        assertThat(resourcesOfType(synth.resolvedNestedJson(stack.alarms()), "AWS::SNS::TopicPolicy")
                        .values())
                .singleElement()
                .satisfies(policy -> assertThat(list(at(props(policy), "PolicyDocument.Statement")))
                        .anySatisfy(statement -> assertThat(map(statement))
                                .containsEntry("Effect", "Allow")
                                .containsEntry("Action", "sns:Publish")
                                .containsEntry("Principal", Map.of("Service", "cloudwatch.amazonaws.com"))));
    }

    @ParameterizedTest
    @MethodSource("regions")
    void theArchiveFunctionRunsEveryFifteenMinutesOnItsAliasAndTouchesOnlyTheArchivePrefix(String region) {
        ServiceStack stack = service(region);
        Map<String, Object> json = synth.json(stack);
        Map<String, Map<String, Object>> rules = resourcesOfType(json, "AWS::Events::Rule");
        assertThat(rules).hasSize(2);
        Map<String, Object> rule = props(rules.get(id(stack, stack.schedules().get("leaderboardArchiveSeasons"))));
        assertThat(rule.get("ScheduleExpression")).isEqualTo("rate(15 minutes)");
        assertThat(rule.get("State")).isIn(null, "ENABLED");
        Map<String, Object> target = map(list(rule.get("Targets")).get(0));
        assertThat(render(target.get("Arn")))
                .isEqualTo("${Ref:" + id(stack, stack.aliases().get("leaderboardArchiveSeasons")) + "}");
        assertThat(target.get("Input")).isEqualTo("{}");
        assertThat(resourcesOfType(json, "AWS::Lambda::Permission").values()).anySatisfy(p -> {
            assertThat(props(p).get("Principal")).isEqualTo("events.amazonaws.com");
            assertThat(render(props(p).get("FunctionName")))
                    .isEqualTo("${Ref:" + id(stack, stack.aliases().get("leaderboardArchiveSeasons")) + "}");
        });

        String backups = importedArn(region, "BackupsBucket");
        Set<String> objectResources = new TreeSet<>();
        statements(stack, "leaderboardArchiveSeasons").stream()
                .filter(st -> list(st.get("Action")).stream()
                        .anyMatch(a -> a.toString().startsWith("s3:")))
                .forEach(st -> list(st.get("Resource")).forEach(r -> objectResources.add(render(r))));
        // The bucket itself (List/GetBucket*) and objects under leaderboards/ only.
        assertThat(objectResources)
                .hasSize(2)
                .allSatisfy(r -> assertThat(r).startsWith(backups))
                .anySatisfy(r -> assertThat(r).endsWith("}"))
                .anySatisfy(r -> assertThat(r).endsWith("}/leaderboards/*"));
        assertThat(actionsWhere(stack, "leaderboardArchiveSeasons", r -> r.startsWith(backups)))
                .contains("s3:PutObject", "s3:GetObject*")
                .doesNotContain("s3:DeleteObject*");
    }

    @ParameterizedTest
    @MethodSource("regions")
    void theListingExpiryRunsEveryMinuteOnItsAliasWithAnEmptyBody(String region) {
        ServiceStack stack = service(region);
        Map<String, Object> json = synth.json(stack);
        Map<String, Object> rule = props(resourcesOfType(json, "AWS::Events::Rule")
                .get(id(stack, stack.schedules().get("listingsExpire"))));
        assertThat(rule.get("ScheduleExpression")).isEqualTo("rate(1 minute)");
        assertThat(rule.get("State")).isIn(null, "ENABLED");
        Map<String, Object> target = map(list(rule.get("Targets")).get(0));
        assertThat(render(target.get("Arn")))
                .isEqualTo("${Ref:" + id(stack, stack.aliases().get("listingsExpire")) + "}");
        assertThat(target.get("Input")).isEqualTo("{}");
        assertThat(resourcesOfType(json, "AWS::Lambda::Permission").values()).anySatisfy(p -> {
            assertThat(props(p).get("Principal")).isEqualTo("events.amazonaws.com");
            assertThat(render(props(p).get("FunctionName")))
                    .isEqualTo("${Ref:" + id(stack, stack.aliases().get("listingsExpire")) + "}");
        });
        // Safe to run twice or concurrently (the function's contract), so EventBridge may retry it.
        assertThat(at(target, "RetryPolicy.MaximumRetryAttempts")).isEqualTo(2);
    }

    @ParameterizedTest
    @MethodSource("regions")
    void regionsHaveDisjointCidrsArePeeredAndReachEachOthersRedis(String region) {
        ServiceStack stack = service(region);
        Map<String, Object> json = synth.json(stack);
        Map<String, String> cidrs = synth.config.leaderboard().vpcCidrs();
        assertThat(new java.util.HashSet<>(cidrs.values())).hasSize(regions().size());
        synth.template(stack).hasResourceProperties("AWS::EC2::VPC", Map.of("CidrBlock", cidrs.get(region)));

        // Redis admits the other regions' VPCs on the Redis port only.
        Map<String, Object> redisSg =
                props(resourcesOfType(json, "AWS::EC2::SecurityGroup").get(id(stack, stack.redisSecurityGroup())));
        Set<String> peerCidrs = regions().stream()
                .filter(r -> !r.equals(region))
                .map(cidrs::get)
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(list(redisSg.get("SecurityGroupIngress")))
                .extracting(TemplateJson::map)
                .allSatisfy(rule -> assertThat(rule)
                        .containsEntry("FromPort", ServiceStack.REDIS_PORT)
                        .containsEntry("ToPort", ServiceStack.REDIS_PORT)
                        .containsEntry("IpProtocol", "tcp"))
                .extracting(rule -> String.valueOf(rule.get("CidrIp")))
                .containsExactlyInAnyOrderElementsOf(peerCidrs);

        // The region listed first requests the peering; the other routes back through the given pcx id.
        int own = regions().indexOf(region);
        Map<String, Map<String, Object>> peerings = resourcesOfType(json, "AWS::EC2::VPCPeeringConnection");
        assertThat(peerings).hasSize(regions().size() - 1 - own);
        for (String peer : regions().subList(own + 1, regions().size())) {
            assertThat(peerings.values()).anySatisfy(p -> {
                assertThat(props(p).get("PeerRegion")).isEqualTo(peer);
                assertThat(props(p).get("PeerVpcId"))
                        .isEqualTo(synth.config.leaderboard().peerVpcIds().get(peer));
                assertThat(render(props(p).get("VpcId"))).isEqualTo("${Ref:" + id(stack, stack.vpc()) + "}");
            });
        }
        Map<String, Map<String, Object>> routes = resourcesOfType(json, "AWS::EC2::Route");
        for (String peer : regions()) {
            if (peer.equals(region)) continue;
            String expectedPcx = own < regions().indexOf(peer)
                    ? "${Ref:" + id(stack, stack.peeringConnections().get(peer)) + "}"
                    : synth.config
                            .leaderboard()
                            .peeringConnectionId(peer, region)
                            .orElseThrow();
            // Two functions subnets and two Redis subnets route the peer's CIDR through the peering.
            assertThat(routes.values().stream()
                            .map(TemplateJson::props)
                            .filter(r -> cidrs.get(peer).equals(r.get("DestinationCidrBlock")))
                            .toList())
                    .hasSize(4)
                    .allSatisfy(r ->
                            assertThat(render(r.get("VpcPeeringConnectionId"))).isEqualTo(expectedPcx));
        }

        // Published for the next deploy phase.
        Map<String, Map<String, Object>> parameters = resourcesOfType(json, "AWS::SSM::Parameter");
        assertThat(parameters.values())
                .extracting(p -> String.valueOf(props(p).get("Name")))
                .containsExactlyInAnyOrder("/bluemarble/leaderboard/redis-endpoint", "/bluemarble/network/vpc-id");
    }

    /**
     * The stack's resources live in constructs by concern, but keep the logical ids they had as direct children of
     * the stack: a changed logical id makes CloudFormation replace the resource (a new VPC and Redis, a new API URL,
     * a duplicate security group rule that fails the deploy).
     */
    @Test
    void resourcesKeepTheLogicalIdsTheyHadBeforeTheStackWasSplitIntoConstructs() {
        ServiceStack stack = service("us-east-1");
        Map<String, Object> resources = map(synth.json(stack).get("Resources"));
        assertThat(id(stack, stack.vpc())).isEqualTo("Vpc8378EB38");
        assertThat(id(stack, stack.redis())).isEqualTo("Redis");
        assertThat(id(stack, stack.api())).isEqualTo("ApiF70053CD");
        assertThat(id(stack, stack.httpApi().stage())).isEqualTo("ApiDefaultStage829AE46A");
        assertThat(id(stack, stack.catalogFunctions().logGroups().get("trade"))).isEqualTo("tradeLogsA0465AC6");
        assertThat(resources)
                .containsKeys(
                        "ApiAccessLogsE9DF007D",
                        "RedisSecurityGroupfromBlueMarbleServiceuseast1FunctionsSecurityGroup5162421E6380C4FD6591",
                        "snapshotWriterAliasSqsEventSourceBlueMarbleStorageuseast1SnapshotQueueD2299E67BA7C81C6");
        assertThat(resources.keySet())
                .filteredOn(k -> k.startsWith("tradeFunctionCurrentVersion"))
                .hasSize(1)
                .allSatisfy(k -> assertThat(k).startsWith("tradeFunctionCurrentVersion33A3F6A0"));
        assertThat(resources.keySet())
                .noneMatch(k -> k.startsWith("LeaderboardNetwork")
                        || (k.startsWith("Functions") && !k.startsWith("FunctionsSecurityGroup"))
                        || k.startsWith("HttpApi")
                        || (k.startsWith("Alarms") && !k.startsWith("AlarmsNestedStack")));
    }

    private static String redisSecretArn(String region) {
        return "arn:aws:secretsmanager:" + region + ":" + SynthesizedApp.DUMMY_ACCOUNT
                + ":secret:bluemarble/leaderboard-redis-auth";
    }

    // --- IAM helpers: the statements of the policies attached to one function's role.

    /** How the service stack renders a storage bucket's ARN: an import of the storage stack's export (prefix). */
    private String importedArn(String region, String constructId) {
        return "${Import:BlueMarble-Storage-" + region + ":ExportsOutputFnGetAtt" + storageId(region, constructId)
                + "Arn";
    }

    private String storageId(String region, String constructId) {
        StorageStack storage = synth.stacks.byRegion().get(region).storage();
        return logicalId(
                storage, storage.getNode().findChild(constructId).getNode().getDefaultChild());
    }

    private List<Map<String, Object>> statements(ServiceStack stack, String function) {
        String roleId = id(stack, stack.roles().get(function));
        return resourcesOfType(synth.json(stack), "AWS::IAM::Policy").values().stream()
                .filter(p -> list(props(p).get("Roles")).contains(Map.of("Ref", roleId)))
                .flatMap(p -> list(at(props(p), "PolicyDocument.Statement")).stream())
                .map(TemplateJson::map)
                .toList();
    }

    /** Allowed actions of the function's role on resources (rendered as text) matching the predicate. */
    private Set<String> actionsWhere(
            ServiceStack stack, String function, java.util.function.Predicate<String> resource) {
        Set<String> out = new LinkedHashSet<>();
        statements(stack, function).stream()
                .filter(s -> "Allow".equals(s.get("Effect")))
                .filter(s -> list(s.get("Resource")).stream()
                        .map(TemplateJson::render)
                        .anyMatch(resource))
                .forEach(s -> list(s.get("Action")).forEach(a -> out.add(a.toString())));
        return out;
    }
}
