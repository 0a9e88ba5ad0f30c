package com.bluemarble.infra.stacks;

import com.bluemarble.infra.config.DeploymentConfig;
import com.bluemarble.infra.config.FunctionCatalog.FunctionSpec;
import com.bluemarble.infra.config.Observability;
import com.bluemarble.infra.config.ResourceDefinitions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.TagProps;
import software.amazon.awscdk.Tags;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.AlarmStatusWidget;
import software.amazon.awscdk.services.cloudwatch.Dashboard;
import software.amazon.awscdk.services.cloudwatch.GraphWidget;
import software.amazon.awscdk.services.cloudwatch.HorizontalAnnotation;
import software.amazon.awscdk.services.cloudwatch.IAlarm;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.IWidget;
import software.amazon.awscdk.services.cloudwatch.MathExpression;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TextWidget;
import software.amazon.awscdk.services.lambda.Function;
import software.constructs.Construct;

/**
 * CloudWatch dashboards (issue 14): one per region ({@code bluemarble-<region>}) with the functions' EMF metrics, the
 * snapshot queue's writer lag and dead-letter depth, Redis and Lambda throttles and concurrency; and, in the first
 * region's stack, one global dashboard ({@code bluemarble-global}) comparing every region. Function metrics are
 * drawn with SEARCH expressions over the contract's dimensions, so a new function or error code appears without a
 * deploy.
 */
public final class Dashboards extends Construct {

    public static final String GLOBAL_DASHBOARD = "bluemarble-global";

    private final Dashboard regional;
    private final Dashboard global;

    public Dashboards(
            Construct scope,
            String id,
            DeploymentConfig config,
            List<FunctionSpec> specs,
            Map<String, Function> functions,
            StorageStack storage,
            ResourceDefinitions resources,
            LeaderboardRedisNetwork network) {
        super(scope, id);
        Stack stack = Stack.of(this);
        String region = stack.getRegion();

        List<List<IWidget>> rows = new ArrayList<>();
        rows.add(List.of(TextWidget.Builder.create()
                .markdown("# BlueMarble " + region + "\nAlarms and their runbook: infra/README.md, *Dashboards and"
                        + " alarms*. Function metrics: EMF namespace `" + Observability.NAMESPACE + "`.")
                .width(24)
                .height(2)
                .build()));
        rows.add(List.of(
                graph(
                        "Invocations per function",
                        search("{%s,%s} MetricName=\"%s\"", Observability.INVOCATIONS, "Sum")),
                graph(
                        "Latency p99 per function (ms)",
                        search("{%s,%s} MetricName=\"%s\"", Observability.LATENCY, "p99")),
                graph(
                        "Latency p50 per function (ms)",
                        search("{%s,%s} MetricName=\"%s\"", Observability.LATENCY, "p50"))));
        rows.add(List.of(
                graph("Errors by function and code", searchErrors(Observability.ERRORS)),
                graph("5xx per function", search("{%s,%s} MetricName=\"%s\"", Observability.SERVER_ERRORS, "Sum")),
                GraphWidget.Builder.create()
                        .title("trade p99 (ms) vs SLO")
                        .left(List.of(ServiceAlarms.functionMetric(Observability.LATENCY, "trade", "p99")))
                        .leftAnnotations(List.of(HorizontalAnnotation.builder()
                                .value(Observability.TRADE_P99_LATENCY_MS)
                                .label("SLO")
                                .build()))
                        .width(8)
                        .build()));
        rows.add(List.of(
                graph("Economy", contractMetrics(Observability.ECONOMY_METRICS)),
                graph("Config reloads and rejections", contractMetrics(Observability.CONFIG_METRICS)),
                graph("Terrain bytes in/out", contractMetrics(Observability.TERRAIN_METRICS))));
        rows.add(List.of(
                graph("Snapshots", contractMetrics(Observability.SNAPSHOT_METRICS)),
                GraphWidget.Builder.create()
                        .title("Writer lag: oldest queued snapshot (s)")
                        .left(List.of(storage.snapshotQueue()
                                .metricApproximateAgeOfOldestMessage(maximum(Duration.minutes(1)))))
                        .leftAnnotations(List.of(HorizontalAnnotation.builder()
                                .value(Observability.WRITER_LAG_SECONDS)
                                .label("SLO")
                                .build()))
                        .width(8)
                        .build(),
                GraphWidget.Builder.create()
                        .title("Snapshot DLQ depth")
                        .left(List.of(storage.snapshotDeadLetterQueue()
                                .metricApproximateNumberOfMessagesVisible(maximum(Duration.minutes(1)))))
                        .width(8)
                        .build()));
        rows.add(List.of(
                graph("Leaderboard calls per shard", searchShards("LeaderboardShardCalls", "Sum")),
                graph("Leaderboard shard latency p99 (ms)", searchShards("LeaderboardShardLatency", "p99")),
                GraphWidget.Builder.create()
                        .title("Redis CPU, memory, evictions")
                        .left(List.of(
                                ServiceAlarms.redisNodeMetric(network.redis(), 1, "EngineCPUUtilization", "Maximum"),
                                ServiceAlarms.redisNodeMetric(network.redis(), 2, "EngineCPUUtilization", "Maximum"),
                                ServiceAlarms.redisNodeMetric(
                                        network.redis(), 1, "DatabaseMemoryUsagePercentage", "Maximum"),
                                ServiceAlarms.redisNodeMetric(
                                        network.redis(), 2, "DatabaseMemoryUsagePercentage", "Maximum")))
                        .right(List.of(
                                ServiceAlarms.redisNodeMetric(network.redis(), 1, "Evictions", "Sum"),
                                ServiceAlarms.redisNodeMetric(network.redis(), 2, "Evictions", "Sum")))
                        .leftAnnotations(List.of(HorizontalAnnotation.builder()
                                .value(Observability.REDIS_MEMORY_PERCENT)
                                .label("memory SLO")
                                .build()))
                        .width(8)
                        .build()));
        List<IMetric> throttles = new ArrayList<>();
        List<IMetric> concurrency = new ArrayList<>();
        for (FunctionSpec spec : specs) {
            Function fn = functions.get(spec.name());
            throttles.add(fn.metricThrottles(MetricOptions.builder()
                    .statistic("Sum")
                    .period(Duration.minutes(1))
                    .label(spec.name())
                    .build()));
            concurrency.add(fn.metric(
                    "ConcurrentExecutions",
                    MetricOptions.builder()
                            .statistic("Maximum")
                            .period(Duration.minutes(1))
                            .label(spec.name())
                            .build()));
        }
        rows.add(List.of(
                GraphWidget.Builder.create()
                        .title("Lambda throttles per function")
                        .left(throttles)
                        .legendPosition(software.amazon.awscdk.services.cloudwatch.LegendPosition.RIGHT)
                        .width(12)
                        .build(),
                GraphWidget.Builder.create()
                        .title("Lambda concurrency per function, and the account's")
                        .left(concurrency)
                        .right(List.of(
                                accountLambda("ConcurrentExecutions"), accountLambda("UnreservedConcurrentExecutions")))
                        .legendPosition(software.amazon.awscdk.services.cloudwatch.LegendPosition.RIGHT)
                        .width(12)
                        .build()));
        regional = Dashboard.Builder.create(this, "RegionalDashboard")
                .dashboardName("bluemarble-" + region)
                .defaultInterval(Duration.hours(3))
                .widgets(rows)
                .build();

        global = region.equals(config.regions().get(0)) ? global(config, resources) : null;
        // The app-wide project tag: CloudFormation's dashboard schema (as cfn-lint knows it) takes no Tags.
        Tags.of(this)
                .remove(
                        "project",
                        TagProps.builder()
                                .includeResourceTypes(List.of("AWS::CloudWatch::Dashboard"))
                                .build());
    }

    /** Every region side by side: the SLO figures and the alarms' states. */
    private Dashboard global(DeploymentConfig config, ResourceDefinitions resources) {
        Stack stack = Stack.of(this);
        List<IMetric> tradeP99 = new ArrayList<>();
        List<IMetric> invocations = new ArrayList<>();
        List<IMetric> serverErrors = new ArrayList<>();
        List<IMetric> writerLag = new ArrayList<>();
        List<IMetric> dlq = new ArrayList<>();
        List<IMetric> redisMemory = new ArrayList<>();
        List<IAlarm> alarms = new ArrayList<>();
        for (String r : config.regions()) {
            tradeP99.add(Metric.Builder.create()
                    .namespace(Observability.NAMESPACE)
                    .metricName(Observability.LATENCY)
                    .dimensionsMap(Map.of(Observability.FUNCTION, "trade"))
                    .statistic("p99")
                    .period(Duration.minutes(5))
                    .region(r)
                    .label(r)
                    .build());
            invocations.add(regionTotal(Observability.INVOCATIONS, r));
            serverErrors.add(regionTotal(Observability.SERVER_ERRORS, r));
            // Queue names are the same in every region (localstack/resources.json).
            writerLag.add(queueMetric(
                    "ApproximateAgeOfOldestMessage", resources.snapshotQueue().name(), r));
            dlq.add(queueMetric(
                    "ApproximateNumberOfMessagesVisible",
                    resources.snapshotDeadLetterQueue().name(),
                    r));
            redisMemory.add(MathExpression.Builder.create()
                    .expression(
                            "MAX(SEARCH('{AWS/ElastiCache,CacheClusterId} MetricName=\"DatabaseMemoryUsagePercentage\"',"
                                    + " 'Maximum', 300))")
                    .usingMetrics(Map.of())
                    .searchRegion(r)
                    .label(r)
                    .period(Duration.minutes(5))
                    .build());
            for (String name : List.of(
                    "bluemarble-trade-latency-p99",
                    "bluemarble-snapshot-writer-lag",
                    "bluemarble-snapshot-dlq-depth",
                    "bluemarble-redis-memory")) {
                alarms.add(Alarm.fromAlarmArn(
                        this,
                        "Global-" + r + "-" + name,
                        "arn:" + stack.getPartition() + ":cloudwatch:" + r + ":" + stack.getAccount() + ":alarm:"
                                + name));
            }
        }
        List<List<IWidget>> rows = List.of(
                List.of(AlarmStatusWidget.Builder.create()
                        .title("SLO alarms, every region")
                        .alarms(alarms)
                        .width(24)
                        .height(4)
                        .build()),
                List.of(
                        graph("trade p99 (ms) per region", tradeP99),
                        graph("Invocations per region", invocations),
                        graph("5xx per region", serverErrors)),
                List.of(
                        graph("Writer lag (s) per region", writerLag),
                        graph("Snapshot DLQ depth per region", dlq),
                        graph("Redis memory % per region", redisMemory)));
        return Dashboard.Builder.create(this, "GlobalDashboard")
                .dashboardName(GLOBAL_DASHBOARD)
                .defaultInterval(Duration.hours(3))
                .widgets(rows)
                .build();
    }

    private static GraphWidget graph(String title, List<IMetric> metrics) {
        return GraphWidget.Builder.create().title(title).left(metrics).width(8).build();
    }

    /** One line per function: SEARCH over the [Function] dimension of the contract. */
    private static List<IMetric> search(String template, String metricName, String statistic) {
        return List.of(searchExpression(
                String.format(template, Observability.NAMESPACE, Observability.FUNCTION, metricName),
                statistic,
                60,
                metricName));
    }

    private static List<IMetric> searchErrors(String metricName) {
        return List.of(searchExpression(
                String.format(
                        "{%s,%s,%s} MetricName=\"%s\"",
                        Observability.NAMESPACE, Observability.FUNCTION, Observability.ERROR_CODE, metricName),
                "Sum",
                60,
                metricName));
    }

    private static List<IMetric> searchShards(String metricName, String statistic) {
        return List.of(searchExpression(
                String.format(
                        "{%s,%s,%s} MetricName=\"%s\"",
                        Observability.NAMESPACE, Observability.FUNCTION, Observability.SHARD, metricName),
                statistic,
                60,
                metricName));
    }

    /** Each metric of a group, whatever dimensions it carries (per function, per error code). */
    private static List<IMetric> contractMetrics(List<String> names) {
        List<IMetric> out = new ArrayList<>();
        for (String name : names) {
            out.add(searchExpression(
                    String.format("{%s,%s} MetricName=\"%s\"", Observability.NAMESPACE, Observability.FUNCTION, name),
                    "Sum",
                    60,
                    name));
        }
        return out;
    }

    private static MathExpression searchExpression(String query, String statistic, int periodSeconds, String label) {
        return MathExpression.Builder.create()
                .expression("SEARCH('" + query + "', '" + statistic + "', " + periodSeconds + ")")
                .usingMetrics(Map.of())
                .label(label)
                .period(Duration.seconds(periodSeconds))
                .build();
    }

    private static MathExpression regionTotal(String metricName, String region) {
        return MathExpression.Builder.create()
                .expression("SUM(SEARCH('{" + Observability.NAMESPACE + "," + Observability.FUNCTION + "} MetricName=\""
                        + metricName + "\"', 'Sum', 300))")
                .usingMetrics(Map.of())
                .searchRegion(region)
                .label(region)
                .period(Duration.minutes(5))
                .build();
    }

    private static Metric queueMetric(String name, String queueName, String region) {
        return Metric.Builder.create()
                .namespace("AWS/SQS")
                .metricName(name)
                .dimensionsMap(Map.of("QueueName", queueName))
                .statistic("Maximum")
                .period(Duration.minutes(1))
                .region(region)
                .label(region)
                .build();
    }

    private static Metric accountLambda(String name) {
        return Metric.Builder.create()
                .namespace("AWS/Lambda")
                .metricName(name)
                .statistic("Maximum")
                .period(Duration.minutes(1))
                .label("account " + name)
                .build();
    }

    private static MetricOptions maximum(Duration period) {
        return MetricOptions.builder().statistic("Maximum").period(period).build();
    }

    public Dashboard regional() {
        return regional;
    }

    /** The global dashboard, in the first region's stack only (null elsewhere). */
    public Dashboard global() {
        return global;
    }
}
