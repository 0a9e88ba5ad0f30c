package com.bluemarble.infra;

import com.bluemarble.infra.config.DeploymentConfig;
import com.bluemarble.infra.config.DeploymentConfig.Target;
import com.bluemarble.infra.config.FunctionCatalog;
import com.bluemarble.infra.config.FunctionCatalog.FunctionSpec;
import com.bluemarble.infra.config.FunctionPackages;
import com.bluemarble.infra.config.ResourceDefinitions;
import com.bluemarble.infra.config.ResourceNames;
import com.bluemarble.infra.nag.NagSuppressionCatalog;
import com.bluemarble.infra.stacks.BackupReplicaStack;
import com.bluemarble.infra.stacks.ServiceStack;
import com.bluemarble.infra.stacks.StorageStack;
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
                FunctionPackages packages = new FunctionPackages(config);
                service = new ServiceStack(
                        app,
                        ResourceNames.serviceStackName(region),
                        props(config, region, "BlueMarble functions, API, Redis and alarms in " + region),
                        config,
                        resources,
                        functionSpecs,
                        functionCode(packages),
                        storage);
                if (packages.placeholderUsed()) {
                    Annotations.of(service)
                            .addWarningV2(
                                    "bluemarble:placeholderFunctionCode",
                                    "Function code is a placeholder (" + FunctionPackages.PLACEHOLDER_CODE_DIR
                                            + "): this template synthesizes but must not be deployed."
                                            + " Build the packages: " + FunctionPackages.BUILD_COMMAND);
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
     * code: its family's package (FunctionPackages), one asset per package per stack.
     */
    static java.util.function.Function<FunctionSpec, Code> functionCode(FunctionPackages packages) {
        return spec -> packages.code(spec.family());
    }
}
