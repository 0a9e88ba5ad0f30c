package com.bluemarble.infra;

import com.bluemarble.infra.config.DeploymentConfig;
import com.bluemarble.infra.config.InfraConfigException;
import com.bluemarble.infra.config.ResourceDefinitions;
import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.NagPackProps;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.StageSynthesisOptions;
import software.amazon.awscdk.cloud_assembly_schema.MissingContext;
import software.amazon.awscdk.cxapi.CloudAssembly;

/**
 * Entry point of the CDK app ({@code cdk.json} runs it through Maven; {@code infra/synth.sh} calls it directly).
 *
 * <p>Run by the CDK CLI, context arrives in {@code CDK_CONTEXT_JSON}. Run directly, the app reads
 * {@code cdk.json} and {@code cdk.context.json} from the working directory itself and takes extra context
 * from {@code key=value} arguments, mirroring {@code -c key=value}.
 */
public final class BlueMarbleApp {

    private BlueMarbleApp() {}

    public static void main(String[] args) {
        try {
            CloudAssembly assembly = synthesize(args);
            System.out.println("Synthesized " + assembly.getStacksRecursively().size() + " stacks into "
                    + assembly.getDirectory());
        } catch (InfraConfigException e) {
            System.err.println("ERROR: " + e.getMessage());
            System.exit(2);
        }
    }

    static CloudAssembly synthesize(String[] args) {
        App app = newApp(args);
        DeploymentConfig config = DeploymentConfig.fromContext(
                app.getNode()::tryGetContext, System::getenv, Path.of("").toAbsolutePath());
        ResourceDefinitions resources = ResourceDefinitions.read(config.resourcesFile());
        BlueMarbleStacks.define(app, config, resources);
        addNagChecks(app);
        CloudAssembly assembly = app.synth(
                StageSynthesisOptions.builder().validateOnSynthesis(true).build());
        failOnMissingLookups(assembly);
        return assembly;
    }

    /** cdk-nag's AwsSolutions pack on every construct; findings become error annotations that fail synthesis. */
    public static void addNagChecks(App app) {
        Aspects.of(app)
                .add(new AwsSolutionsChecks(NagPackProps.builder().verbose(true).build()));
    }

    private static App newApp(String[] args) {
        boolean runByCli =
                System.getenv("CDK_CONTEXT_JSON") != null || System.getenv("CONTEXT_OVERFLOW_LOCATION_ENV") != null;
        if (runByCli) {
            if (args.length > 0) {
                throw new InfraConfigException("arguments are ignored under the CDK CLI; use -c key=value");
            }
            return new App();
        }
        Map<String, Object> context = CdkContextFiles.load(Path.of("").toAbsolutePath());
        for (String arg : args) {
            String[] kv = arg.split("=", 2);
            if (kv.length != 2 || kv[0].isBlank()) {
                throw new InfraConfigException("expected key=value context arguments, got: " + arg);
            }
            context.put(kv[0].trim(), kv[1]);
        }
        return new App(AppProps.builder().context(context).build());
    }

    /**
     * Without the CLI nobody resolves context lookups: CDK would silently use dummy availability zones.
     * Fail instead and say how to record the lookup.
     */
    private static void failOnMissingLookups(CloudAssembly assembly) {
        List<MissingContext> missing = assembly.getManifest().getMissing();
        if (missing != null && !missing.isEmpty()) {
            throw new InfraConfigException("context lookups missing from cdk.context.json: "
                    + missing.stream().map(MissingContext::getKey).toList()
                    + "\n  run 'npx cdk synth' once with AWS credentials for that account (it records them),"
                    + " or add them to infra/cdk/cdk.context.json");
        }
    }
}
