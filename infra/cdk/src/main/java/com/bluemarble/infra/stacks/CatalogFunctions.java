package com.bluemarble.infra.stacks;

import com.bluemarble.infra.config.FunctionCatalog;
import com.bluemarble.infra.config.FunctionCatalog.Access;
import com.bluemarble.infra.config.FunctionCatalog.FunctionSpec;
import com.bluemarble.infra.config.FunctionCatalog.StoreLocations;
import com.bluemarble.infra.config.FunctionCatalog.Trigger;
import com.bluemarble.infra.config.ResourceDefinitions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.RuleTargetInput;
import software.amazon.awscdk.services.events.Schedule;
import software.amazon.awscdk.services.events.targets.LambdaFunction;
import software.amazon.awscdk.services.events.targets.LambdaFunctionProps;
import software.amazon.awscdk.services.iam.ManagedPolicy;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.lambda.AdotLambdaLayerGenericVersion;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.LayerVersion;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.lambda.Tracing;
import software.amazon.awscdk.services.lambda.eventsources.SqsEventSource;
import software.amazon.awscdk.services.lambda.eventsources.SqsEventSourceProps;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

/**
 * One Lambda per entry of {@link FunctionCatalog}: its own role, log group, environment and grants derived from its
 * store access, a published version behind the alias {@code live}, and its non-HTTP trigger (the SQS event source
 * or an EventBridge schedule).
 */
public final class CatalogFunctions extends Construct {

    public static final String HANDLER =
            "org.springframework.cloud.function.adapter.aws.FunctionInvoker::handleRequest";
    public static final String ALIAS_NAME = "live";
    /** ENI management for in-VPC functions; AWS keeps it in step with what the Lambda service needs. */
    public static final String VPC_ACCESS_POLICY = "service-role/AWSLambdaVPCAccessExecutionRole";

    /**
     * The ADOT collector layer (a Lambda extension, no Java agent): it receives the app's OTLP spans on localhost
     * and forwards them to X-Ray. The SDK runs inside the app (Traces in functions/app), so no agent start-up cost.
     */
    public static final AdotLambdaLayerGenericVersion ADOT_COLLECTOR = AdotLambdaLayerGenericVersion.LATEST;

    /** Where the app's in-process exporter sends its spans: the collector layer's OTLP/HTTP receiver. */
    public static final Map<String, String> TRACES_ENVIRONMENT =
            Map.of("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "http://localhost:4318/v1/traces");

    /** What the functions reach besides the storage stack: store locations and the leaderboard network. */
    public record Dependencies(
            StorageStack storage,
            ResourceDefinitions resources,
            StoreLocations stores,
            LeaderboardRedisNetwork network,
            IKey logsKey,
            boolean adotTraces) {}

    private final Map<String, Function> functions = new LinkedHashMap<>();
    private final Map<String, Alias> aliases = new LinkedHashMap<>();
    private final Map<String, Role> roles = new LinkedHashMap<>();
    private final Map<String, LogGroup> logGroups = new LinkedHashMap<>();
    private final Map<String, Rule> schedules = new LinkedHashMap<>();

    public CatalogFunctions(
            Construct scope,
            String id,
            List<FunctionSpec> specs,
            java.util.function.Function<FunctionSpec, Code> code,
            Dependencies deps,
            Consumer<List<String>> beforeVersionIsCreated) {
        super(scope, id);
        for (FunctionSpec spec : specs) {
            add(spec, code.apply(spec), deps, beforeVersionIsCreated);
        }
    }

    private void add(FunctionSpec spec, Code code, Dependencies deps, Consumer<List<String>> beforeVersionIsCreated) {
        LogGroup logGroup = LogGroup.Builder.create(this, spec.name() + "Logs")
                .retention(RetentionDays.ONE_MONTH)
                .encryptionKey(deps.logsKey())
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        // Own role instead of CDK's default: the default attaches AWSLambdaBasicExecutionRole, which may write to
        // every log group in the account; this one may write to its own log group only.
        Role role = Role.Builder.create(this, spec.name() + "Role")
                // Spanner functions: the name the Google workload identity pool admits (no key anywhere).
                .roleName(
                        spec.uses(Access.SPANNER)
                                ? FunctionCatalog.federatedRoleName(
                                        spec, Stack.of(this).getRegion())
                                : null)
                .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                .description("Execution role of BlueMarble " + spec.name())
                .managedPolicies(
                        spec.inVpc() ? List.of(ManagedPolicy.fromAwsManagedPolicyName(VPC_ACCESS_POLICY)) : List.of())
                .build();
        logGroup.grantWrite(role);
        Function.Builder fn = Function.Builder.create(this, spec.name() + "Function")
                .role(role)
                .description("BlueMarble " + spec.name())
                .runtime(Runtime.JAVA_21)
                .architecture(Architecture.X86_64)
                .handler(HANDLER)
                .code(code)
                .memorySize(spec.memoryMb())
                .timeout(Duration.seconds(spec.timeoutSeconds()))
                .environment(FunctionCatalog.environment(spec, deps.stores()))
                // The snapshot is taken when a version is published; the app's CRaC beforeCheckpoint hook primes
                // the code paths. Invocations must go through a version or alias to use it.
                .snapStart(SnapStartConf.ON_PUBLISHED_VERSIONS)
                // X-Ray: a segment per invocation from Lambda; the app adds subsegments per store call.
                .tracing(Tracing.ACTIVE);
        if (deps.adotTraces()) {
            // The app exports its spans (one per invocation, one per store call) over OTLP to the collector layer,
            // which sends them to X-Ray under Lambda's segment (docs/operations.md, "Traces in AWS").
            fn.layers(List.of(LayerVersion.fromLayerVersionArn(
                    this, spec.name() + "AdotCollector", ADOT_COLLECTOR.layerArn(this, Architecture.X86_64))));
        }
        fn.logGroup(logGroup);
        if (spec.reservedConcurrency() > 0) fn.reservedConcurrentExecutions(spec.reservedConcurrency());
        if (spec.inVpc()) {
            fn.vpc(deps.network().vpc())
                    .vpcSubnets(SubnetSelection.builder()
                            .subnetType(SubnetType.PRIVATE_WITH_EGRESS)
                            .build())
                    .securityGroups(List.of(deps.network().functionsSecurityGroup()));
        }
        Function function = fn.build();
        if (deps.adotTraces()) TRACES_ENVIRONMENT.forEach(function::addEnvironment);
        // The alias below publishes a version on every code or configuration change, which is what SnapStart
        // snapshots; CDK warns whenever SnapStart is on because it cannot see that.
        Annotations.of(function)
                .acknowledgeWarning(
                        "@aws-cdk/aws-lambda:snapStartRequirePublish",
                        "versions are published through currentVersion and the 'live' alias");
        grant(spec, function, deps);

        // CDK reads the version's logical id the moment it creates it (and suffixes a hash of the function).
        beforeVersionIsCreated.accept(
                List.of(getNode().getId(), function.getNode().getId(), "CurrentVersion", "Resource"));
        Alias alias = Alias.Builder.create(this, spec.name() + "Alias")
                .aliasName(ALIAS_NAME)
                .version(function.getCurrentVersion())
                .build();
        functions.put(spec.name(), function);
        roles.put(spec.name(), role);
        aliases.put(spec.name(), alias);
        logGroups.put(spec.name(), logGroup);

        if (spec.uses(Access.SNAPSHOT_QUEUE_CONSUME)) {
            alias.addEventSource(new SqsEventSource(
                    deps.storage().snapshotQueue(),
                    SqsEventSourceProps.builder()
                            .batchSize(deps.resources().snapshotWriter().batchSize())
                            .maxBatchingWindow(Duration.seconds(
                                    deps.resources().snapshotWriter().maximumBatchingWindowSeconds()))
                            // The writer returns SQSBatchResponse: only the failed messages come back.
                            .reportBatchItemFailures(true)
                            // Never more pollers than the function may run: beyond it, batches would be throttled
                            // and come back as retries (and towards the DLQ).
                            .maxConcurrency(spec.reservedConcurrency() > 0 ? spec.reservedConcurrency() : null)
                            .build()));
        }
        if (spec.trigger() == Trigger.SCHEDULE) {
            // A fixed {} body: the function's request is an empty JSON object, not the scheduled event.
            Rule rule = Rule.Builder.create(this, spec.name() + "Schedule")
                    .description("Runs BlueMarble " + spec.name() + " every "
                            + (spec.scheduleMinutes() == 1 ? "minute" : spec.scheduleMinutes() + " minutes"))
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
    }

    /** One grant per store access (CDK grant methods only). */
    private static void grant(FunctionSpec spec, Function function, Dependencies deps) {
        StorageStack storage = deps.storage();
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
                case SEASON_ARCHIVE_READ ->
                    storage.backupsBucket().grantRead(function, FunctionCatalog.SEASON_ARCHIVE_PREFIX + "*");
                case SNAPSHOT_ERASURE_MARKS_READ ->
                    storage.snapshotErasureTable().grantReadData(function);
                case SNAPSHOT_ERASURE_MARKS_WRITE ->
                    storage.snapshotErasureTable().grantReadWriteData(function);
                // Erasing a player's states: list and read them (every version), delete them; never put.
                case SNAPSHOT_STATES_ERASE -> {
                    storage.snapshotStatesBucket().grantRead(function);
                    storage.snapshotStatesBucket().grantDelete(function);
                }
                // Exports: only under exports/ (the key is usable through S3 only, see ExportsKey).
                case EXPORTS_READ -> storage.exportsBucket().grantRead(function, FunctionCatalog.EXPORTS_PREFIX + "*");
                case EXPORTS_WRITE -> {
                    storage.exportsBucket().grantRead(function, FunctionCatalog.EXPORTS_PREFIX + "*");
                    storage.exportsBucket().grantPut(function, FunctionCatalog.EXPORTS_PREFIX + "*");
                }
                // Put only, audits/ only: a report is written once per audit and never read back by the functions.
                case AUDIT_REPORTS_PUT ->
                    storage.auditReportsBucket().grantPut(function, FunctionCatalog.AUDIT_REPORTS_PREFIX + "*");
                case SPANNER, SPANNER_RESTORE_TARGET, REDIS, ERASURE_START, EXPORT_START -> {
                    /* Spanner: federation by role name, Spanner IAM governs the databases; Redis: secret below;
                    state machines: granted by Workflows once they exist (states:StartExecution on one machine) */
                }
            }
        }
        if (spec.uses(Access.REDIS)) deps.network().redisAuthToken().grantRead(function);
        // Exactly one state machine each, by its ARN (Workflows creates the machines after the functions).
        if (spec.uses(Access.ERASURE_START))
            startExecution(function, deps.stores().erasureStateMachineArn());
        if (spec.uses(Access.EXPORT_START))
            startExecution(function, deps.stores().exportStateMachineArn());
    }

    private static void startExecution(Function function, String stateMachineArn) {
        function.addToRolePolicy(PolicyStatement.Builder.create()
                .actions(List.of("states:StartExecution"))
                .resources(List.of(stateMachineArn))
                .build());
    }

    public Map<String, Function> functions() {
        return functions;
    }

    public Map<String, Alias> aliases() {
        return aliases;
    }

    public Map<String, Role> roles() {
        return roles;
    }

    public Map<String, LogGroup> logGroups() {
        return logGroups;
    }

    public Map<String, Rule> schedules() {
        return schedules;
    }
}
