package com.bluemarble.infra;

import static com.bluemarble.infra.TemplateJson.at;
import static com.bluemarble.infra.TemplateJson.list;
import static com.bluemarble.infra.TemplateJson.map;
import static com.bluemarble.infra.TemplateJson.props;
import static com.bluemarble.infra.TemplateJson.render;
import static com.bluemarble.infra.TemplateJson.resourcesOfType;
import static org.assertj.core.api.Assertions.assertThat;

import com.bluemarble.infra.config.FunctionCatalog.FunctionSpec;
import com.bluemarble.infra.config.Observability;
import com.bluemarble.infra.stacks.ServiceStack;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 14 in the CDK app, on the synthesized templates of every region: the dashboards show the metric contract and
 * the AWS metrics around it, the SLO alarms have their thresholds, tracing is active, and every log group has an
 * explicit retention and the region's KMS key.
 */
class ObservabilityTest {

    private final SynthesizedApp synth = SynthesizedApp.get();

    static List<String> regions() {
        return SynthesizedApp.regions();
    }

    private ServiceStack service(String region) {
        return synth.stacks.byRegion().get(region).service();
    }

    private static String id(ServiceStack stack, software.constructs.IConstruct construct) {
        return StorageStackTest.logicalIdOf(stack, construct);
    }

    @ParameterizedTest
    @MethodSource("regions")
    void theRegionalDashboardShowsTheWholeMetricContractAndTheAwsMetricsAroundIt(String region) throws Exception {
        ServiceStack stack = service(region);
        Map<String, Object> dashboard = props(resourcesOfType(synth.json(stack), "AWS::CloudWatch::Dashboard")
                .get(id(stack, stack.dashboards().regional())));
        assertThat(dashboard.get("DashboardName")).isEqualTo("bluemarble-" + region);
        String body = render(dashboard.get("DashboardBody"));
        Map<?, ?> parsed = new ObjectMapper().readValue(body, Map.class);
        assertThat(list(parsed.get("widgets"))).hasSizeGreaterThanOrEqualTo(15);

        List<String> contract = new ArrayList<>(List.of(
                Observability.INVOCATIONS, Observability.LATENCY, Observability.ERRORS, Observability.SERVER_ERRORS));
        Stream.of(
                        Observability.ECONOMY_METRICS,
                        Observability.SNAPSHOT_METRICS,
                        Observability.LEADERBOARD_METRICS,
                        Observability.CONFIG_METRICS,
                        Observability.TERRAIN_METRICS)
                .forEach(contract::addAll);
        assertThat(contract).hasSize(18);
        for (String metric : contract) {
            assertThat(body)
                    .as(metric)
                    .containsPattern("SEARCH\\('\\{BlueMarble,Function(,ErrorCode|,Shard)?} MetricName=\\\\\"" + metric
                            + "\\\\\"'");
        }
        // Errors by code and the leaderboard figures per shard use their second dimension.
        assertThat(body).contains("{BlueMarble,Function,ErrorCode} MetricName=\\\"Errors\\\"");
        assertThat(body).contains("{BlueMarble,Function,Shard} MetricName=\\\"LeaderboardShardLatency\\\"");
        // Writer lag and DLQ depth (this region's queues), Redis, Lambda throttles and concurrency.
        assertThat(body)
                .contains("\"AWS/SQS\",\"ApproximateAgeOfOldestMessage\"")
                .contains("\"AWS/SQS\",\"ApproximateNumberOfMessagesVisible\"")
                .contains("\"AWS/ElastiCache\",\"EngineCPUUtilization\"")
                .contains("\"AWS/ElastiCache\",\"DatabaseMemoryUsagePercentage\"")
                .contains("\"AWS/ElastiCache\",\"Evictions\"")
                .contains("\"AWS/Lambda\",\"UnreservedConcurrentExecutions\"");
        String redis = id(stack, stack.redis());
        assertThat(body).contains("${Ref:" + redis + "}-001").contains("${Ref:" + redis + "}-002");
        for (FunctionSpec spec : synth.functions) {
            String fn = "${Ref:" + id(stack, stack.functions().get(spec.name())) + "}";
            assertThat(body)
                    .as(spec.name() + " throttles and concurrency")
                    .contains("\"AWS/Lambda\",\"Throttles\",\"FunctionName\",\"" + fn + "\"")
                    .contains("\"AWS/Lambda\",\"ConcurrentExecutions\",\"FunctionName\",\"" + fn + "\"");
        }
    }

    @ParameterizedTest
    @MethodSource("regions")
    void oneGlobalDashboardInTheFirstRegionComparesEveryRegion(String region) throws Exception {
        ServiceStack stack = service(region);
        Map<String, Map<String, Object>> dashboards = resourcesOfType(synth.json(stack), "AWS::CloudWatch::Dashboard");
        if (!region.equals(regions().get(0))) {
            assertThat(dashboards).hasSize(1);
            assertThat(stack.dashboards().global()).isNull();
            return;
        }
        assertThat(dashboards).hasSize(2);
        Map<String, Object> global =
                props(dashboards.get(id(stack, stack.dashboards().global())));
        assertThat(global.get("DashboardName")).isEqualTo("bluemarble-global");
        String body = render(global.get("DashboardBody"));
        new ObjectMapper().readValue(body, Map.class);
        for (String r : regions()) {
            assertThat(body)
                    .as(r)
                    .contains("\"region\":\"" + r + "\"")
                    .contains(":cloudwatch:" + r + ":" + SynthesizedApp.DUMMY_ACCOUNT
                            + ":alarm:bluemarble-trade-latency-p99")
                    .contains(
                            ":cloudwatch:" + r + ":" + SynthesizedApp.DUMMY_ACCOUNT + ":alarm:bluemarble-redis-memory");
        }
        assertThat(body)
                .contains("\"QueueName\",\"" + synth.resources.snapshotQueue().name() + "\"")
                .contains("\"QueueName\",\""
                        + synth.resources.snapshotDeadLetterQueue().name() + "\"");
    }

    @ParameterizedTest
    @MethodSource("regions")
    void theSloAlarmsHaveTheirThresholdsAndNotifyTheTopic(String region) {
        ServiceStack stack = service(region);
        Map<String, Map<String, Object>> alarms =
                resourcesOfType(synth.resolvedNestedJson(stack.alarms()), "AWS::CloudWatch::Alarm");
        String topic = "${Ref:" + StorageStackTest.logicalIdOf(stack.alarms(), stack.alarmTopic()) + "}";

        Map<String, Object> tradeP99 = alarm(alarms, "bluemarble-trade-latency-p99");
        assertThat(tradeP99.get("Namespace")).isEqualTo("BlueMarble");
        assertThat(tradeP99.get("MetricName")).isEqualTo("Latency");
        assertThat(tradeP99.get("ExtendedStatistic")).isEqualTo("p99");
        assertThat(list(tradeP99.get("Dimensions"))).containsExactly(Map.of("Name", "Function", "Value", "trade"));
        assertThat(tradeP99.get("Threshold")).isEqualTo(500);
        assertThat(tradeP99.get("ComparisonOperator")).isEqualTo("GreaterThanThreshold");

        Map<String, Object> lag = alarm(alarms, "bluemarble-snapshot-writer-lag");
        assertThat(lag.get("Namespace")).isEqualTo("AWS/SQS");
        assertThat(lag.get("MetricName")).isEqualTo("ApproximateAgeOfOldestMessage");
        assertThat(lag.get("Threshold")).isEqualTo(120);
        assertThat(lag.get("EvaluationPeriods")).isEqualTo(5);
        assertThat(lag.get("DatapointsToAlarm")).isEqualTo(5);

        Map<String, Object> dlq = alarm(alarms, "bluemarble-snapshot-dlq-depth");
        assertThat(dlq.get("Threshold")).isEqualTo(1);
        assertThat(dlq.get("ComparisonOperator")).isEqualTo("GreaterThanOrEqualToThreshold");

        Map<String, Object> redis = alarm(alarms, "bluemarble-redis-memory");
        assertThat(redis.get("Threshold")).isEqualTo(80);
        assertThat(list(redis.get("Metrics")))
                .filteredOn(m -> at(m, "MetricStat") != null)
                .extracting(m -> at(m, "MetricStat.Metric.MetricName") + " "
                        + render(map(list(at(m, "MetricStat.Metric.Dimensions")).get(0))
                                .get("Value")))
                .containsExactlyInAnyOrder(
                        "DatabaseMemoryUsagePercentage ${Ref:" + id(stack, stack.redis()) + "}-001",
                        "DatabaseMemoryUsagePercentage ${Ref:" + id(stack, stack.redis()) + "}-002");

        for (FunctionSpec spec : synth.functions) {
            Map<String, Object> rate = alarm(alarms, "bluemarble-" + spec.name() + "-5xx-rate");
            assertThat(rate.get("Threshold")).isEqualTo(1);
            List<Object> metrics = list(rate.get("Metrics"));
            assertThat(metrics)
                    .extracting(m -> map(m).get("Expression"))
                    .contains("IF(invocations > 0, 100 * serverErrors / invocations, 0)");
            assertThat(metrics)
                    .extracting(m -> at(m, "MetricStat.Metric.MetricName"))
                    .contains("ServerErrors", "Invocations");
            assertThat(metrics)
                    .filteredOn(m -> at(m, "MetricStat") != null)
                    .allSatisfy(m -> assertThat(list(at(m, "MetricStat.Metric.Dimensions")))
                            .containsExactly(Map.of("Name", "Function", "Value", spec.name())));
        }
        for (String name : List.of(
                "bluemarble-trade-latency-p99",
                "bluemarble-snapshot-writer-lag",
                "bluemarble-snapshot-dlq-depth",
                "bluemarble-redis-memory")) {
            Map<String, Object> a = alarm(alarms, name);
            assertThat(list(a.get("AlarmActions")))
                    .extracting(TemplateJson::render)
                    .containsExactly(topic);
            assertThat(String.valueOf(a.get("AlarmDescription"))).as(name).contains("infra/README.md");
        }
    }

    @ParameterizedTest
    @MethodSource("regions")
    void everyFunctionIsTracedAndEveryLogGroupHasRetentionAndTheRegionsKey(String region) {
        ServiceStack stack = service(region);
        Map<String, Object> json = synth.json(stack);
        resourcesOfType(json, "AWS::Lambda::Function").forEach((logicalId, fn) -> {
            if (logicalId.startsWith("CustomVpcRestrictDefaultSG")) return; // CDK's own provider
            assertThat(at(props(fn), "TracingConfig.Mode")).as(logicalId).isEqualTo("Active");
        });
        String key = id(stack, stack.logEncryption().key());
        Map<String, Map<String, Object>> logGroups = resourcesOfType(json, "AWS::Logs::LogGroup");
        assertThat(logGroups).hasSize(synth.functions.size() + 2); // + API access logs, VPC flow logs
        logGroups.forEach((logicalId, group) -> {
            assertThat(render(props(group).get("KmsKeyId"))).as(logicalId).isEqualTo("${" + key + ".Arn}");
            assertThat(props(group).get("RetentionInDays"))
                    .as(logicalId)
                    .isEqualTo(
                            logicalId.startsWith("ApiAccessLogs")
                                    ? Observability.ACCESS_LOG_RETENTION_DAYS
                                    : Observability.LOG_RETENTION_DAYS);
        });
        Map<String, Object> kms = props(resourcesOfType(json, "AWS::KMS::Key").get(key));
        assertThat(kms.get("EnableKeyRotation")).isEqualTo(true);
        assertThat(list(at(kms, "KeyPolicy.Statement"))).anySatisfy(s -> {
            assertThat(render(at(s, "Principal.Service"))).isEqualTo("logs." + region + ".amazonaws.com");
            assertThat(render(at(s, "Condition.ArnLike")))
                    .contains("arn:aws:logs:" + region + ":" + SynthesizedApp.DUMMY_ACCOUNT + ":log-group:*");
        });
    }

    private static Map<String, Object> alarm(Map<String, Map<String, Object>> alarms, String name) {
        return alarms.values().stream()
                .map(TemplateJson::props)
                .filter(p -> name.equals(p.get("AlarmName")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no alarm " + name));
    }
}
