package com.bluemarble.functions.app.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import com.bluemarble.functions.app.JsonFunctions;
import com.bluemarble.functions.core.telemetry.MetricNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Checks an EMF document against the CloudWatch Embedded Metric Format specification and against
 * this project's metric contract (docs/operations.md): names, units and dimension sets.
 */
final class EmfSpec {

    /** The contract: metric name to its unit and the one dimension set it is emitted under. */
    record Contract(String unit, List<String> dimensions) {}

    static final List<String> FUNCTION_ONLY = List.of(MetricNames.FUNCTION);
    static final List<String> BY_CODE = List.of(MetricNames.FUNCTION, MetricNames.ERROR_CODE);
    static final List<String> BY_SHARD = List.of(MetricNames.FUNCTION, MetricNames.SHARD);

    static final Map<String, Contract> CONTRACT = Map.ofEntries(
            Map.entry(MetricNames.INVOCATIONS, new Contract("Count", FUNCTION_ONLY)),
            Map.entry(MetricNames.LATENCY, new Contract("Milliseconds", FUNCTION_ONLY)),
            Map.entry(MetricNames.ERRORS, new Contract("Count", BY_CODE)),
            Map.entry(MetricNames.SERVER_ERRORS, new Contract("Count", FUNCTION_ONLY)),
            Map.entry(MetricNames.ECONOMY_COMMITS, new Contract("Count", FUNCTION_ONLY)),
            Map.entry(MetricNames.ECONOMY_REJECTIONS, new Contract("Count", BY_CODE)),
            Map.entry(MetricNames.SPANNER_TRANSACTION_ATTEMPTS, new Contract("Count", FUNCTION_ONLY)),
            Map.entry(MetricNames.ECONOMY_AUDIT_OK, new Contract("Count", FUNCTION_ONLY)),
            Map.entry(MetricNames.SNAPSHOT_MESSAGES_IN, new Contract("Count", FUNCTION_ONLY)),
            Map.entry(MetricNames.SNAPSHOT_PLAYERS_WRITTEN, new Contract("Count", FUNCTION_ONLY)),
            Map.entry(MetricNames.SNAPSHOT_SUPERSEDED, new Contract("Count", FUNCTION_ONLY)),
            Map.entry(MetricNames.SNAPSHOT_FAILED, new Contract("Count", FUNCTION_ONLY)),
            Map.entry(MetricNames.SNAPSHOT_DLQ_BOUND, new Contract("Count", FUNCTION_ONLY)),
            Map.entry(MetricNames.LEADERBOARD_SHARD_CALLS, new Contract("Count", BY_SHARD)),
            Map.entry(MetricNames.LEADERBOARD_SHARD_LATENCY, new Contract("Milliseconds", BY_SHARD)),
            Map.entry(MetricNames.CONFIG_RELOADS, new Contract("Count", FUNCTION_ONLY)),
            Map.entry(MetricNames.CONFIG_REJECTIONS, new Contract("Count", FUNCTION_ONLY)),
            Map.entry(MetricNames.TERRAIN_BYTES_IN, new Contract("Bytes", FUNCTION_ONLY)),
            Map.entry(MetricNames.TERRAIN_BYTES_OUT, new Contract("Bytes", FUNCTION_ONLY)));

    /** CloudWatch's units (the specification's MetricDefinition.Unit). */
    static final Set<String> UNITS = Set.of(
            "Seconds",
            "Microseconds",
            "Milliseconds",
            "Bytes",
            "Kilobytes",
            "Megabytes",
            "Gigabytes",
            "Terabytes",
            "Bits",
            "Kilobits",
            "Megabits",
            "Gigabits",
            "Terabits",
            "Percent",
            "Count",
            "Bytes/Second",
            "Kilobytes/Second",
            "Megabytes/Second",
            "Gigabytes/Second",
            "Terabytes/Second",
            "Bits/Second",
            "Kilobits/Second",
            "Megabits/Second",
            "Gigabits/Second",
            "Terabits/Second",
            "Count/Second",
            "None");

    /** One metric value found in a document: its name, dimension values, value(s). */
    record Datum(String metric, Map<String, String> dimensions, List<Double> values) {}

    private EmfSpec() {}

    /** Validates {@code document} and returns its data. */
    static List<Datum> validate(String document) {
        assertThat(document).as("one line").doesNotContain("\n");
        JsonNode root = JsonFunctions.JSON.readTree(document);
        assertThat(root.isObject()).as(document).isTrue();
        JsonNode aws = root.get("_aws");
        assertThat(aws).as("_aws in " + document).isNotNull();
        assertThat(aws.get("Timestamp").isIntegralNumber()).as("_aws.Timestamp").isTrue();
        long timestamp = aws.get("Timestamp").asLong();
        assertThat(Math.abs(timestamp - System.currentTimeMillis()))
                .as("Timestamp is epoch milliseconds, now")
                .isLessThan(3_600_000L);
        JsonNode directives = aws.get("CloudWatchMetrics");
        assertThat(directives.isArray()).isTrue();
        assertThat(directives.size()).isEqualTo(1);
        List<Datum> data = new ArrayList<>();
        for (JsonNode directive : directives) {
            assertThat(directive.get("Namespace").asString()).isEqualTo(MetricNames.NAMESPACE);
            JsonNode dimensionSets = directive.get("Dimensions");
            assertThat(dimensionSets.isArray()).isTrue();
            assertThat(dimensionSets.size())
                    .as("one dimension set per document")
                    .isEqualTo(1);
            List<String> dimensionNames = new ArrayList<>();
            for (JsonNode name : dimensionSets.get(0)) {
                dimensionNames.add(name.asString());
            }
            assertThat(dimensionNames).hasSizeBetween(1, 30);
            Map<String, String> dimensionValues = new java.util.LinkedHashMap<>();
            for (String name : dimensionNames) {
                JsonNode value = root.get(name);
                assertThat(value).as("dimension " + name + " is a root member").isNotNull();
                assertThat(value.isString())
                        .as("dimension " + name + " is a string")
                        .isTrue();
                assertThat(value.asString()).isNotBlank().hasSizeLessThanOrEqualTo(1024);
                dimensionValues.put(name, value.asString());
            }
            JsonNode metrics = directive.get("Metrics");
            assertThat(metrics.isArray()).isTrue();
            assertThat(metrics.size()).isBetween(1, 100);
            for (JsonNode metric : metrics) {
                String name = metric.get("Name").asString();
                assertThat(name).isNotBlank().hasSizeLessThanOrEqualTo(255);
                String unit = metric.get("Unit").asString();
                assertThat(UNITS).as("unit of " + name).contains(unit);
                if (metric.has("StorageResolution")) {
                    assertThat(metric.get("StorageResolution").asInt()).isIn(1, 60);
                }
                Contract contract = CONTRACT.get(name);
                assertThat(contract)
                        .as("metric " + name + " is in the contract")
                        .isNotNull();
                assertThat(unit).as("unit of " + name).isEqualTo(contract.unit());
                assertThat(dimensionNames).as("dimensions of " + name).isEqualTo(contract.dimensions());
                JsonNode value = root.get(name);
                assertThat(value).as("value of " + name + " is a root member").isNotNull();
                List<Double> values = new ArrayList<>();
                if (value.isArray()) {
                    assertThat(value.size()).isBetween(1, 100);
                    value.forEach(v -> {
                        assertThat(v.isNumber()).isTrue();
                        values.add(v.asDouble());
                    });
                } else {
                    assertThat(value.isNumber()).as("value of " + name).isTrue();
                    values.add(value.asDouble());
                }
                data.add(new Datum(name, dimensionValues, values));
            }
        }
        return data;
    }
}
