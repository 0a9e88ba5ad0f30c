package com.bluemarble.infra;

import static com.bluemarble.infra.TemplateJson.at;
import static com.bluemarble.infra.TemplateJson.list;
import static com.bluemarble.infra.TemplateJson.map;
import static com.bluemarble.infra.TemplateJson.props;
import static com.bluemarble.infra.TemplateJson.render;
import static com.bluemarble.infra.TemplateJson.resourcesOfType;
import static org.assertj.core.api.Assertions.assertThat;

import com.bluemarble.infra.config.DeploymentConfig;
import com.bluemarble.infra.config.FunctionCatalog.Access;
import com.bluemarble.infra.config.FunctionCatalog.FunctionSpec;
import com.bluemarble.infra.config.ResourceNames;
import com.bluemarble.infra.stacks.ServiceStack;
import com.bluemarble.infra.stacks.StorageStack;
import com.bluemarble.infra.stacks.Workflows;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.constructs.IConstruct;

/**
 * Issues 15 and 16 in AWS, on the synthesized templates of every region: the erasure, export and audit state machines
 * (nested stack of each service stack) invoke exactly their functions' aliases with the contract's inputs, retry what
 * a retry can fix and catch the rest, run the audit's partitions in a bounded distributed map, daily; their alarms;
 * the exports and audit reports buckets and the erasure marks table; and least privilege around them.
 */
class WorkflowsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final SynthesizedApp synth = SynthesizedApp.get();
    private final Map<String, Map<String, Object>> nestedTemplates = new HashMap<>();

    static List<String> regions() {
        return SynthesizedApp.regions();
    }

    private ServiceStack service(String region) {
        return synth.stacks.byRegion().get(region).service();
    }

    private static String id(software.amazon.awscdk.Stack stack, IConstruct construct) {
        return StorageStackTest.logicalIdOf(stack, construct);
    }

    private String aliasRef(String region, String function) {
        ServiceStack stack = service(region);
        return "${Ref:" + id(stack, stack.aliases().get(function)) + "}";
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> nested(String region) {
        return nestedTemplates.computeIfAbsent(region, r -> {
            Workflows workflows = service(r).workflows();
            Path file = Path.of(synth.assembly.getDirectory()).resolve(workflows.getTemplateFile());
            try {
                return JSON.readValue(Files.readString(file), Map.class);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    /** Nested parameter name -> what the service stack passes (rendered), e.g. an alias's ${Ref:...}. */
    private Map<String, String> parameters(String region) {
        Map<String, Map<String, Object>> stacks =
                resourcesOfType(synth.json(service(region)), "AWS::CloudFormation::Stack");
        assertThat(stacks).hasSize(2); // the alarms and the workflows
        Map<String, String> out = new LinkedHashMap<>();
        String workflows = id(service(region), service(region).workflows().getNestedStackResource());
        map(props(stacks.get(workflows)).get("Parameters")).forEach((name, value) -> out.put(name, render(value)));
        return out;
    }

    /** Text of the nested template with every parameter reference replaced by the service stack's value. */
    private String resolved(String region, String text) {
        String out = text;
        for (Map.Entry<String, String> p : parameters(region).entrySet()) {
            out = out.replace("${Ref:" + p.getKey() + "}", p.getValue());
        }
        return out;
    }

    private String logicalIdInNested(String region, IConstruct construct) {
        return id(service(region).workflows(), construct);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> definition(String region, String stateMachineName) throws IOException {
        Map<String, Object> machine =
                resourcesOfType(nested(region), "AWS::StepFunctions::StateMachine").values().stream()
                        .filter(m -> stateMachineName.equals(props(m).get("StateMachineName")))
                        .findFirst()
                        .orElseThrow();
        return JSON.readValue(resolved(region, render(props(machine).get("DefinitionString"))), Map.class);
    }

    /** Every Task resource anywhere in a definition (map item processors included). */
    private static Set<String> taskResources(Map<String, Object> definition) {
        Set<String> out = new TreeSet<>();
        TemplateJson.walkMaps(definition, node -> {
            if ("Task".equals(node.get("Type"))) out.add(String.valueOf(node.get("Resource")));
        });
        return out;
    }

    /** The task states from StartAt along Next, in order. */
    private static List<Map<String, Object>> chain(Map<String, Object> definition) {
        Map<String, Object> states = map(definition.get("States"));
        List<Map<String, Object>> out = new ArrayList<>();
        String next = String.valueOf(definition.get("StartAt"));
        while (next != null && !"null".equals(next)) {
            Map<String, Object> state = map(states.get(next));
            out.add(state);
            next = String.valueOf(state.get("Next"));
        }
        return out;
    }

    private static void assertRetriesOnlyRetryableErrors(Map<String, Object> task, int attempts, int maxDelay) {
        List<Object> retry = list(task.get("Retry"));
        assertThat(retry).hasSize(1);
        Map<String, Object> retrier = map(retry.get(0));
        assertThat(list(retrier.get("ErrorEquals")))
                .containsExactlyInAnyOrder(
                        "STORE_UNAVAILABLE",
                        "Lambda.ServiceException",
                        "Lambda.AWSLambdaException",
                        "Lambda.SdkClientException",
                        "Lambda.TooManyRequestsException",
                        "Lambda.Unknown",
                        "States.Timeout");
        assertThat(retrier.get("MaxAttempts")).isEqualTo(attempts);
        assertThat(((Number) retrier.get("BackoffRate")).doubleValue()).isEqualTo(2.0);
        assertThat(retrier.get("MaxDelaySeconds")).isEqualTo(maxDelay);
        assertThat(retrier.get("JitterStrategy")).isEqualTo("FULL");
        // Anything else (a 4xx such as INVALID_ERASURE_STEP, a bug's INTERNAL) is caught: the execution fails.
        assertThat(list(task.get("Catch")))
                .singleElement()
                .satisfies(c -> assertThat(list(map(c).get("ErrorEquals"))).containsExactly("States.ALL"));
    }

    @ParameterizedTest
    @MethodSource("regions")
    void theErasureRunsTheFiveStepsInOrderOnPlayerEraseStepAndRetriesForHours(String region) throws IOException {
        Map<String, Object> definition = definition(region, ResourceNames.ERASURE_STATE_MACHINE);
        assertThat(taskResources(definition)).containsExactly(aliasRef(region, "playerEraseStep"));
        List<Map<String, Object>> states = chain(definition);
        assertThat(states).hasSize(Workflows.ERASURE_STEPS.size() + 1);
        for (int i = 0; i < Workflows.ERASURE_STEPS.size(); i++) {
            Map<String, Object> task = states.get(i);
            assertThat(task.get("Parameters"))
                    .isEqualTo(Map.of("eraseId.$", "$.eraseId", "step", Workflows.ERASURE_STEPS.get(i)));
            assertThat(task.get("ResultPath")).as("the input stays {eraseId}").isNull();
            assertThat(task).containsKey("ResultPath");
            assertRetriesOnlyRetryableErrors(task, 25, 3600);
        }
        assertThat(Workflows.ERASURE_STEPS)
                .containsExactly(
                        "freeze-snapshots",
                        "freeze-leaderboards",
                        "erase-economy",
                        "erase-snapshots",
                        "erase-leaderboards");
        assertThat(states.get(states.size() - 1).get("Type")).isEqualTo("Succeed");
    }

    @ParameterizedTest
    @MethodSource("regions")
    void theExportRunsItsFourStepsInOrderOnPlayerExportStep(String region) throws IOException {
        Map<String, Object> definition = definition(region, ResourceNames.EXPORT_STATE_MACHINE);
        assertThat(taskResources(definition)).containsExactly(aliasRef(region, "playerExportStep"));
        List<Map<String, Object>> states = chain(definition);
        assertThat(states.stream().limit(4).map(s -> map(s.get("Parameters")).get("step")))
                .containsExactly("export-economy", "export-snapshots", "export-leaderboards", "assemble");
        for (Map<String, Object> task : states.subList(0, 4)) {
            assertThat(map(task.get("Parameters")).get("exportId.$")).isEqualTo("$.exportId");
            assertRetriesOnlyRetryableErrors(task, 8, 300);
        }
        assertThat(states.get(4).get("Type")).isEqualTo("Succeed");
        // A step that fails for good records the export FAILED (playerExportStatus answers it), then fails.
        Map<String, Object> allStates = map(definition.get("States"));
        for (Map<String, Object> task : states.subList(0, 4)) {
            String handler = String.valueOf(map(list(task.get("Catch")).get(0)).get("Next"));
            Map<String, Object> markFailed = map(allStates.get(handler));
            assertThat(markFailed.get("Parameters")).isEqualTo(Map.of("exportId.$", "$.exportId", "step", "fail"));
            assertRetriesOnlyRetryableErrors(markFailed, 8, 300);
            assertThat(map(allStates.get(String.valueOf(markFailed.get("Next"))))
                            .get("Type"))
                    .isEqualTo("Fail");
        }
    }

    @ParameterizedTest
    @MethodSource("regions")
    void theAuditStartsWithAFreshIdMapsPartitionsWithBoundedConcurrencyAndFinishes(String region) throws IOException {
        Map<String, Object> definition = definition(region, ResourceNames.AUDIT_STATE_MACHINE);
        assertThat(taskResources(definition))
                .containsExactlyInAnyOrder(
                        aliasRef(region, "economyAuditStart"),
                        aliasRef(region, "economyAuditPartition"),
                        aliasRef(region, "economyAuditFinish"));
        List<Map<String, Object>> states = chain(definition);
        assertThat(states).extracting(s -> s.get("Type")).containsExactly("Pass", "Task", "Map", "Task", "Succeed");
        assertThat(states.get(0).get("Parameters")).isEqualTo(Map.of("auditId.$", "States.UUID()"));

        Map<String, Object> start = states.get(1);
        assertThat(start.get("Resource")).isEqualTo(aliasRef(region, "economyAuditStart"));
        assertThat(start.get("Parameters")).isEqualTo(Map.of("auditId.$", "$.auditId"));
        assertThat(start.get("ResultPath")).isEqualTo("$.start");
        assertRetriesOnlyRetryableErrors(start, 6, 60);

        Map<String, Object> partitions = states.get(2);
        assertThat(at(partitions, "ItemProcessor.ProcessorConfig.Mode")).isEqualTo("DISTRIBUTED");
        assertThat(partitions.get("MaxConcurrency"))
                .isEqualTo(synth.config.auditMaxConcurrency())
                .isEqualTo(DeploymentConfig.DEFAULT_AUDIT_MAX_CONCURRENCY);
        assertThat(partitions.get("ItemsPath")).isEqualTo("$.start.partitionNumbers");
        assertThat(partitions.get("ItemSelector"))
                .isEqualTo(Map.of("auditId.$", "$.auditId", "partition.$", "$$.Map.Item.Value"));
        Map<String, Object> processor = map(partitions.get("ItemProcessor"));
        Map<String, Object> partition = map(map(processor.get("States")).get(String.valueOf(processor.get("StartAt"))));
        assertThat(partition.get("Resource")).isEqualTo(aliasRef(region, "economyAuditPartition"));
        assertThat(partition.get("Parameters"))
                .isEqualTo(Map.of("auditId.$", "$.auditId", "partition.$", "$.partition"));
        List<Object> partitionRetry = list(partition.get("Retry"));
        assertThat(list(map(partitionRetry.get(0)).get("ErrorEquals")))
                .contains("STORE_UNAVAILABLE", "Lambda.TooManyRequestsException", "Lambda.ServiceException");

        Map<String, Object> finish = states.get(3);
        assertThat(finish.get("Resource")).isEqualTo(aliasRef(region, "economyAuditFinish"));
        assertThat(finish.get("Parameters")).isEqualTo(Map.of("auditId.$", "$.auditId"));
        assertRetriesOnlyRetryableErrors(finish, 6, 60);
    }

    @ParameterizedTest
    @MethodSource("regions")
    void theAuditRunsDailyAndEveryMachineIsLoggedTracedAndAlarmed(String region) {
        Map<String, Object> nested = nested(region);
        Workflows workflows = service(region).workflows();
        Map<String, Object> rule = props(resourcesOfType(nested, "AWS::Events::Rule").values().stream()
                .findFirst()
                .orElseThrow());
        assertThat(rule.get("ScheduleExpression")).isEqualTo("cron(17 3 * * ? *)");
        Map<String, Object> target = map(list(rule.get("Targets")).get(0));
        assertThat(render(target.get("Arn"))).isEqualTo("${Ref:" + logicalIdInNested(region, workflows.audit()) + "}");
        assertThat(target.get("Input")).isEqualTo("{}");

        Map<String, Map<String, Object>> machines = resourcesOfType(nested, "AWS::StepFunctions::StateMachine");
        assertThat(machines).hasSize(3);
        machines.values().forEach(m -> {
            Map<String, Object> p = props(m);
            assertThat(p.get("StateMachineType")).isEqualTo("STANDARD");
            assertThat(at(p, "TracingConfiguration.Enabled")).isEqualTo(true);
            assertThat(at(p, "LoggingConfiguration.Level")).isEqualTo("ALL");
            assertThat(at(p, "LoggingConfiguration.IncludeExecutionData"))
                    .as("inputs name players: never logged")
                    .isEqualTo(false);
        });
        resourcesOfType(nested, "AWS::Logs::LogGroup")
                .values()
                .forEach(g -> assertThat(props(g).get("KmsKeyId")).isNotNull());

        // The topic lives in the sibling alarms stack: the service stack passes that stack's output.
        String topic = "${" + id(service(region), service(region).alarms().getNestedStackResource()) + ".Outputs.";
        Map<String, Map<String, Object>> alarms = new LinkedHashMap<>();
        resourcesOfType(nested, "AWS::CloudWatch::Alarm")
                .values()
                .forEach(a -> alarms.put(String.valueOf(props(a).get("AlarmName")), props(a)));
        assertThat(alarms.keySet())
                .containsExactlyInAnyOrder(
                        "bluemarble-player-erasure-failed",
                        "bluemarble-player-export-failed",
                        "bluemarble-economy-audit-failed",
                        "bluemarble-economy-audit-not-ok",
                        "bluemarble-economy-audit-missing");
        alarms.values()
                .forEach(a -> assertThat(list(a.get("AlarmActions")))
                        .extracting(x -> resolved(region, render(x)))
                        .singleElement()
                        .asString()
                        .startsWith(topic)
                        .contains("AlarmTopic"));

        Map<String, Object> notOk = alarms.get("bluemarble-economy-audit-not-ok");
        assertThat(notOk)
                .containsEntry("Namespace", "BlueMarble")
                .containsEntry("MetricName", "EconomyAuditOk")
                .containsEntry("Statistic", "Minimum")
                .containsEntry("Period", 3600)
                .containsEntry("Threshold", 1)
                .containsEntry("ComparisonOperator", "LessThanThreshold")
                .containsEntry("EvaluationPeriods", 1)
                .containsEntry("TreatMissingData", "notBreaching");
        assertThat(list(notOk.get("Dimensions")))
                .containsExactly(Map.of("Name", "Function", "Value", "economyAuditFinish"));
        Map<String, Object> missing = alarms.get("bluemarble-economy-audit-missing");
        assertThat(missing)
                .containsEntry("MetricName", "EconomyAuditOk")
                .containsEntry("Statistic", "SampleCount")
                .containsEntry("Period", 3600)
                .containsEntry("EvaluationPeriods", 26)
                .containsEntry("DatapointsToAlarm", 26)
                .containsEntry("ComparisonOperator", "LessThanThreshold")
                .containsEntry("Threshold", 1)
                .containsEntry("TreatMissingData", "breaching");
        // One failure alarm per machine: ExecutionsFailed + ExecutionsTimedOut of that machine, at least 1 in 5 min.
        Map<String, IConstruct> byAlarm = Map.of(
                "bluemarble-player-erasure-failed", workflows.erasure(),
                "bluemarble-player-export-failed", workflows.export(),
                "bluemarble-economy-audit-failed", workflows.audit());
        byAlarm.forEach((name, machine) -> {
            Map<String, Object> alarm = alarms.get(name);
            assertThat(alarm)
                    .containsEntry("Threshold", 1)
                    .containsEntry("ComparisonOperator", "GreaterThanOrEqualToThreshold")
                    .containsEntry("TreatMissingData", "notBreaching");
            Set<String> metrics = new TreeSet<>();
            for (Object q : list(alarm.get("Metrics"))) {
                Map<String, Object> metric = map(at(q, "MetricStat.Metric"));
                if (metric.isEmpty()) continue;
                metrics.add(String.valueOf(metric.get("MetricName")));
                assertThat(metric.get("Namespace")).isEqualTo("AWS/States");
                assertThat(render(map(list(metric.get("Dimensions")).get(0)).get("Value")))
                        .isEqualTo("${Ref:" + logicalIdInNested(region, machine) + "}");
                assertThat(at(q, "MetricStat.Period")).isEqualTo(300);
            }
            assertThat(metrics).containsExactly("ExecutionsFailed", "ExecutionsTimedOut");
        });
    }

    /** The machine's role statements, with parameters resolved to the service stack's values. */
    private List<Map<String, Object>> roleStatements(String region, software.amazon.awscdk.services.iam.IRole role) {
        String roleId = logicalIdInNested(region, role);
        List<Map<String, Object>> out = new ArrayList<>();
        resourcesOfType(nested(region), "AWS::IAM::Policy").values().stream()
                .filter(p -> list(props(p).get("Roles")).contains(Map.of("Ref", roleId)))
                .flatMap(p -> list(at(props(p), "PolicyDocument.Statement")).stream())
                .forEach(st -> {
                    Map<String, Object> statement = new LinkedHashMap<>(map(st));
                    statement.put(
                            "Resource",
                            list(statement.get("Resource")).stream()
                                    .map(r -> resolved(region, render(r)))
                                    .toList());
                    out.add(statement);
                });
        return out;
    }

    private static Set<String> resourcesOf(List<Map<String, Object>> statements, String action) {
        Set<String> out = new TreeSet<>();
        statements.stream()
                .filter(s -> list(s.get("Action")).contains(action))
                .forEach(s -> list(s.get("Resource")).forEach(r -> out.add(r.toString())));
        return out;
    }

    @ParameterizedTest
    @MethodSource("regions")
    void eachMachineMayInvokeExactlyItsFunctionsAndTheErasureMachineNoEconomyWrite(String region) {
        Workflows workflows = service(region).workflows();
        List<Map<String, Object>> erasure =
                roleStatements(region, workflows.erasure().getRole());
        List<Map<String, Object>> export =
                roleStatements(region, workflows.export().getRole());
        List<Map<String, Object>> audit =
                roleStatements(region, workflows.audit().getRole());
        assertThat(resourcesOf(erasure, "lambda:InvokeFunction")).containsExactly(aliasRef(region, "playerEraseStep"));
        assertThat(resourcesOf(export, "lambda:InvokeFunction")).containsExactly(aliasRef(region, "playerExportStep"));
        assertThat(resourcesOf(audit, "lambda:InvokeFunction"))
                .containsExactlyInAnyOrder(
                        aliasRef(region, "economyAuditStart"),
                        aliasRef(region, "economyAuditPartition"),
                        aliasRef(region, "economyAuditFinish"));
        // IAM's own evaluation (wildcards included): the erasure machine can run no economy write, nor mint.
        for (String write : List.of(
                "grant", "trade", "purchase", "consume", "craft", "listingCreate", "listingBuy", "listingCancel")) {
            for (List<Map<String, Object>> statements : List.of(erasure, export, audit)) {
                assertThat(CallerPoliciesTest.allows(statements, "lambda:InvokeFunction", aliasRef(region, write)))
                        .as(write)
                        .isFalse();
            }
        }
        assertThat(CallerPoliciesTest.allows(erasure, "lambda:InvokeFunction", aliasRef(region, "playerEraseStep")))
                .isTrue();
        // And none may invoke any other Lambda action or start another machine.
        for (List<Map<String, Object>> statements : List.of(erasure, export)) {
            assertThat(statements.stream().flatMap(s -> list(s.get("Action")).stream()))
                    .noneMatch(a -> a.toString().startsWith("states:"))
                    .noneMatch(a -> a.toString().startsWith("lambda:") && !a.equals("lambda:InvokeFunction"));
        }
    }

    @ParameterizedTest
    @MethodSource("regions")
    void onlyPlayerEraseStartsTheErasureAndOnlyPlayerExportTheExport(String region) {
        ServiceStack stack = service(region);
        String prefix = "arn:aws:states:" + region + ":" + SynthesizedApp.DUMMY_ACCOUNT + ":stateMachine:";
        Map<String, Set<String>> starts = new LinkedHashMap<>();
        for (FunctionSpec spec : synth.functions) {
            String roleId = id(stack, stack.roles().get(spec.name()));
            Set<String> resources = new TreeSet<>();
            resourcesOfType(synth.json(stack), "AWS::IAM::Policy").values().stream()
                    .filter(p -> list(props(p).get("Roles")).contains(Map.of("Ref", roleId)))
                    .flatMap(p -> list(at(props(p), "PolicyDocument.Statement")).stream())
                    .map(TemplateJson::map)
                    .filter(s -> list(s.get("Action")).stream()
                            .anyMatch(a -> a.toString().startsWith("states:")))
                    .forEach(s -> {
                        assertThat(list(s.get("Action"))).containsExactly("states:StartExecution");
                        list(s.get("Resource")).forEach(r -> resources.add(render(r)));
                    });
            if (!resources.isEmpty()) starts.put(spec.name(), resources);
        }
        assertThat(starts)
                .isEqualTo(Map.of(
                        "playerErase", Set.of(prefix + ResourceNames.ERASURE_STATE_MACHINE),
                        "playerExport", Set.of(prefix + ResourceNames.EXPORT_STATE_MACHINE)));
        // The ARNs the functions get are the machines' (named so before they exist).
        Map<String, Object> nested = nested(region);
        assertThat(resourcesOfType(nested, "AWS::StepFunctions::StateMachine").values().stream()
                        .map(m -> props(m).get("StateMachineName")))
                .containsExactlyInAnyOrder(
                        ResourceNames.ERASURE_STATE_MACHINE,
                        ResourceNames.EXPORT_STATE_MACHINE,
                        ResourceNames.AUDIT_STATE_MACHINE);
        Map<String, Object> erase = props(resourcesOfType(synth.json(stack), "AWS::Lambda::Function")
                .get(id(stack, stack.functions().get("playerErase"))));
        assertThat(render(at(erase, "Environment.Variables.BLUEMARBLE_PRIVACY_ERASURE_STATE_MACHINE_ARN")))
                .isEqualTo(prefix + ResourceNames.ERASURE_STATE_MACHINE);
    }

    @ParameterizedTest
    @MethodSource("regions")
    void reportsAndExportsAreWrittenOnlyUnderTheirPrefixByTheirFunctions(String region) {
        ServiceStack stack = service(region);
        StorageStack storage = synth.stacks.byRegion().get(region).storage();
        String reports = "${Import:BlueMarble-Storage-" + region + ":ExportsOutputFnGetAtt"
                + id(storage, storage.auditReportsBucket()) + "Arn";
        String exports = "${Import:BlueMarble-Storage-" + region + ":ExportsOutputFnGetAtt"
                + id(storage, storage.exportsBucket()) + "Arn";
        for (FunctionSpec spec : synth.functions) {
            String roleId = id(stack, stack.roles().get(spec.name()));
            Set<String> writes = new TreeSet<>();
            resourcesOfType(synth.json(stack), "AWS::IAM::Policy").values().stream()
                    .filter(p -> list(props(p).get("Roles")).contains(Map.of("Ref", roleId)))
                    .flatMap(p -> list(at(props(p), "PolicyDocument.Statement")).stream())
                    .map(TemplateJson::map)
                    .filter(s -> list(s.get("Action")).contains("s3:PutObject"))
                    .forEach(s -> list(s.get("Resource")).forEach(r -> writes.add(render(r))));
            Set<String> intoReports = new TreeSet<>(writes);
            intoReports.removeIf(r -> !r.startsWith(reports));
            Set<String> intoExports = new TreeSet<>(writes);
            intoExports.removeIf(r -> !r.startsWith(exports));
            // ${Import:...Arn<hash>}/<prefix>*: exactly one resource, the prefix's objects.
            if (spec.uses(Access.AUDIT_REPORTS_PUT)) {
                assertThat(intoReports).singleElement().asString().endsWith("}/audits/*");
            } else {
                assertThat(intoReports)
                        .as(spec.name() + " writes audit reports")
                        .isEmpty();
            }
            if (spec.uses(Access.EXPORTS_WRITE)) {
                assertThat(intoExports).singleElement().asString().endsWith("}/exports/*");
            } else {
                assertThat(intoExports).as(spec.name() + " writes exports").isEmpty();
            }
            if (spec.name().equals("economyAuditFinish")) {
                assertThat(writes).as("economyAuditFinish writes nothing else").isEqualTo(intoReports);
            }
        }
        assertThat(synth.functions)
                .filteredOn(f -> f.uses(Access.AUDIT_REPORTS_PUT))
                .extracting(FunctionSpec::name)
                .containsExactly("economyAuditFinish");
        assertThat(synth.functions)
                .filteredOn(f -> f.uses(Access.EXPORTS_WRITE))
                .extracting(FunctionSpec::name)
                .containsExactly("playerExportStep");
    }

    @ParameterizedTest
    @MethodSource("regions")
    void theExportsBucketIsKmsEncryptedAndExpiresAfterSevenDaysAndTheMarksTableIsProtected(String region) {
        StorageStack storage = synth.stacks.byRegion().get(region).storage();
        Map<String, Object> json = synth.json(storage);
        Map<String, Object> exports =
                resourcesOfType(json, "AWS::S3::Bucket").get(id(storage, storage.exportsBucket()));
        Map<String, Object> p = props(exports);
        assertThat(p.get("BucketName")).isEqualTo("bluemarble-exports-" + SynthesizedApp.DUMMY_ACCOUNT + "-" + region);
        Map<String, Object> sse = map(list(at(p, "BucketEncryption.ServerSideEncryptionConfiguration"))
                .get(0));
        assertThat(at(sse, "ServerSideEncryptionByDefault.SSEAlgorithm")).isEqualTo("aws:kms");
        String keyId = id(storage, storage.exportsKey().key());
        assertThat(render(at(sse, "ServerSideEncryptionByDefault.KMSMasterKeyID")))
                .isEqualTo("${" + keyId + ".Arn}");
        assertThat(sse.get("BucketKeyEnabled")).isEqualTo(true);
        assertThat(at(p, "VersioningConfiguration"))
                .as("no old versions of personal data")
                .isNull();
        assertThat(list(at(p, "LifecycleConfiguration.Rules")))
                .anySatisfy(r -> assertThat(map(r).get("ExpirationInDays")).isEqualTo(7));
        assertThat(at(p, "PublicAccessBlockConfiguration.RestrictPublicBuckets"))
                .isEqualTo(true);
        // The key: administered by the account without kms:*, used by IAM principals through S3 only.
        Map<String, Object> key = props(resourcesOfType(json, "AWS::KMS::Key").get(keyId));
        assertThat(key.get("EnableKeyRotation")).isEqualTo(true);
        List<Object> keyStatements = list(at(key, "KeyPolicy.Statement"));
        assertThat(keyStatements.stream().flatMap(s -> list(map(s).get("Action")).stream()))
                .doesNotContain("kms:*");
        assertThat(keyStatements)
                .anySatisfy(s -> assertThat(at(s, "Condition.StringEquals.kms:ViaService"))
                        .isEqualTo("s3." + region + ".amazonaws.com"));
        assertThat(keyStatements)
                .filteredOn(s -> list(map(s).get("Action")).contains("kms:Decrypt"))
                .allSatisfy(s -> assertThat(at(s, "Condition.StringEquals.kms:ViaService"))
                        .isNotNull());

        Map<String, Object> reports =
                props(resourcesOfType(json, "AWS::S3::Bucket").get(id(storage, storage.auditReportsBucket())));
        assertThat(at(
                        map(list(at(reports, "BucketEncryption.ServerSideEncryptionConfiguration"))
                                .get(0)),
                        "ServerSideEncryptionByDefault.SSEAlgorithm"))
                .isEqualTo("AES256");
        assertThat(list(at(reports, "LifecycleConfiguration.Rules")))
                .anySatisfy(r -> assertThat(map(r).get("ExpirationInDays")).isEqualTo(400));

        Map<String, Object> marks =
                resourcesOfType(json, "AWS::DynamoDB::Table").get(id(storage, storage.snapshotErasureTable()));
        assertThat(marks.get("DeletionPolicy")).isEqualTo("Retain");
        Map<String, Object> table = props(marks);
        assertThat(table.get("TableName")).isEqualTo(ResourceNames.SNAPSHOT_ERASURE_TABLE);
        assertThat(table.get("KeySchema")).isEqualTo(List.of(Map.of("AttributeName", "playerId", "KeyType", "HASH")));
        assertThat(table.get("AttributeDefinitions"))
                .isEqualTo(List.of(Map.of("AttributeName", "playerId", "AttributeType", "S")));
        assertThat(at(table, "PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled"))
                .isEqualTo(true);
        assertThat(at(table, "SSESpecification.SSEEnabled")).isEqualTo(true);
        assertThat(table.get("DeletionProtectionEnabled")).isEqualTo(true);
    }
}
