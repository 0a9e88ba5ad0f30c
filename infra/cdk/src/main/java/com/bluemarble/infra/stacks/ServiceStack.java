package com.bluemarble.infra.stacks;

import com.bluemarble.infra.config.DeploymentConfig;
import com.bluemarble.infra.config.DeploymentConfig.SpannerSettings;
import com.bluemarble.infra.config.FunctionCatalog;
import com.bluemarble.infra.config.FunctionCatalog.Access;
import com.bluemarble.infra.config.FunctionCatalog.FunctionSpec;
import com.bluemarble.infra.config.FunctionCatalog.Trigger;
import com.bluemarble.infra.config.FunctionPackages;
import com.bluemarble.infra.config.LeaderboardNetwork;
import com.bluemarble.infra.config.ResourceDefinitions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.SecretValue;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.aws_apigatewayv2_authorizers.HttpIamAuthorizer;
import software.amazon.awscdk.aws_apigatewayv2_integrations.HttpLambdaIntegration;
import software.amazon.awscdk.services.apigateway.AccessLogFormat;
import software.amazon.awscdk.services.apigatewayv2.AddRoutesOptions;
import software.amazon.awscdk.services.apigatewayv2.HttpApi;
import software.amazon.awscdk.services.apigatewayv2.HttpMethod;
import software.amazon.awscdk.services.apigatewayv2.HttpStage;
import software.amazon.awscdk.services.apigatewayv2.IAccessLogDestination;
import software.amazon.awscdk.services.apigatewayv2.IAccessLogSettings;
import software.amazon.awscdk.services.apigatewayv2.LogGroupLogDestination;
import software.amazon.awscdk.services.apigatewayv2.ThrottleSettings;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.ec2.CfnRoute;
import software.amazon.awscdk.services.ec2.CfnVPCPeeringConnection;
import software.amazon.awscdk.services.ec2.FlowLogDestination;
import software.amazon.awscdk.services.ec2.FlowLogOptions;
import software.amazon.awscdk.services.ec2.FlowLogTrafficType;
import software.amazon.awscdk.services.ec2.GatewayVpcEndpointAwsService;
import software.amazon.awscdk.services.ec2.GatewayVpcEndpointOptions;
import software.amazon.awscdk.services.ec2.ISubnet;
import software.amazon.awscdk.services.ec2.IpAddresses;
import software.amazon.awscdk.services.ec2.Peer;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetConfiguration;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.elasticache.CfnParameterGroup;
import software.amazon.awscdk.services.elasticache.CfnReplicationGroup;
import software.amazon.awscdk.services.elasticache.CfnSubnetGroup;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.RuleTargetInput;
import software.amazon.awscdk.services.events.Schedule;
import software.amazon.awscdk.services.events.targets.LambdaFunction;
import software.amazon.awscdk.services.events.targets.LambdaFunctionProps;
import software.amazon.awscdk.services.iam.ManagedPolicy;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.lambda.eventsources.SqsEventSource;
import software.amazon.awscdk.services.lambda.eventsources.SqsEventSourceProps;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.secretsmanager.ISecret;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.amazon.awscdk.services.ssm.StringParameter;
import software.constructs.Construct;

/**
 * Per-region compute: one Lambda per function from its family's package, the IAM-authorized HTTP API,
 * the SQS event source of the snapshot writer, ElastiCache for Redis in a VPC, and the alarms.
 */
public final class ServiceStack extends Stack {

    public static final String HANDLER =
            "org.springframework.cloud.function.adapter.aws.FunctionInvoker::handleRequest";
    public static final String ALIAS_NAME = "live";
    /** Not 6379: fewer drive-by scans; access is gated by security group, TLS and AUTH regardless. */
    public static final int REDIS_PORT = LeaderboardNetwork.REDIS_PORT;
    /** ElastiCache parameter group family of engine version 7.x. */
    public static final String REDIS_PARAMETER_FAMILY = "redis7";
    /**
     * Ended seasons' keys expire (the app sets a TTL of retention); freeing big sorted sets in the background keeps
     * an expiry from blocking the single Redis thread.
     */
    public static final Map<String, String> REDIS_PARAMETERS = Map.of("lazyfree-lazy-expire", "yes");
    /** ENI management for in-VPC functions; AWS keeps it in step with what the Lambda service needs. */
    public static final String VPC_ACCESS_POLICY = "service-role/AWSLambdaVPCAccessExecutionRole";

    private static final String ACCESS_LOG_FORMAT = "{\"requestId\":\"$context.requestId\","
            + "\"ip\":\"$context.identity.sourceIp\",\"caller\":\"$context.identity.caller\","
            + "\"userArn\":\"$context.identity.userArn\",\"requestTime\":\"$context.requestTime\","
            + "\"routeKey\":\"$context.routeKey\",\"status\":\"$context.status\","
            + "\"latencyMs\":\"$context.responseLatency\",\"integrationError\":\"$context.integrationErrorMessage\"}";

    private final Map<String, Function> functions = new LinkedHashMap<>();
    private final Map<String, Alias> aliases = new LinkedHashMap<>();
    private final Map<String, Role> roles = new LinkedHashMap<>();
    private final HttpApi api;
    private final Vpc vpc;
    private final SecurityGroup functionsSecurityGroup;
    private final SecurityGroup redisSecurityGroup;
    private final CfnReplicationGroup redis;
    private final CfnParameterGroup redisParameters;
    private final ISecret redisAuthToken;
    private final Map<String, CfnVPCPeeringConnection> peeringConnections = new LinkedHashMap<>();
    private final Map<String, Rule> schedules = new LinkedHashMap<>();
    private final String leaderboardEndpoints;
    private final ISecret spannerCredentials;
    private final Topic alarmTopic;

    public ServiceStack(
            Construct scope,
            String id,
            StackProps props,
            DeploymentConfig config,
            ResourceDefinitions resources,
            List<FunctionSpec> functionSpecs,
            FunctionPackages packages,
            StorageStack storage) {
        super(scope, id, props);
        String region = getRegion();
        LeaderboardNetwork network = config.leaderboard();
        network.requireEndpointsDecision();

        // --- Network: Redis needs a VPC, and the functions that talk to it must be inside.
        // NAT gateways (one per AZ, so losing an AZ does not cut egress) because backupCreate/backupRestore
        // reach Spanner on googleapis.com and every in-VPC function reads its secrets from Secrets Manager.
        // S3 and DynamoDB go through free gateway endpoints so bulk backup traffic never pays NAT processing.
        LogGroup flowLogs = LogGroup.Builder.create(this, "VpcFlowLogs")
                .retention(RetentionDays.ONE_MONTH)
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        vpc = Vpc.Builder.create(this, "Vpc")
                .ipAddresses(IpAddresses.cidr(network.vpcCidrs().get(region)))
                .maxAzs(2)
                .natGateways(2)
                .subnetConfiguration(List.of(
                        SubnetConfiguration.builder()
                                .name("Public")
                                .subnetType(SubnetType.PUBLIC)
                                .cidrMask(24)
                                .build(),
                        SubnetConfiguration.builder()
                                .name("Functions")
                                .subnetType(SubnetType.PRIVATE_WITH_EGRESS)
                                .cidrMask(20)
                                .build(),
                        SubnetConfiguration.builder()
                                .name("Redis")
                                .subnetType(SubnetType.PRIVATE_ISOLATED)
                                .cidrMask(24)
                                .build()))
                .gatewayEndpoints(Map.of(
                        "S3",
                                GatewayVpcEndpointOptions.builder()
                                        .service(GatewayVpcEndpointAwsService.S3)
                                        .build(),
                        "DynamoDb",
                                GatewayVpcEndpointOptions.builder()
                                        .service(GatewayVpcEndpointAwsService.DYNAMODB)
                                        .build()))
                .flowLogs(Map.of(
                        "AllTraffic",
                        FlowLogOptions.builder()
                                .destination(FlowLogDestination.toCloudWatchLogs(flowLogs))
                                .trafficType(FlowLogTrafficType.ALL)
                                .build()))
                .restrictDefaultSecurityGroup(true)
                .build();

        functionsSecurityGroup = SecurityGroup.Builder.create(this, "FunctionsSecurityGroup")
                .vpc(vpc)
                .description("Lambda functions that use Redis; egress to Redis, AWS APIs and Spanner")
                .allowAllOutbound(true)
                .build();
        redisSecurityGroup = SecurityGroup.Builder.create(this, "RedisSecurityGroup")
                .vpc(vpc)
                .description("ElastiCache Redis; reachable only from the functions security group")
                .allowAllOutbound(false)
                .build();
        redisSecurityGroup
                .getConnections()
                .allowFrom(functionsSecurityGroup, Port.tcp(REDIS_PORT), "Redis from BlueMarble functions");
        // Global rank reads every region's shard: the other regions' functions come in over VPC peering.
        for (String peer : config.regions()) {
            if (!peer.equals(region)) {
                redisSecurityGroup.addIngressRule(
                        Peer.ipv4(network.vpcCidrs().get(peer)),
                        Port.tcp(REDIS_PORT),
                        "Redis from BlueMarble functions in " + peer + " (VPC peering)");
            }
        }
        peerWithOtherRegions(config, network, region);

        // --- Redis: multi-AZ replication group (cluster mode off: one shard, one replica in the other AZ).
        // One AUTH token for every region's Redis (a function authenticates to all shards with one secret): an
        // ops-created secret of the same name and value in every region, like the Spanner credentials.
        redisAuthToken = Secret.fromSecretNameV2(this, "RedisAuthToken", network.authSecretName());
        redisParameters = CfnParameterGroup.Builder.create(this, "RedisParameters")
                .cacheParameterGroupFamily(REDIS_PARAMETER_FAMILY)
                .description("BlueMarble leaderboards: lazy freeing of expired season keys")
                .properties(REDIS_PARAMETERS)
                .build();
        CfnSubnetGroup redisSubnets = CfnSubnetGroup.Builder.create(this, "RedisSubnetGroup")
                .description("Isolated subnets of the BlueMarble leaderboard Redis")
                .subnetIds(vpc.selectSubnets(SubnetSelection.builder()
                                .subnetGroupName("Redis")
                                .build())
                        .getSubnetIds())
                .build();
        redis = CfnReplicationGroup.Builder.create(this, "Redis")
                .replicationGroupDescription("BlueMarble leaderboards (" + region + ")")
                .engine("redis")
                .engineVersion("7.1")
                .cacheNodeType(config.redisNodeType())
                .numCacheClusters(2)
                .automaticFailoverEnabled(true)
                .multiAzEnabled(true)
                .atRestEncryptionEnabled(true)
                .transitEncryptionEnabled(true)
                // A CloudFormation dynamic reference: the token never appears in the template.
                .authToken(SecretValue.secretsManager(network.authSecretName()).unsafeUnwrap())
                .cacheParameterGroupName(redisParameters.getRef())
                .port(REDIS_PORT)
                .cacheSubnetGroupName(redisSubnets.getRef())
                .securityGroupIds(List.of(redisSecurityGroup.getSecurityGroupId()))
                .snapshotRetentionLimit(7)
                .autoMinorVersionUpgrade(true)
                .build();
        String redisEndpoint =
                "rediss://" + redis.getAttrPrimaryEndPointAddress() + ":" + redis.getAttrPrimaryEndPointPort();
        // Published for the other regions' deploys (phase 2): infra/leaderboard-context.sh reads them.
        StringParameter.Builder.create(this, "RedisEndpointParameter")
                .parameterName(LeaderboardNetwork.ENDPOINT_PARAMETER)
                .description("rediss:// endpoint of the BlueMarble leaderboard Redis in " + region)
                .stringValue(redisEndpoint)
                .build();
        StringParameter.Builder.create(this, "VpcIdParameter")
                .parameterName(LeaderboardNetwork.VPC_ID_PARAMETER)
                .description(
                        "VPC of the BlueMarble functions and Redis in " + region + " (peered with the other regions)")
                .stringValue(vpc.getVpcId())
                .build();
        // BLUEMARBLE_LEADERBOARD_ENDPOINTS: every region's shard, this region's from its own Redis.
        List<String> endpointPairs = new ArrayList<>();
        for (String r : config.regions()) {
            if (r.equals(region)) {
                endpointPairs.add(r + "=" + redisEndpoint);
            } else {
                network.endpoints().ifPresent(all -> endpointPairs.add(r + "=" + all.get(r)));
            }
        }
        leaderboardEndpoints = String.join(",", endpointPairs);
        if (network.regionalOnly() && config.regions().size() > 1) {
            Annotations.of(this)
                    .addWarningV2(
                            "bluemarble:regionalLeaderboards",
                            "leaderboardEndpoints=regional: functions in " + region
                                    + " see only this region's Redis, so global"
                                    + " ranks are incomplete. Deploy again with every region's endpoint (infra/README.md).");
        }

        // --- Spanner: credentials and IDs come from the environment of the deployment, never from code.
        SpannerSettings spanner = config.spanner();
        spannerCredentials = Secret.fromSecretNameV2(this, "SpannerCredentials", spanner.credentialsSecretName());
        Map<String, String> spannerEnv = Map.of(
                "BLUEMARBLE_SPANNER_PROJECT_ID",
                        spanner.projectId()
                                .orElseGet(() -> StringParameter.valueForStringParameter(
                                        this, spanner.parameterPrefix() + "/project-id")),
                "BLUEMARBLE_SPANNER_INSTANCE_ID",
                        spanner.instanceId()
                                .orElseGet(() -> StringParameter.valueForStringParameter(
                                        this, spanner.parameterPrefix() + "/instance-id")),
                "BLUEMARBLE_SPANNER_DATABASE_ID",
                        spanner.databaseId()
                                .orElseGet(() -> StringParameter.valueForStringParameter(
                                        this, spanner.parameterPrefix() + "/database-id")),
                "BLUEMARBLE_SPANNER_CREDENTIALS_SECRET_ARN", spannerCredentials.getSecretArn());
        String restoreDatabaseId = spanner.restoreDatabaseId()
                .orElseGet(() -> StringParameter.valueForStringParameter(
                        this, spanner.parameterPrefix() + "/restore-database-id"));

        // --- HTTP API: every route requires SigV4 (IAM); callers need execute-api:Invoke on the route.
        LogGroup apiAccessLogs = LogGroup.Builder.create(this, "ApiAccessLogs")
                .retention(RetentionDays.THREE_MONTHS)
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        api = HttpApi.Builder.create(this, "Api")
                .apiName("bluemarble-" + region)
                .description("BlueMarble functions: POST /<functionName>, IAM (SigV4) authorization")
                .defaultAuthorizer(new HttpIamAuthorizer())
                .createDefaultStage(false)
                .build();
        HttpStage stage = HttpStage.Builder.create(this, "ApiDefaultStage")
                .httpApi(api)
                .stageName("$default")
                .autoDeploy(true)
                .throttle(ThrottleSettings.builder()
                        .rateLimit(2000)
                        .burstLimit(1000)
                        .build())
                .accessLogSettings(new IAccessLogSettings() {
                    @Override
                    public IAccessLogDestination getDestination() {
                        return new LogGroupLogDestination(apiAccessLogs);
                    }

                    @Override
                    public AccessLogFormat getFormat() {
                        return AccessLogFormat.custom(ACCESS_LOG_FORMAT);
                    }
                })
                .build();

        // --- Alarms go to one topic per region; subscribe on-call by e-mail via -c alarmEmail=...
        alarmTopic = Topic.Builder.create(this, "AlarmTopic")
                .displayName("BlueMarble alarms " + region)
                .enforceSsl(true)
                .build();
        alarmTopic.grantPublish(new ServicePrincipal("cloudwatch.amazonaws.com")
                .withConditions(Map.of("StringEquals", Map.of("aws:SourceAccount", getAccount()))));
        config.alarmEmail().ifPresent(email -> alarmTopic.addSubscription(new EmailSubscription(email)));
        SnsAction alarmAction = new SnsAction(alarmTopic);

        // --- Functions, from the one table in FunctionCatalog.
        for (FunctionSpec spec : functionSpecs) {
            Map<String, String> env = new LinkedHashMap<>();
            env.put("SPRING_CLOUD_FUNCTION_DEFINITION", spec.name());
            env.put("MAIN_CLASS", spec.family().mainClass());
            // Names as the app binds them (Spring relaxed binding of bluemarble.* keys, or the ${ENV} placeholders
            // of application.properties); AppEnvironmentTest checks every name against the app.
            if (spec.uses(Access.SPANNER)) env.putAll(spannerEnv);
            if (spec.uses(Access.SPANNER_RESTORE_TARGET))
                env.put("BLUEMARBLE_BACKUPS_RESTORE_DATABASE_ID", restoreDatabaseId);
            if (spec.uses(Access.SNAPSHOT_QUEUE_SEND)) {
                env.put(
                        "BLUEMARBLE_SNAPSHOTS_QUEUE_URL",
                        storage.snapshotQueue().getQueueUrl());
            }
            if (spec.uses(Access.SNAPSHOT_TABLE_READ) || spec.uses(Access.SNAPSHOT_TABLE_WRITE)) {
                env.put(
                        "BLUEMARBLE_SNAPSHOTS_TABLE_NAME",
                        storage.snapshotsTable().getTableName());
            }
            if (spec.uses(Access.SNAPSHOT_STATES_READ)
                    || spec.uses(Access.SNAPSHOT_STATES_WRITE)
                    || spec.uses(Access.SNAPSHOT_STATES_PUT)) {
                env.put(
                        "BLUEMARBLE_SNAPSHOTS_BUCKET",
                        storage.snapshotStatesBucket().getBucketName());
            }
            if (spec.uses(Access.TERRAIN_READ) || spec.uses(Access.TERRAIN_WRITE)) {
                env.put("BLUEMARBLE_TERRAIN_BUCKET", storage.terrainBucket().getBucketName());
            }
            // The season archive's bucket is bluemarble.leaderboard.archive.bucket=${BLUEMARBLE_BACKUPS_BUCKET:...}.
            if (spec.uses(Access.BACKUPS_READ) || spec.uses(Access.BACKUPS_WRITE) || spec.uses(Access.SEASON_ARCHIVE)) {
                env.put("BLUEMARBLE_BACKUPS_BUCKET", storage.backupsBucket().getBucketName());
            }
            if (spec.uses(Access.CONFIG_READ)) {
                env.put("BLUEMARBLE_CONFIG_BUCKET", storage.configBucket().getBucketName());
            }
            if (spec.uses(Access.REDIS)) {
                env.put("BLUEMARBLE_LEADERBOARD_ENDPOINTS", leaderboardEndpoints);
                // bluemarble.leaderboard.auth-secret-arn=${BLUEMARBLE_REDIS_AUTH_SECRET_ARN:} in the app.
                env.put("BLUEMARBLE_REDIS_AUTH_SECRET_ARN", redisAuthToken.getSecretArn());
            }

            LogGroup logGroup = LogGroup.Builder.create(this, spec.name() + "Logs")
                    .retention(RetentionDays.ONE_MONTH)
                    .removalPolicy(RemovalPolicy.DESTROY)
                    .build();
            // Own role instead of CDK's default: the default attaches AWSLambdaBasicExecutionRole, which may
            // write to every log group in the account; this one may write to its own log group only.
            Role role = Role.Builder.create(this, spec.name() + "Role")
                    .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                    .description("Execution role of BlueMarble " + spec.name())
                    .managedPolicies(
                            spec.inVpc()
                                    ? List.of(ManagedPolicy.fromAwsManagedPolicyName(VPC_ACCESS_POLICY))
                                    : List.of())
                    .build();
            logGroup.grantWrite(role);
            Function.Builder fn = Function.Builder.create(this, spec.name() + "Function")
                    .role(role)
                    .description("BlueMarble " + spec.name())
                    .runtime(Runtime.JAVA_21)
                    .architecture(Architecture.X86_64)
                    .handler(HANDLER)
                    .code(packages.code(spec.family()))
                    .memorySize(spec.memoryMb())
                    .timeout(Duration.seconds(spec.timeoutSeconds()))
                    .environment(env)
                    // The snapshot is taken when a version is published; the app's CRaC beforeCheckpoint
                    // hook primes the code paths. Invocations must go through a version or alias to use it.
                    .snapStart(SnapStartConf.ON_PUBLISHED_VERSIONS)
                    .logGroup(logGroup);
            if (spec.inVpc()) {
                fn.vpc(vpc)
                        .vpcSubnets(SubnetSelection.builder()
                                .subnetType(SubnetType.PRIVATE_WITH_EGRESS)
                                .build())
                        .securityGroups(List.of(functionsSecurityGroup));
            }
            Function function = fn.build();
            // The alias below publishes a version on every code or configuration change, which is what
            // SnapStart snapshots; CDK warns whenever SnapStart is on because it cannot see that.
            Annotations.of(function)
                    .acknowledgeWarning(
                            "@aws-cdk/aws-lambda:snapStartRequirePublish",
                            "versions are published through currentVersion and the 'live' alias");
            grant(spec, function, storage);
            if (spec.uses(Access.SPANNER)) spannerCredentials.grantRead(function);
            if (spec.uses(Access.REDIS)) redisAuthToken.grantRead(function);

            Alias alias = Alias.Builder.create(this, spec.name() + "Alias")
                    .aliasName(ALIAS_NAME)
                    .version(function.getCurrentVersion())
                    .build();
            functions.put(spec.name(), function);
            roles.put(spec.name(), role);
            aliases.put(spec.name(), alias);

            if (spec.uses(Access.SNAPSHOT_QUEUE_CONSUME)) {
                alias.addEventSource(new SqsEventSource(
                        storage.snapshotQueue(),
                        SqsEventSourceProps.builder()
                                .batchSize(resources.snapshotWriter().batchSize())
                                .maxBatchingWindow(Duration.seconds(
                                        resources.snapshotWriter().maximumBatchingWindowSeconds()))
                                // The writer returns SQSBatchResponse: only the failed messages come back.
                                .reportBatchItemFailures(true)
                                .build()));
            }
            if (spec.trigger() == Trigger.SCHEDULE) {
                // A fixed {} body: the function's request is an empty JSON object, not the scheduled event.
                Rule rule = Rule.Builder.create(this, spec.name() + "Schedule")
                        .description("Runs BlueMarble " + spec.name() + " every " + spec.scheduleMinutes() + " minutes")
                        .schedule(Schedule.rate(Duration.minutes(spec.scheduleMinutes())))
                        .targets(List.of(new LambdaFunction(
                                alias,
                                LambdaFunctionProps.builder()
                                        .event(RuleTargetInput.fromObject(Map.of()))
                                        .retryAttempts(2)
                                        .build())))
                        .build();
                schedules.put(spec.name(), rule);
            }
            if (spec.routed()) {
                api.addRoutes(AddRoutesOptions.builder()
                        .path("/" + spec.name())
                        .methods(List.of(HttpMethod.POST))
                        .integration(new HttpLambdaIntegration(spec.name() + "Integration", alias))
                        .build());
            }

            alarm(
                    spec.name() + "ErrorsAlarm",
                    "bluemarble-" + spec.name() + "-errors",
                    "BlueMarble " + spec.name() + " reported invocation errors",
                    function.metricErrors(fiveMinuteSum()),
                    alarmAction);
            alarm(
                    spec.name() + "ThrottlesAlarm",
                    "bluemarble-" + spec.name() + "-throttles",
                    "BlueMarble " + spec.name() + " was throttled",
                    function.metricThrottles(fiveMinuteSum()),
                    alarmAction);
        }

        alarm(
                "SnapshotDeadLetterQueueAlarm",
                "bluemarble-snapshot-dlq-depth",
                "Player snapshots reached the dead-letter queue after repeated writer failures",
                storage.snapshotDeadLetterQueue()
                        .metricApproximateNumberOfMessagesVisible(MetricOptions.builder()
                                .period(Duration.minutes(5))
                                .statistic("Maximum")
                                .build()),
                alarmAction);

        CfnOutput.Builder.create(this, "ApiUrl")
                .value(stage.getUrl())
                .description("Invoke with SigV4: POST <url><functionName>")
                .build();
        CfnOutput.Builder.create(this, "RedisEndpoint").value(redisEndpoint).build();
    }

    private void grant(FunctionSpec spec, Function function, StorageStack storage) {
        for (Access access : spec.access()) {
            switch (access) {
                case SNAPSHOT_QUEUE_SEND -> storage.snapshotQueue().grantSendMessages(function);
                case SNAPSHOT_QUEUE_CONSUME -> {
                    /* granted by the SQS event source on the alias */
                }
                case SNAPSHOT_TABLE_READ -> storage.snapshotsTable().grantReadData(function);
                case SNAPSHOT_TABLE_WRITE -> storage.snapshotsTable().grantReadWriteData(function);
                case SNAPSHOT_STATES_READ -> storage.snapshotStatesBucket().grantRead(function);
                case SNAPSHOT_STATES_WRITE -> storage.snapshotStatesBucket().grantReadWrite(function);
                case SNAPSHOT_STATES_PUT -> storage.snapshotStatesBucket().grantPut(function);
                case TERRAIN_READ -> storage.terrainBucket().grantRead(function);
                // Put only: terrain chunks are replaced by conditional writes, never deleted by the API.
                case TERRAIN_WRITE -> storage.terrainBucket().grantPut(function);
                case BACKUPS_READ -> storage.backupsBucket().grantRead(function);
                // Put only: a backup, once written, is never modified or deleted by the functions.
                case BACKUPS_WRITE -> storage.backupsBucket().grantPut(function);
                case CONFIG_READ -> storage.configBucket().grantRead(function);
                // Only the archive prefix: the function can neither read nor overwrite the backups themselves.
                case SEASON_ARCHIVE -> {
                    storage.backupsBucket().grantRead(function, FunctionCatalog.SEASON_ARCHIVE_PREFIX + "*");
                    storage.backupsBucket().grantPut(function, FunctionCatalog.SEASON_ARCHIVE_PREFIX + "*");
                }
                case SPANNER, SPANNER_RESTORE_TARGET, REDIS -> {
                    /* secrets granted by the caller; network via VPC */
                }
            }
        }
    }

    /**
     * Inter-region VPC peering for the leaderboards. Of each pair of regions, the one listed first requests the
     * connection (once the peer's VPC id is known: -c peerVpcIds) and the other routes back (once the connection
     * id is known: -c vpcPeeringConnectionIds). Both route the peer's CIDR from the functions' and Redis subnets.
     */
    private void peerWithOtherRegions(DeploymentConfig config, LeaderboardNetwork network, String region) {
        List<ISubnet> subnets = new ArrayList<>(vpc.selectSubnets(SubnetSelection.builder()
                        .subnetType(SubnetType.PRIVATE_WITH_EGRESS)
                        .build())
                .getSubnets());
        subnets.addAll(vpc.selectSubnets(
                        SubnetSelection.builder().subnetGroupName("Redis").build())
                .getSubnets());
        int own = config.regions().indexOf(region);
        for (int i = 0; i < config.regions().size(); i++) {
            String peer = config.regions().get(i);
            if (i == own) continue;
            String pcxId = null;
            if (own < i) {
                String peerVpcId = network.peerVpcIds().get(peer);
                if (peerVpcId == null) continue;
                CfnVPCPeeringConnection pcx = CfnVPCPeeringConnection.Builder.create(this, "Peering-" + peer)
                        .vpcId(vpc.getVpcId())
                        .peerVpcId(peerVpcId)
                        .peerRegion(peer)
                        .peerOwnerId(getAccount())
                        .build();
                peeringConnections.put(peer, pcx);
                pcxId = pcx.getRef();
            } else {
                pcxId = network.peeringConnectionId(peer, region).orElse(null);
                if (pcxId == null) continue;
            }
            for (int s = 0; s < subnets.size(); s++) {
                CfnRoute.Builder.create(this, "RouteTo-" + peer + "-" + s)
                        .routeTableId(subnets.get(s).getRouteTable().getRouteTableId())
                        .destinationCidrBlock(network.vpcCidrs().get(peer))
                        .vpcPeeringConnectionId(pcxId)
                        .build();
            }
        }
    }

    private static MetricOptions fiveMinuteSum() {
        return MetricOptions.builder()
                .period(Duration.minutes(5))
                .statistic("Sum")
                .build();
    }

    private void alarm(String id, String name, String description, IMetric metric, SnsAction action) {
        Alarm alarm = Alarm.Builder.create(this, id)
                .alarmName(name)
                .alarmDescription(description)
                .metric(metric)
                .threshold(1)
                .evaluationPeriods(1)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build();
        alarm.addAlarmAction(action);
        alarm.addOkAction(action);
    }

    public Map<String, Role> roles() {
        return roles;
    }

    public Map<String, Function> functions() {
        return functions;
    }

    public Map<String, Alias> aliases() {
        return aliases;
    }

    public HttpApi api() {
        return api;
    }

    public Vpc vpc() {
        return vpc;
    }

    public SecurityGroup functionsSecurityGroup() {
        return functionsSecurityGroup;
    }

    public SecurityGroup redisSecurityGroup() {
        return redisSecurityGroup;
    }

    public CfnReplicationGroup redis() {
        return redis;
    }

    public CfnParameterGroup redisParameters() {
        return redisParameters;
    }

    public Map<String, CfnVPCPeeringConnection> peeringConnections() {
        return peeringConnections;
    }

    public Map<String, Rule> schedules() {
        return schedules;
    }

    /** The value of BLUEMARBLE_LEADERBOARD_ENDPOINTS (with tokens for this region's own Redis). */
    public String leaderboardEndpoints() {
        return leaderboardEndpoints;
    }

    public ISecret redisAuthToken() {
        return redisAuthToken;
    }

    public ISecret spannerCredentials() {
        return spannerCredentials;
    }

    public Topic alarmTopic() {
        return alarmTopic;
    }
}
