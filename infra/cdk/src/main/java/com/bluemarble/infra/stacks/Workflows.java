package com.bluemarble.infra.stacks;

import com.bluemarble.infra.config.Observability;
import com.bluemarble.infra.config.ResourceNames;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.NestedStack;
import software.amazon.awscdk.NestedStackProps;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.MathExpression;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.RuleTargetInput;
import software.amazon.awscdk.services.events.Schedule;
import software.amazon.awscdk.services.events.targets.SfnStateMachine;
import software.amazon.awscdk.services.events.targets.SfnStateMachineProps;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.sns.ITopic;
import software.amazon.awscdk.services.stepfunctions.CatchProps;
import software.amazon.awscdk.services.stepfunctions.Chain;
import software.amazon.awscdk.services.stepfunctions.DefinitionBody;
import software.amazon.awscdk.services.stepfunctions.DistributedMap;
import software.amazon.awscdk.services.stepfunctions.Fail;
import software.amazon.awscdk.services.stepfunctions.IChainable;
import software.amazon.awscdk.services.stepfunctions.JitterType;
import software.amazon.awscdk.services.stepfunctions.JsonPath;
import software.amazon.awscdk.services.stepfunctions.LogLevel;
import software.amazon.awscdk.services.stepfunctions.LogOptions;
import software.amazon.awscdk.services.stepfunctions.Pass;
import software.amazon.awscdk.services.stepfunctions.RetryProps;
import software.amazon.awscdk.services.stepfunctions.StateMachine;
import software.amazon.awscdk.services.stepfunctions.StateMachineType;
import software.amazon.awscdk.services.stepfunctions.Succeed;
import software.amazon.awscdk.services.stepfunctions.TaskInput;
import software.amazon.awscdk.services.stepfunctions.tasks.LambdaInvoke;
import software.constructs.Construct;

/**
 * The region's Step Functions state machines (standard workflows) over the catalogue's functions, each invoking
 * function aliases directly (a non-2xx answer is a Lambda function error named by its error code, so Retry and Catch
 * match codes such as {@code STORE_UNAVAILABLE}):
 *
 * <ul>
 *   <li><b>player erasure</b> (issue 15): input {@code {"eraseId"}}, one {@code playerEraseStep} task per step in
 *       order, retried with exponential backoff for most of a day, because an erasure must finish; execution name =
 *       eraseId, started by {@code playerErase};
 *   <li><b>player export</b> (issue 15): input {@code {"exportId"}}, one {@code playerExportStep} task per step;
 *   <li><b>economy audit</b> (issue 16), daily: {@code economyAuditStart} with a fresh uuid, a distributed map over
 *       the answer's {@code partitionNumbers} (one {@code economyAuditPartition} per item, bounded concurrency),
 *       then {@code economyAuditFinish} (report to S3, metric {@code EconomyAuditOk}).
 * </ul>
 *
 * Each machine's role may invoke exactly its functions' {@code live} aliases; each logs every event (without
 * execution data: inputs name players) to its own encrypted log group, is traced, and has a failure alarm. Who may
 * start the privacy machines is granted on the functions' side (CatalogFunctions: states:StartExecution on the one
 * machine's ARN, known by name before the machine exists), so this nested stack only depends on the service stack.
 */
public final class Workflows extends NestedStack {

    /** playerEraseStep's steps, in order (the #15 contract). */
    public static final List<String> ERASURE_STEPS = List.of(
            "freeze-snapshots", "freeze-leaderboards", "erase-economy", "erase-snapshots", "erase-leaderboards");
    /** playerExportStep's steps, in order (the #15 contract). */
    public static final List<String> EXPORT_STEPS =
            List.of("export-economy", "export-snapshots", "export-leaderboards", "assemble");
    /** The step playerExportStep takes to record an export FAILED (docs/data-rights.md). */
    static final String EXPORT_FAIL_STEP = "fail";

    /** The error code of a store outage (ErrorCode.STORE_UNAVAILABLE, 503): always worth retrying. */
    public static final String STORE_UNAVAILABLE = "STORE_UNAVAILABLE";
    /** Transient errors of the Lambda service itself (Step Functions' names for them). */
    public static final List<String> LAMBDA_SERVICE_ERRORS = List.of(
            "Lambda.ServiceException",
            "Lambda.AWSLambdaException",
            "Lambda.SdkClientException",
            "Lambda.TooManyRequestsException");
    /** A function that timed out or ran out of memory (reported as Lambda.Unknown); a step may be redone. */
    public static final String LAMBDA_UNKNOWN = "Lambda.Unknown";

    /**
     * Erasure retries: 5 s doubling up to an hour between attempts, 25 attempts, full jitter: about 17 hours of
     * trying before the execution fails and alarms (an outage of a store must not leave an erasure half done).
     */
    static final RetryPolicy ERASURE_RETRY = new RetryPolicy(5, 2.0, 25, 3600);
    /** Export retries: 2 s doubling up to 5 minutes, 8 attempts (a failed export is asked for again). */
    static final RetryPolicy EXPORT_RETRY = new RetryPolicy(2, 2.0, 8, 300);
    /** Audit retries: 2 s doubling up to a minute, 6 attempts (a partition is recorded once, so a retry is safe). */
    static final RetryPolicy AUDIT_RETRY = new RetryPolicy(2, 2.0, 6, 60);

    /** The daily audit's time (UTC): after the nightly backups, before the European day. */
    public static final String AUDIT_SCHEDULE_CRON = "cron(17 3 * * ? *)";

    record RetryPolicy(int intervalSeconds, double backoffRate, int maxAttempts, int maxDelaySeconds) {
        RetryProps props(List<String> errors) {
            return RetryProps.builder()
                    .errors(errors)
                    .interval(Duration.seconds(intervalSeconds))
                    .backoffRate(backoffRate)
                    .maxAttempts(maxAttempts)
                    .maxDelay(Duration.seconds(maxDelaySeconds))
                    .jitterStrategy(JitterType.FULL)
                    .build();
        }
    }

    private final StateMachine erasure;
    private final StateMachine export;
    private final StateMachine audit;
    private final Rule auditSchedule;
    private final Map<String, Alarm> alarms = new LinkedHashMap<>();
    private final SnsAction alarmAction;

    public Workflows(
            Construct scope,
            String id,
            Map<String, Alias> aliases,
            IKey logsKey,
            ITopic alarmTopic,
            int auditMaxConcurrency) {
        // A nested stack: the service stack is close to CloudFormation's 500 resources per stack (one function is
        // about a dozen: role, policy, log group, function, version, alias, route, integration, permission, alarms).
        super(
                scope,
                id,
                NestedStackProps.builder()
                        .description("BlueMarble state machines: player erasure and export, the daily economy audit")
                        .build());
        alarmAction = new SnsAction(alarmTopic);

        erasure = machine(
                "Erasure",
                ResourceNames.ERASURE_STATE_MACHINE,
                "Erases one player from every store (issue 15): input {\"eraseId\"}",
                steps("Erase", aliases.get("playerEraseStep"), "eraseId", ERASURE_STEPS, ERASURE_RETRY, null),
                Duration.days(7),
                logsKey);
        export = machine(
                "Export",
                ResourceNames.EXPORT_STATE_MACHINE,
                "Exports one player's data from every store (issue 15): input {\"exportId\"}",
                steps(
                        "Export",
                        aliases.get("playerExportStep"),
                        "exportId",
                        EXPORT_STEPS,
                        EXPORT_RETRY,
                        EXPORT_FAIL_STEP),
                Duration.days(1),
                logsKey);
        audit = machine(
                "Audit",
                ResourceNames.AUDIT_STATE_MACHINE,
                "Partitioned economy audit (issue 16): start, a distributed map over partitions, finish",
                auditDefinition(aliases, auditMaxConcurrency),
                // Every partition reads at the audit's timestamp: Spanner keeps it for version_retention_period.
                Duration.hours(6),
                logsKey);

        auditSchedule = Rule.Builder.create(this, "AuditSchedule")
                .description("Runs the BlueMarble economy audit state machine daily")
                .schedule(Schedule.expression(AUDIT_SCHEDULE_CRON))
                .targets(List.of(new SfnStateMachine(
                        audit,
                        SfnStateMachineProps.builder()
                                // The machine makes its own audit id (States.UUID()).
                                .input(RuleTargetInput.fromObject(Map.of()))
                                .retryAttempts(2)
                                .build())))
                .build();

        failureAlarm("ErasureFailedAlarm", "bluemarble-player-erasure-failed", erasure, "player erasure");
        failureAlarm("ExportFailedAlarm", "bluemarble-player-export-failed", export, "player export");
        failureAlarm("AuditFailedAlarm", "bluemarble-economy-audit-failed", audit, "economy audit");
        alarm(
                "AuditNotOkAlarm",
                "bluemarble-economy-audit-not-ok",
                "The daily economy audit found the economy not ok: EconomyAuditOk < 1 (runbook: infra/README.md,"
                        + " economy audit not ok)",
                auditOk("Minimum", Duration.hours(1)),
                ComparisonOperator.LESS_THAN_THRESHOLD,
                1,
                1,
                TreatMissingData.NOT_BREACHING);
        alarm(
                "AuditMissingAlarm",
                "bluemarble-economy-audit-missing",
                "No economy audit reported for " + Observability.ECONOMY_AUDIT_MISSING_HOURS
                        + " h (runbook: infra/README.md, economy audit missing)",
                auditOk("SampleCount", Duration.hours(1)),
                ComparisonOperator.LESS_THAN_THRESHOLD,
                1,
                Observability.ECONOMY_AUDIT_MISSING_HOURS,
                // No data point is exactly the condition: missing data breaches.
                TreatMissingData.BREACHING);
    }

    /**
     * Sequential tasks, one per step, on one function: {"<idField>": $.<idField>, "step": "<step>"}. With
     * {@code failStep}, a step that fails for good first calls the function with that step (the export records
     * FAILED, so playerExportStatus answers it), then the execution fails.
     */
    private IChainable steps(
            String prefix, Alias function, String idField, List<String> names, RetryPolicy retry, String failStep) {
        Fail fail = Fail.Builder.create(this, prefix + "Failed")
                .comment("A step failed with an error no retry fixes, or ran out of retries")
                .build();
        IChainable failed = fail;
        if (failStep != null) {
            LambdaInvoke markFailed = invoke(
                    prefix + "-" + failStep,
                    function,
                    TaskInput.fromObject(Map.of(idField, JsonPath.stringAt("$." + idField), "step", failStep)),
                    JsonPath.DISCARD);
            markFailed.addRetry(retry.props(retryableErrors()));
            markFailed.addCatch(fail, catchAll());
            failed = Chain.start(markFailed).next(fail);
        }
        Chain chain = null;
        for (String step : names) {
            LambdaInvoke task = invoke(
                    prefix + "-" + step,
                    function,
                    TaskInput.fromObject(Map.of(idField, JsonPath.stringAt("$." + idField), "step", step)),
                    JsonPath.DISCARD);
            task.addRetry(retry.props(retryableErrors()));
            task.addCatch(failed, catchAll());
            chain = chain == null ? Chain.start(task) : chain.next(task);
        }
        return chain.next(Succeed.Builder.create(this, prefix + "Done").build());
    }

    private IChainable auditDefinition(Map<String, Alias> aliases, int maxConcurrency) {
        Fail failed = Fail.Builder.create(this, "AuditFailed")
                .comment("The audit could not complete; EconomyAuditOk was not emitted")
                .build();
        Pass newAudit = Pass.Builder.create(this, "NewAudit")
                .parameters(Map.of("auditId", JsonPath.uuid()))
                .build();
        LambdaInvoke start = invoke(
                "Start",
                aliases.get("economyAuditStart"),
                TaskInput.fromObject(Map.of("auditId", JsonPath.stringAt("$.auditId"))),
                "$.start");
        start.addRetry(AUDIT_RETRY.props(retryableErrors()));
        start.addCatch(failed, catchAll());

        LambdaInvoke partition = invoke(
                "Partition",
                aliases.get("economyAuditPartition"),
                TaskInput.fromObject(Map.of(
                        "auditId", JsonPath.stringAt("$.auditId"), "partition", JsonPath.stringAt("$.partition"))),
                JsonPath.DISCARD);
        partition.addRetry(AUDIT_RETRY.props(retryableErrors()));
        DistributedMap partitions = DistributedMap.Builder.create(this, "Partitions")
                .comment("One economyAuditPartition invocation per partition number")
                .itemsPath(JsonPath.stringAt("$.start.partitionNumbers"))
                .itemSelector(Map.of(
                        "auditId", JsonPath.stringAt("$.auditId"),
                        "partition", JsonPath.stringAt("$$.Map.Item.Value")))
                .maxConcurrency(maxConcurrency)
                // Results are recorded in Spanner; keep the state small.
                .resultPath(JsonPath.DISCARD)
                .build();
        partitions.itemProcessor(partition);
        partitions.addCatch(failed, catchAll());

        LambdaInvoke finish = invoke(
                "Finish",
                aliases.get("economyAuditFinish"),
                TaskInput.fromObject(Map.of("auditId", JsonPath.stringAt("$.auditId"))),
                "$.report");
        finish.addRetry(AUDIT_RETRY.props(retryableErrors()));
        finish.addCatch(failed, catchAll());
        return Chain.start(newAudit)
                .next(start)
                .next(partitions)
                .next(finish)
                .next(Succeed.Builder.create(this, "AuditDone").build());
    }

    /** Invokes the alias directly with the request as payload; the answer (JSON) is the task's result. */
    private LambdaInvoke invoke(String id, Alias function, TaskInput payload, String resultPath) {
        return LambdaInvoke.Builder.create(this, id)
                .lambdaFunction(function)
                .payload(payload)
                .payloadResponseOnly(true)
                // Our own retriers below name the service errors with the codes.
                .retryOnServiceExceptions(false)
                .resultPath(resultPath)
                .build();
    }

    /** Store outages, the Lambda service's transient errors and timeouts; never a 4xx, which no retry fixes. */
    static List<String> retryableErrors() {
        List<String> errors = new ArrayList<>();
        errors.add(STORE_UNAVAILABLE);
        errors.addAll(LAMBDA_SERVICE_ERRORS);
        errors.add(LAMBDA_UNKNOWN);
        errors.add("States.Timeout");
        return errors;
    }

    private static CatchProps catchAll() {
        return CatchProps.builder()
                .errors(List.of("States.ALL"))
                .resultPath("$.error")
                .build();
    }

    private StateMachine machine(
            String id, String name, String comment, IChainable definition, Duration timeout, IKey logsKey) {
        LogGroup logs = LogGroup.Builder.create(this, id + "Logs")
                // Step Functions vended logs: the /aws/vendedlogs/ prefix keeps the log resource policy small.
                .logGroupName("/aws/vendedlogs/states/" + name)
                .retention(RetentionDays.ONE_MONTH)
                .encryptionKey(logsKey)
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        return StateMachine.Builder.create(this, id + "StateMachine")
                .stateMachineName(name)
                .stateMachineType(StateMachineType.STANDARD)
                .comment(comment)
                .definitionBody(DefinitionBody.fromChainable(definition))
                .timeout(timeout)
                .tracingEnabled(true)
                .logs(LogOptions.builder()
                        .destination(logs)
                        .level(LogLevel.ALL)
                        // Inputs and outputs name players (and reasons): state transitions only.
                        .includeExecutionData(false)
                        .build())
                .build();
    }

    /** The ARN a state machine of this name gets in this stack's account and region (known before it exists). */
    public static String stateMachineArn(Stack stack, String name) {
        // The parent's account and region: the machines live in this region's service stack (nested).
        return stack.formatArn(ArnComponents.builder()
                .service("states")
                .resource("stateMachine")
                .resourceName(name)
                .arnFormat(ArnFormat.COLON_RESOURCE_NAME)
                .build());
    }

    private void failureAlarm(String id, String name, StateMachine machine, String what) {
        MetricOptions fiveMinutes = MetricOptions.builder()
                .period(Duration.minutes(5))
                .statistic("Sum")
                .build();
        MathExpression failures = MathExpression.Builder.create()
                .expression("FILL(failed, 0) + FILL(timedOut, 0)")
                .usingMetrics(Map.of(
                        "failed", machine.metricFailed(fiveMinutes), "timedOut", machine.metricTimedOut(fiveMinutes)))
                .label(what + " executions failed or timed out")
                .period(Duration.minutes(5))
                .build();
        alarm(
                id,
                name,
                "A BlueMarble " + what + " execution failed or timed out (ExecutionsFailed + ExecutionsTimedOut;"
                        + " runbook: infra/README.md, state machines)",
                failures,
                ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
                1,
                1,
                TreatMissingData.NOT_BREACHING);
    }

    private static Metric auditOk(String statistic, Duration period) {
        return Metric.Builder.create()
                .namespace(Observability.NAMESPACE)
                .metricName(Observability.ECONOMY_AUDIT_OK)
                .dimensionsMap(Map.of(Observability.FUNCTION, "economyAuditFinish"))
                .statistic(statistic)
                .period(period)
                .build();
    }

    private void alarm(
            String id,
            String name,
            String description,
            IMetric metric,
            ComparisonOperator comparison,
            double threshold,
            int periods,
            TreatMissingData missing) {
        Alarm alarm = Alarm.Builder.create(this, id)
                .alarmName(name)
                .alarmDescription(description)
                .metric(metric)
                .threshold(threshold)
                .evaluationPeriods(periods)
                .datapointsToAlarm(periods)
                .comparisonOperator(comparison)
                .treatMissingData(missing)
                .build();
        alarm.addAlarmAction(alarmAction);
        alarm.addOkAction(alarmAction);
        alarms.put(name, alarm);
    }

    public StateMachine erasure() {
        return erasure;
    }

    public StateMachine export() {
        return export;
    }

    public StateMachine audit() {
        return audit;
    }

    public Rule auditSchedule() {
        return auditSchedule;
    }

    /** The workflow alarms by name. */
    public Map<String, Alarm> alarms() {
        return alarms;
    }
}
