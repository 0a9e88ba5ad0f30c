package com.bluemarble.infra.stacks;

import com.bluemarble.infra.config.DeploymentConfig;
import com.bluemarble.infra.config.FunctionCatalog;
import com.bluemarble.infra.config.FunctionCatalog.FunctionSpec;
import com.bluemarble.infra.config.Observability;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.NestedStack;
import software.amazon.awscdk.NestedStackProps;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.MathExpression;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.elasticache.CfnReplicationGroup;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.constructs.Construct;

/**
 * The region's alarms and the one SNS topic they notify (subscribe on-call by e-mail via -c alarmEmail=...): errors
 * and throttles per function, the dead-letter queue, and the service level objectives of {@link Observability}.
 * A nested stack: three alarms per function would otherwise fill the service stack's 500 resources (CloudFormation's
 * limit per stack; at 488 with them, 378 without).
 */
public final class ServiceAlarms extends NestedStack {

    private final Topic alarmTopic;
    private final SnsAction alarmAction;
    private final Map<String, Alarm> slos = new java.util.LinkedHashMap<>();

    public ServiceAlarms(
            Construct scope,
            String id,
            DeploymentConfig config,
            List<FunctionSpec> specs,
            Map<String, Function> functions,
            StorageStack storage,
            CfnReplicationGroup redis) {
        super(
                scope,
                id,
                NestedStackProps.builder()
                        .description("BlueMarble alarms: errors, throttles and SLOs per function, the snapshot DLQ")
                        .build());
        Stack stack = Stack.of(this);
        alarmTopic = Topic.Builder.create(this, "AlarmTopic")
                .displayName("BlueMarble alarms " + stack.getRegion())
                .enforceSsl(true)
                .build();
        alarmTopic.grantPublish(new ServicePrincipal("cloudwatch.amazonaws.com")
                .withConditions(Map.of("StringEquals", Map.of("aws:SourceAccount", stack.getAccount()))));
        config.alarmEmail().ifPresent(email -> alarmTopic.addSubscription(new EmailSubscription(email)));
        alarmAction = new SnsAction(alarmTopic);

        for (FunctionSpec spec : specs) {
            Function function = functions.get(spec.name());
            // A state machine's step fails as a Lambda error on every retried outage (its non-2xx answers are
            // function errors): its machine's failure alarm is the signal (Workflows), not each retried attempt.
            if (spec.trigger() != FunctionCatalog.Trigger.STATE_MACHINE)
                alarm(
                        spec.name() + "ErrorsAlarm",
                        "bluemarble-" + spec.name() + "-errors",
                        "BlueMarble " + spec.name() + " reported invocation errors",
                        function.metricErrors(fiveMinuteSum()));
            alarm(
                    spec.name() + "ThrottlesAlarm",
                    "bluemarble-" + spec.name() + "-throttles",
                    "BlueMarble " + spec.name() + " was throttled",
                    function.metricThrottles(fiveMinuteSum()));
            // SLO: at most 1% of a function's answers are 5xx (the EMF ServerErrors over Invocations).
            slo(
                    spec.name() + "ServerErrorRateAlarm",
                    "bluemarble-" + spec.name() + "-5xx-rate",
                    "SLO: more than " + Observability.SERVER_ERROR_RATE_PERCENT + "% of BlueMarble " + spec.name()
                            + " answers were 5xx (runbook: infra/README.md, 5xx rate)",
                    serverErrorRate(spec.name()),
                    Observability.SERVER_ERROR_RATE_PERCENT,
                    3,
                    2);
        }
        slo(
                "TradeLatencyP99Alarm",
                "bluemarble-trade-latency-p99",
                "SLO: trade p99 latency above " + (int) Observability.TRADE_P99_LATENCY_MS
                        + " ms (runbook: infra/README.md, trade p99)",
                functionMetric(Observability.LATENCY, "trade", "p99"),
                Observability.TRADE_P99_LATENCY_MS,
                3,
                2);
        slo(
                "SnapshotWriterLagAlarm",
                "bluemarble-snapshot-writer-lag",
                "SLO: the oldest queued player snapshot is older than " + (int) Observability.WRITER_LAG_SECONDS
                        + " s (runbook: infra/README.md, writer lag)",
                storage.snapshotQueue()
                        .metricApproximateAgeOfOldestMessage(MetricOptions.builder()
                                .period(Duration.minutes(1))
                                .statistic("Maximum")
                                .build()),
                Observability.WRITER_LAG_SECONDS,
                5,
                5);
        slo(
                "RedisMemoryAlarm",
                "bluemarble-redis-memory",
                "SLO: leaderboard Redis memory above " + (int) Observability.REDIS_MEMORY_PERCENT
                        + "% on a node (runbook: infra/README.md, Redis memory)",
                redisMemory(redis),
                Observability.REDIS_MEMORY_PERCENT,
                3,
                2);
        alarm(
                "SnapshotDeadLetterQueueAlarm",
                "bluemarble-snapshot-dlq-depth",
                "Player snapshots reached the dead-letter queue after repeated writer failures"
                        + " (runbook: infra/README.md, DLQ depth)",
                storage.snapshotDeadLetterQueue()
                        .metricApproximateNumberOfMessagesVisible(MetricOptions.builder()
                                .period(Duration.minutes(5))
                                .statistic("Maximum")
                                .build()));
    }

    /** An EMF metric of the contract for one function. */
    static Metric functionMetric(String name, String function, String statistic) {
        return Metric.Builder.create()
                .namespace(Observability.NAMESPACE)
                .metricName(name)
                .dimensionsMap(Map.of(Observability.FUNCTION, function))
                .statistic(statistic)
                .period(Duration.minutes(5))
                .build();
    }

    /** Percent of a function's invocations answered 5xx; 0 while it is not called. */
    static MathExpression serverErrorRate(String function) {
        return MathExpression.Builder.create()
                .expression("IF(invocations > 0, 100 * serverErrors / invocations, 0)")
                .usingMetrics(Map.of(
                        "serverErrors", functionMetric(Observability.SERVER_ERRORS, function, "Sum"),
                        "invocations", functionMetric(Observability.INVOCATIONS, function, "Sum")))
                .label(function + " 5xx %")
                .period(Duration.minutes(5))
                .build();
    }

    /** The two nodes of the replication group (cluster mode off: member clusters -001 and -002); the fuller one. */
    static MathExpression redisMemory(CfnReplicationGroup redis) {
        return MathExpression.Builder.create()
                .expression("MAX([node1, node2])")
                .usingMetrics(Map.of(
                        "node1",
                        redisNodeMetric(redis, 1, "DatabaseMemoryUsagePercentage", "Maximum"),
                        "node2",
                        redisNodeMetric(redis, 2, "DatabaseMemoryUsagePercentage", "Maximum")))
                .label("Redis memory % (fuller node)")
                .period(Duration.minutes(5))
                .build();
    }

    static Metric redisNodeMetric(CfnReplicationGroup redis, int node, String name, String statistic) {
        return Metric.Builder.create()
                .namespace("AWS/ElastiCache")
                .metricName(name)
                .dimensionsMap(Map.of("CacheClusterId", redis.getRef() + "-00" + node))
                .statistic(statistic)
                .period(Duration.minutes(5))
                .label(name + " node " + node)
                .build();
    }

    private void slo(
            String id,
            String name,
            String description,
            IMetric metric,
            double threshold,
            int evaluationPeriods,
            int datapointsToAlarm) {
        Alarm alarm = Alarm.Builder.create(this, id)
                .alarmName(name)
                .alarmDescription(description)
                .metric(metric)
                .threshold(threshold)
                .evaluationPeriods(evaluationPeriods)
                .datapointsToAlarm(datapointsToAlarm)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build();
        alarm.addAlarmAction(alarmAction);
        alarm.addOkAction(alarmAction);
        slos.put(name, alarm);
    }

    /** The SLO alarms by name. */
    public Map<String, Alarm> slos() {
        return slos;
    }

    private static MetricOptions fiveMinuteSum() {
        return MetricOptions.builder()
                .period(Duration.minutes(5))
                .statistic("Sum")
                .build();
    }

    private void alarm(String id, String name, String description, IMetric metric) {
        Alarm alarm = Alarm.Builder.create(this, id)
                .alarmName(name)
                .alarmDescription(description)
                .metric(metric)
                .threshold(1)
                .evaluationPeriods(1)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build();
        alarm.addAlarmAction(alarmAction);
        alarm.addOkAction(alarmAction);
    }

    public Topic alarmTopic() {
        return alarmTopic;
    }
}
