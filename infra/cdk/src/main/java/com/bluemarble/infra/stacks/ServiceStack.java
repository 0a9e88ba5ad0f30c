package com.bluemarble.infra.stacks;

import com.bluemarble.infra.config.DeploymentConfig;
import com.bluemarble.infra.config.DeploymentConfig.SpannerSettings;
import com.bluemarble.infra.config.FunctionCatalog.FunctionSpec;
import com.bluemarble.infra.config.FunctionCatalog.StoreLocations;
import com.bluemarble.infra.config.ResourceDefinitions;
import com.bluemarble.infra.config.ResourceNames;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.apigatewayv2.HttpApi;
import software.amazon.awscdk.services.ec2.CfnVPCPeeringConnection;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.elasticache.CfnParameterGroup;
import software.amazon.awscdk.services.elasticache.CfnReplicationGroup;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.secretsmanager.ISecret;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.ssm.StringParameter;
import software.constructs.Construct;

/**
 * Per-region compute, one construct per concern: the leaderboards' network and Redis
 * ({@link LeaderboardRedisNetwork}), the functions of the catalogue ({@link CatalogFunctions}), the IAM-authorized
 * HTTP API ({@link FunctionHttpApi}), the callers' IAM policies ({@link CallerPolicies}), the alarms ({@link ServiceAlarms}) and the
 * state machines ({@link Workflows}). This class only wires them together.
 */
public final class ServiceStack extends Stack {

    public static final String HANDLER = CatalogFunctions.HANDLER;
    public static final String ALIAS_NAME = CatalogFunctions.ALIAS_NAME;
    public static final int REDIS_PORT = LeaderboardRedisNetwork.REDIS_PORT;
    public static final String REDIS_PARAMETER_FAMILY = LeaderboardRedisNetwork.REDIS_PARAMETER_FAMILY;
    public static final Map<String, String> REDIS_PARAMETERS = LeaderboardRedisNetwork.REDIS_PARAMETERS;
    public static final String VPC_ACCESS_POLICY = CatalogFunctions.VPC_ACCESS_POLICY;

    /**
     * Ids of the concern constructs. They are left out of CloudFormation logical ids ({@link StackLevelLogicalIds}),
     * so a resource keeps the logical id it had when it was a direct child of the stack: splitting the stack
     * replaced nothing already deployed (the VPC, Redis, the API and its URL).
     */
    private static final String NETWORK = "LeaderboardNetwork";

    private static final String FUNCTIONS = "Functions";
    private static final String HTTP_API = "HttpApi";
    private static final String ALARMS = "Alarms";
    private static final String CALLERS = "Callers";
    private static final String LOG_ENCRYPTION = "LogEncryption";
    private static final String DASHBOARDS = "Dashboards";
    private static final String WORKFLOWS = "Workflows";

    private final LeaderboardRedisNetwork network;
    private final CatalogFunctions functions;
    private final FunctionHttpApi httpApi;
    private final ServiceAlarms alarms;
    private final CallerPolicies callers;
    private final LogEncryption logEncryption;
    private final Dashboards dashboards;
    private final Workflows workflows;

    /**
     * @param code the deployment package of each function (chosen in one place: BlueMarbleStacks#functionCode)
     */
    public ServiceStack(
            Construct scope,
            String id,
            StackProps props,
            DeploymentConfig config,
            ResourceDefinitions resources,
            List<FunctionSpec> functionSpecs,
            java.util.function.Function<FunctionSpec, Code> code,
            StorageStack storage) {
        super(scope, id, props);
        config.leaderboard().requireEndpointsDecision();
        StackLevelLogicalIds logicalIds = new StackLevelLogicalIds(this);

        logEncryption = new LogEncryption(this, LOG_ENCRYPTION);
        network = new LeaderboardRedisNetwork(this, NETWORK, config, logEncryption.key());

        // Spanner: IDs and the federation's credential configuration come from the deployment, never from code.
        SpannerSettings spanner = config.spanner();
        StoreLocations stores = new StoreLocations(
                spanner.projectId().orElseGet(() -> ssm(spanner, "/project-id")),
                spanner.instanceId().orElseGet(() -> ssm(spanner, "/instance-id")),
                spanner.databaseId().orElseGet(() -> ssm(spanner, "/database-id")),
                spanner.credentialsConfig().orElseGet(() -> ssm(spanner, "/credentials-config")),
                spanner.restoreDatabaseId().orElseGet(() -> ssm(spanner, "/restore-database-id")),
                storage.snapshotQueue().getQueueUrl(),
                storage.snapshotsTable().getTableName(),
                storage.snapshotStatesBucket().getBucketName(),
                storage.terrainBucket().getBucketName(),
                storage.backupsBucket().getBucketName(),
                storage.configBucket().getBucketName(),
                network.leaderboardEndpoints(),
                network.redisAuthToken().getSecretArn(),
                storage.snapshotErasureTable().getTableName(),
                storage.exportsBucket().getBucketName(),
                storage.auditReportsBucket().getBucketName(),
                // Known before the machines exist (they invoke functions that are created first).
                Workflows.stateMachineArn(this, ResourceNames.ERASURE_STATE_MACHINE),
                Workflows.stateMachineArn(this, ResourceNames.EXPORT_STATE_MACHINE));

        httpApi = new FunctionHttpApi(this, HTTP_API, logEncryption.key());
        functions = new CatalogFunctions(
                this,
                FUNCTIONS,
                functionSpecs,
                code,
                new CatalogFunctions.Dependencies(
                        storage, resources, stores, network, logEncryption.key(), config.adotTraces()),
                logicalIds::keepPath);
        for (FunctionSpec spec : functionSpecs) {
            if (spec.routed()) httpApi.route(spec, functions.aliases().get(spec.name()));
        }
        callers = new CallerPolicies(this, CALLERS, functionSpecs, httpApi, functions.aliases());
        alarms =
                new ServiceAlarms(this, ALARMS, config, functionSpecs, functions.functions(), storage, network.redis());
        workflows = new Workflows(
                this,
                WORKFLOWS,
                functions.aliases(),
                logEncryption.key(),
                alarms.alarmTopic(),
                config.auditMaxConcurrency());
        dashboards = new Dashboards(
                this, DASHBOARDS, config, functionSpecs, functions.functions(), storage, resources, network);
        // The nested stacks (alarms, workflows) allocate their own ids: only the service stack's concerns are kept.
        for (Construct concern : List.of(logEncryption, network, functions, httpApi, callers, dashboards)) {
            logicalIds.keep(concern);
        }
    }

    /** Resolved by CloudFormation at deploy time. */
    private String ssm(SpannerSettings spanner, String name) {
        return StringParameter.valueForStringParameter(this, spanner.parameterPrefix() + name);
    }

    public LeaderboardRedisNetwork network() {
        return network;
    }

    public CatalogFunctions catalogFunctions() {
        return functions;
    }

    public FunctionHttpApi httpApi() {
        return httpApi;
    }

    public CallerPolicies callers() {
        return callers;
    }

    public LogEncryption logEncryption() {
        return logEncryption;
    }

    public Workflows workflows() {
        return workflows;
    }

    public Dashboards dashboards() {
        return dashboards;
    }

    public ServiceAlarms alarms() {
        return alarms;
    }

    public Map<String, Role> roles() {
        return functions.roles();
    }

    public Map<String, Function> functions() {
        return functions.functions();
    }

    public Map<String, Alias> aliases() {
        return functions.aliases();
    }

    public HttpApi api() {
        return httpApi.api();
    }

    public Vpc vpc() {
        return network.vpc();
    }

    public SecurityGroup functionsSecurityGroup() {
        return network.functionsSecurityGroup();
    }

    public SecurityGroup redisSecurityGroup() {
        return network.redisSecurityGroup();
    }

    public CfnReplicationGroup redis() {
        return network.redis();
    }

    public CfnParameterGroup redisParameters() {
        return network.redisParameters();
    }

    public Map<String, CfnVPCPeeringConnection> peeringConnections() {
        return network.peeringConnections();
    }

    public Map<String, Rule> schedules() {
        return functions.schedules();
    }

    /** The value of BLUEMARBLE_LEADERBOARD_ENDPOINTS (with tokens for this region's own Redis). */
    public String leaderboardEndpoints() {
        return network.leaderboardEndpoints();
    }

    public ISecret redisAuthToken() {
        return network.redisAuthToken();
    }

    public Topic alarmTopic() {
        return alarms.alarmTopic();
    }
}
