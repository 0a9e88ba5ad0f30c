package com.bluemarble.infra;

import com.bluemarble.infra.config.DeploymentConfig;
import com.bluemarble.infra.config.DeploymentConfig.Target;
import com.bluemarble.infra.config.FunctionCatalog;
import com.bluemarble.infra.config.FunctionCatalog.FunctionSpec;
import com.bluemarble.infra.config.InfraConfigException;
import com.bluemarble.infra.config.ResourceDefinitions;
import com.bluemarble.infra.config.ResourceNames;
import com.bluemarble.infra.nag.NagSuppressionCatalog;
import com.bluemarble.infra.stacks.BackupReplicaStack;
import com.bluemarble.infra.stacks.ServiceStack;
import com.bluemarble.infra.stacks.StorageStack;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.IStackSynthesizer;
import software.amazon.awscdk.LegacyStackSynthesizer;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.Tags;
import software.amazon.awscdk.services.lambda.Code;

/** Builds every stack of the app: per region a storage and a service stack, plus the backup replica stacks. */
public final class BlueMarbleStacks {

    /** Where the app writes a stand-in for the function jar when synthesizing without building the functions. */
    public static final String PLACEHOLDER_CODE_DIR = "infra/cdk/target/placeholder-function-code";

    public record RegionStacks(String region, StorageStack storage, ServiceStack service) {}

    public record StackSet(Map<String, RegionStacks> byRegion, Map<String, BackupReplicaStack> replicasByRegion) {}

    private BlueMarbleStacks() {}

    public static StackSet define(App app, DeploymentConfig config, ResourceDefinitions resources) {
        Tags.of(app).add("project", "bluemarble");

        Map<String, BackupReplicaStack> replicas = new LinkedHashMap<>();
        for (String region : config.backupReplicaRegions()) {
            BackupReplicaStack replica = new BackupReplicaStack(
                    app,
                    ResourceNames.backupReplicaStackName(region),
                    props(config, region, "BlueMarble backup replica bucket in " + region));
            NagSuppressionCatalog.backupReplica(replica);
            replicas.put(region, replica);
        }

        List<FunctionSpec> functionSpecs = FunctionCatalog.functions(resources);
        Path codePath = config.target() == Target.AWS ? functionCodePath(config) : null;

        Map<String, RegionStacks> byRegion = new LinkedHashMap<>();
        for (String region : config.regions()) {
            String replicaRegion = config.backupReplicaRegion(region);
            StorageStack storage = new StorageStack(
                    app,
                    ResourceNames.storageStackName(region),
                    props(config, region, "BlueMarble data stores in " + region),
                    resources,
                    replicaRegion);
            // S3 validates the replication destination when the source bucket is configured.
            storage.addStackDependency(replicas.get(replicaRegion), "backups replicate to " + replicaRegion);
            NagSuppressionCatalog.storage(storage);

            ServiceStack service = null;
            if (config.target() == Target.AWS) {
                service = new ServiceStack(
                        app,
                        ResourceNames.serviceStackName(region),
                        props(config, region, "BlueMarble functions, API, Redis and alarms in " + region),
                        config,
                        resources,
                        functionSpecs,
                        functionCode(codePath),
                        storage);
                if (codePath.endsWith(Path.of(PLACEHOLDER_CODE_DIR))) {
                    Annotations.of(service)
                            .addWarningV2(
                                    "bluemarble:placeholderFunctionCode",
                                    "Function code is a placeholder (" + codePath
                                            + "): this template synthesizes but must"
                                            + " not be deployed. Build the jar: ./mvnw -pl functions/app -am package");
                }
                NagSuppressionCatalog.service(service, functionSpecs);
            }
            byRegion.put(region, new RegionStacks(region, storage, service));
        }
        return new StackSet(byRegion, replicas);
    }

    private static StackProps props(DeploymentConfig config, String region, String description) {
        return StackProps.builder()
                .env(Environment.builder()
                        .account(config.account())
                        .region(region)
                        .build())
                .description(description)
                .synthesizer(synthesizer(config))
                .terminationProtection(config.target() == Target.AWS)
                .build();
    }

    /**
     * Real AWS uses the default (bootstrapped) synthesizer. The local emulator target uses the legacy one:
     * no bootstrap stack, templates passed inline; the storage stacks have no assets, so nothing else is needed.
     */
    private static IStackSynthesizer synthesizer(DeploymentConfig config) {
        return config.target() == Target.LOCAL_EMULATOR ? new LegacyStackSynthesizer() : null;
    }

    /**
     * Which deployment package each function of one region's stack runs: the one place that chooses a function's
     * code. One asset per stack (an asset belongs to the stack it is first bound in).
     */
    static java.util.function.Function<FunctionSpec, Code> functionCode(Path codePath) {
        Code shared = Code.fromAsset(codePath.toString());
        return spec -> shared;
    }

    /**
     * The shaded function jar, or (only when explicitly allowed, for synth and tests without building the
     * functions) a tiny placeholder directory so the templates still synthesize.
     */
    static Path functionCodePath(DeploymentConfig config) {
        if (Files.isRegularFile(config.functionJar())) {
            return config.functionJar();
        }
        if (!config.allowPlaceholderFunctionCode()) {
            throw new InfraConfigException("function jar not found: " + config.functionJar()
                    + "\n  build it: ./mvnw -pl functions/app -am package"
                    + "\n  or synthesize without it: -c allowPlaceholderFunctionCode=true (never deploy that)");
        }
        Path dir = config.repoRoot().resolve(PLACEHOLDER_CODE_DIR);
        try {
            Files.createDirectories(dir);
            Files.writeString(
                    dir.resolve("PLACEHOLDER.txt"),
                    "Not deployable. Stand-in for " + DeploymentConfig.DEFAULT_FUNCTION_JAR
                            + " so the CDK app synthesizes before the functions are built.\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create placeholder function code in " + dir, e);
        }
        return dir;
    }
}
