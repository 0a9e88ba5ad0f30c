package com.bluemarble.infra;

import com.bluemarble.infra.BlueMarbleStacks.StackSet;
import com.bluemarble.infra.config.DeploymentConfig;
import com.bluemarble.infra.config.FunctionCatalog;
import com.bluemarble.infra.config.FunctionCatalog.FunctionSpec;
import com.bluemarble.infra.config.ResourceDefinitions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StageSynthesisOptions;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.cxapi.CloudAssembly;

/**
 * The whole app, built and synthesized once per test JVM exactly as {@code infra/synth.sh} does it: the
 * context of cdk.json + cdk.context.json, the dummy account, cdk-nag on every construct, and synthesis with
 * validation (CDK template validation and annotation errors fail it). Starting the jsii runtime and
 * synthesizing nine stacks is the expensive part of the suite, so every test shares this instance.
 */
final class SynthesizedApp {

    static final String DUMMY_ACCOUNT = "111111111111";
    static final List<String> DEFAULT_REGIONS = List.of("us-east-1", "eu-west-1", "ap-southeast-1");
    static final String PLACEHOLDER_ENDPOINTS = "us-east-1=rediss://master.use1.example.cache.amazonaws.com:6380,"
            + "eu-west-1=rediss://master.euw1.example.cache.amazonaws.com:6380,"
            + "ap-southeast-1=rediss://master.apse1.example.cache.amazonaws.com:6380";
    static final Path MODULE_DIR = Path.of("").toAbsolutePath();
    static final Path OUTDIR = MODULE_DIR.resolve("target/cdk.out-test");

    private static SynthesizedApp instance;
    private static RuntimeException failure;

    final App app;
    final DeploymentConfig config;
    final ResourceDefinitions resources;
    final List<FunctionSpec> functions;
    final StackSet stacks;
    final CloudAssembly assembly;
    private final Map<String, Template> templates = new LinkedHashMap<>();
    private final Map<String, Map<String, Object>> jsons = new LinkedHashMap<>();

    static synchronized SynthesizedApp get() {
        // A failed synthesis (e.g. a cdk-nag finding) is reported once in full; later tests only point to it.
        if (failure != null) throw new IllegalStateException("synthesis of the app failed (first failure above)");
        if (instance == null) {
            try {
                instance = new SynthesizedApp();
            } catch (RuntimeException e) {
                failure = e;
                throw e;
            }
        }
        return instance;
    }

    private SynthesizedApp() {
        Map<String, Object> context = baseContext();
        // If validation fails, put the whole report into the exception (the test failure message).
        context.put("@aws-cdk/core:appMode", "inmemory");
        app = new App(
                AppProps.builder().context(context).outdir(OUTDIR.toString()).build());
        config = DeploymentConfig.fromContext(app.getNode()::tryGetContext, name -> null, MODULE_DIR);
        resources = ResourceDefinitions.read(config.resourcesFile());
        functions = FunctionCatalog.functions(resources);
        stacks = BlueMarbleStacks.define(app, config, resources);
        BlueMarbleApp.addNagChecks(app);
        assembly = app.synth(
                StageSynthesisOptions.builder().validateOnSynthesis(true).build());
    }

    /** cdk.json + cdk.context.json + what synth.sh passes: the dummy account and placeholder function code. */
    static Map<String, Object> baseContext() {
        Map<String, Object> context = CdkContextFiles.load(MODULE_DIR);
        context.put("account", DUMMY_ACCOUNT);
        context.put("allowPlaceholderFunctionCode", "true");
        // The tests must not depend on whether someone built the functions jar in this checkout.
        context.put("functionJar", "infra/cdk/target/no-such-function.jar");
        // The full cross-region leaderboard network (phases 2 and 3 of infra/README.md) with placeholder values.
        context.put("leaderboardEndpoints", PLACEHOLDER_ENDPOINTS);
        context.put("peerVpcIds", "eu-west-1=vpc-0e0000000000000e1,ap-southeast-1=vpc-0a0000000000000a1");
        context.put(
                "vpcPeeringConnectionIds",
                "us-east-1:eu-west-1=pcx-0000000000000012,"
                        + "us-east-1:ap-southeast-1=pcx-0000000000000013,eu-west-1:ap-southeast-1=pcx-0000000000000023");
        return context;
    }

    synchronized Template template(Stack stack) {
        return templates.computeIfAbsent(stack.getStackName(), name -> Template.fromStack(stack));
    }

    /** The template as plain maps; cached, because every toJSON() crosses the jsii bridge. */
    @SuppressWarnings("unchecked")
    synchronized Map<String, Object> json(Stack stack) {
        return jsons.computeIfAbsent(stack.getStackName(), name ->
                (Map<String, Object>) template(stack).toJSON());
    }

    /**
     * Annotations (cdk-nag findings, warnings) of one stack from this synthesis. Unlike
     * {@code Annotations.fromStack}, this does not force a second synthesis of the whole app.
     */
    List<software.amazon.awscdk.cxapi.SynthesisMessage> messages(Stack stack) {
        return assembly.getStackArtifact(stack.getArtifactId()).getMessages();
    }

    List<Stack> allStacks() {
        List<Stack> all = new java.util.ArrayList<>(stacks.replicasByRegion().values());
        stacks.byRegion().values().forEach(r -> {
            all.add(r.storage());
            if (r.service() != null) all.add(r.service());
        });
        return all;
    }

    /** Nested stacks (each service stack's alarms and state machines): their templates are files of their own. */
    List<Stack> nestedStacks() {
        List<Stack> nested = new java.util.ArrayList<>();
        stacks.byRegion().values().forEach(r -> {
            if (r.service() != null) {
                nested.add(r.service().alarms());
                nested.add(r.service().workflows());
            }
        });
        return nested;
    }

    /**
     * A nested stack's template with every reference to one of its parameters replaced by what the parent passes
     * (as written in the parent's template), so its resources read as if they were in the parent: a function is
     * {@code {"Ref": <the parent's logical id>}} again.
     */
    @SuppressWarnings("unchecked")
    synchronized Map<String, Object> resolvedNestedJson(software.amazon.awscdk.NestedStack nested) {
        return jsons.computeIfAbsent("nested:" + nested.getNode().getPath(), key -> {
            Stack parent = nested.getNestedStackParent();
            String resourceId = StorageStackTest.logicalIdOf(parent, nested.getNestedStackResource());
            Map<String, Object> passed = TemplateJson.map(TemplateJson.props(TemplateJson.map(
                            TemplateJson.map(json(parent).get("Resources")).get(resourceId)))
                    .get("Parameters"));
            try {
                Map<String, Object> template = new com.fasterxml.jackson.databind.ObjectMapper()
                        .readValue(
                                Files.readString(
                                        Path.of(assembly.getDirectory()).resolve(nested.getTemplateFile())),
                                Map.class);
                return (Map<String, Object>) substitute(template, passed);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    private static Object substitute(Object node, Map<String, Object> passed) {
        if (node instanceof Map<?, ?> m) {
            if (m.size() == 1 && m.get("Ref") instanceof String ref && passed.containsKey(ref)) return passed.get(ref);
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(String.valueOf(k), substitute(v, passed)));
            return out;
        }
        if (node instanceof List<?> l)
            return l.stream().map(v -> substitute(v, passed)).toList();
        return node;
    }

    /** Every template file: top-level stacks and nested stacks. */
    List<Path> templateFiles() {
        List<Stack> all = new java.util.ArrayList<>(allStacks());
        all.addAll(nestedStacks());
        return all.stream()
                .map(s -> Path.of(assembly.getDirectory()).resolve(s.getTemplateFile()))
                .peek(p -> {
                    if (!Files.isRegularFile(p)) throw new IllegalStateException("missing template " + p);
                })
                .toList();
    }

    static List<String> regions() {
        return DEFAULT_REGIONS;
    }
}
