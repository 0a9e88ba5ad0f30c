package com.bluemarble.infra.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Everything the app needs to know about where and what it deploys, read from CDK context.
 *
 * <p>Context comes from {@code cdk.json}, {@code cdk.context.json} and {@code -c key=value}. Values given on
 * the command line are strings, so lists and maps accept both JSON and the compact {@code a,b} / {@code a=b,c=d}
 * forms. Anything required and missing fails here, before a single construct is created.
 */
public record DeploymentConfig(
        String account,
        List<String> regions,
        Map<String, String> backupReplicaRegionBySourceRegion,
        Target target,
        Path repoRoot,
        Path resourcesFile,
        Optional<Path> functionJar,
        boolean allowPlaceholderFunctionCode,
        SpannerSettings spanner,
        String redisNodeType,
        Optional<String> alarmEmail,
        LeaderboardNetwork leaderboard,
        int auditMaxConcurrency,
        boolean adotTraces) {

    /** Default of {@code -c auditMaxConcurrency}: partitions audited at once by the audit state machine's map. */
    public static final int DEFAULT_AUDIT_MAX_CONCURRENCY = 10;

    /** The single jar of every function; deployed only when named by functionJar (see FunctionPackages). */
    public static final String SINGLE_FUNCTION_JAR = "functions/app/target/bluemarble-app-0.1.0-SNAPSHOT-aws.jar";

    public static final String DEFAULT_RESOURCES_FILE = "localstack/resources.json";
    public static final String FUNCTION_JAR_ENV = "BLUEMARBLE_FUNCTION_JAR";

    /** Where the stacks go: real AWS (everything), or a local AWS emulator (storage stacks only). */
    public enum Target {
        AWS,
        LOCAL_EMULATOR;

        static Target parse(String value) {
            return switch (value == null ? "aws" : value.trim().toLowerCase()) {
                case "aws" -> AWS;
                case "local-emulator" -> LOCAL_EMULATOR;
                default ->
                    throw new InfraConfigException("context 'target' must be 'aws' or 'local-emulator', got: " + value);
            };
        }
    }

    /**
     * Spanner coordinates and the Workload Identity Federation credential configuration (an {@code external_account}
     * JSON, not a secret). Each is either given in context or read at deploy time from an SSM parameter (the
     * Terraform in infra/terraform/spanner outputs the values to put there); nothing is baked into code.
     */
    public record SpannerSettings(
            Optional<String> projectId,
            Optional<String> instanceId,
            Optional<String> databaseId,
            Optional<String> restoreDatabaseId,
            Optional<String> credentialsConfig,
            String parameterPrefix) {}

    private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\\d+");

    /**
     * @param context reads a context value (null when absent), e.g. {@code app.getNode()::tryGetContext}
     * @param env reads an environment variable (null when absent)
     * @param workingDirectory where the app was started; the repository root is searched from here upwards
     */
    public static DeploymentConfig fromContext(
            Function<String, Object> context, Function<String, String> env, Path workingDirectory) {
        String account = string(context.apply("account"));
        if (account == null || account.isBlank()) {
            throw new InfraConfigException("context 'account' is required: pass -c account=<12-digit AWS account id>"
                    + " (infra/synth.sh and the tests use the fixed dummy account 111111111111)");
        }
        if (!ACCOUNT.matcher(account).matches()) {
            throw new InfraConfigException("context 'account' must be a 12-digit AWS account id, got: " + account);
        }

        List<String> regions = stringList(context.apply("regions"));
        if (regions.isEmpty()) {
            throw new InfraConfigException("context 'regions' is required and must not be empty"
                    + " (cdk.json sets us-east-1,eu-west-1,ap-southeast-1; override with -c regions=a,b)");
        }
        if (new LinkedHashSet<>(regions).size() != regions.size()) {
            throw new InfraConfigException("context 'regions' lists a region twice: " + regions);
        }
        for (String region : regions) {
            if (!REGION.matcher(region).matches()) {
                throw new InfraConfigException("context 'regions' has an invalid region name: " + region);
            }
        }

        Map<String, String> replicas = backupReplicaRegions(regions, stringMap(context.apply("backupReplicaRegions")));

        Target target = Target.parse(string(context.apply("target")));

        Path repoRoot = Optional.ofNullable(string(context.apply("repoRoot")))
                .map(p -> workingDirectory.resolve(p).normalize())
                .orElseGet(() -> findRepoRoot(workingDirectory));
        Path resourcesFile = repoRoot.resolve(Optional.ofNullable(string(context.apply("resourcesFile")))
                        .orElse(DEFAULT_RESOURCES_FILE))
                .normalize();
        // Empty: each function from its family's package (FunctionPackages); set: every function from this jar.
        Optional<Path> functionJar = Optional.ofNullable(string(context.apply("functionJar")))
                .or(() -> Optional.ofNullable(env.apply(FUNCTION_JAR_ENV)))
                .filter(jar -> !jar.isBlank())
                .map(jar -> repoRoot.resolve(jar).normalize());
        boolean allowPlaceholder = bool(context.apply("allowPlaceholderFunctionCode"));

        SpannerSettings spanner = new SpannerSettings(
                Optional.ofNullable(string(context.apply("spannerProjectId"))),
                Optional.ofNullable(string(context.apply("spannerInstanceId"))),
                Optional.ofNullable(string(context.apply("spannerDatabaseId"))),
                Optional.ofNullable(string(context.apply("spannerRestoreDatabaseId"))),
                Optional.ofNullable(string(context.apply("spannerCredentialsConfig"))),
                Optional.ofNullable(string(context.apply("spannerParameterPrefix")))
                        .orElse("/bluemarble/spanner"));
        if (context.apply("spannerCredentialsSecretName") != null) {
            throw new InfraConfigException("context 'spannerCredentialsSecretName' is no longer used: the functions"
                    + " reach Spanner through Workload Identity Federation, with no key (infra/README.md, 'Spanner"
                    + " credentials'); put the credential configuration in SSM /bluemarble/spanner/credentials-config"
                    + " or pass -c spannerCredentialsConfig=<json>");
        }

        String redisNodeType =
                Optional.ofNullable(string(context.apply("redisNodeType"))).orElse("cache.t4g.medium");
        Optional<String> alarmEmail =
                Optional.ofNullable(string(context.apply("alarmEmail"))).filter(s -> !s.isBlank());

        LeaderboardNetwork leaderboard = LeaderboardNetwork.fromContext(context, regions);

        // Each partition is one Lambda invocation reading Spanner at the audit's timestamp: this bounds the
        // audit's share of the instance (docs/audit.md) and of the account's Lambda concurrency.
        // -c adotTraces=false deploys without the ADOT collector layer and the exporter's endpoint (docs/operations.md,
        // "Traces in AWS"): spans are then no-ops, Lambda's own X-Ray segments remain.
        boolean adotTraces = context.apply("adotTraces") == null || bool(context.apply("adotTraces"));
        String concurrencyText = string(context.apply("auditMaxConcurrency"));
        int auditMaxConcurrency;
        try {
            auditMaxConcurrency = concurrencyText == null || concurrencyText.isBlank()
                    ? DEFAULT_AUDIT_MAX_CONCURRENCY
                    : Integer.parseInt(concurrencyText.trim());
        } catch (NumberFormatException e) {
            auditMaxConcurrency = -1;
        }
        if (auditMaxConcurrency < 1 || auditMaxConcurrency > 1000) {
            throw new InfraConfigException(
                    "context 'auditMaxConcurrency' must be an integer from 1 to 1000, got: " + concurrencyText);
        }

        return new DeploymentConfig(
                account,
                List.copyOf(regions),
                replicas,
                target,
                repoRoot,
                resourcesFile,
                functionJar,
                allowPlaceholder,
                spanner,
                redisNodeType,
                alarmEmail,
                leaderboard,
                auditMaxConcurrency,
                adotTraces);
    }

    /** The region whose replica bucket receives this region's backups. */
    public String backupReplicaRegion(String sourceRegion) {
        return backupReplicaRegionBySourceRegion.get(sourceRegion);
    }

    /** Regions that host a backup replica bucket (may include regions that host no service stack). */
    public List<String> backupReplicaRegions() {
        return backupReplicaRegionBySourceRegion.values().stream().distinct().toList();
    }

    /**
     * Default pairing: each region replicates to the next one in the list (the last to the first), so the
     * default three regions form a ring and every region holds one other region's backups. Explicit pairs
     * ({@code -c backupReplicaRegions=us-east-1=us-west-2,...}) override the ring per source region.
     */
    private static Map<String, String> backupReplicaRegions(List<String> regions, Map<String, String> explicit) {
        Map<String, String> pairs = new LinkedHashMap<>();
        for (int i = 0; i < regions.size(); i++) {
            String source = regions.get(i);
            String replica = explicit.get(source);
            if (replica == null) {
                if (regions.size() < 2) {
                    throw new InfraConfigException("backups are replicated to a second region, but only " + source
                            + " is listed: add a region or pass -c backupReplicaRegions=" + source + "=<other-region>");
                }
                replica = regions.get((i + 1) % regions.size());
            }
            if (!REGION.matcher(replica).matches()) {
                throw new InfraConfigException("backup replica region for " + source + " is invalid: " + replica);
            }
            if (replica.equals(source)) {
                throw new InfraConfigException("backups of " + source + " must replicate to a different region");
            }
            pairs.put(source, replica);
        }
        for (String source : explicit.keySet()) {
            if (!regions.contains(source)) {
                throw new InfraConfigException(
                        "backupReplicaRegions names " + source + ", which is not in 'regions' " + regions);
            }
        }
        return Map.copyOf(pairs);
    }

    static Path findRepoRoot(Path start) {
        for (Path dir = start.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(DEFAULT_RESOURCES_FILE))
                    && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return dir;
            }
        }
        throw new InfraConfigException("cannot find the repository root (a directory with pom.xml and "
                + DEFAULT_RESOURCES_FILE + ") above " + start + "; pass -c repoRoot=<path>");
    }

    static String string(Object value) {
        return value == null ? null : value.toString().trim();
    }

    private static boolean bool(Object value) {
        return value instanceof Boolean b
                ? b
                : value != null && Boolean.parseBoolean(value.toString().trim());
    }

    /** Accepts a JSON array (from cdk.json) or a comma-separated string (from -c). */
    static List<String> stringList(Object value) {
        List<String> out = new ArrayList<>();
        if (value instanceof List<?> list) {
            list.forEach(v -> out.add(String.valueOf(v).trim()));
        } else if (value != null) {
            String text = value.toString().trim();
            if (text.startsWith("[")) {
                text = text.substring(1, text.length() - 1).replace("\"", "");
            }
            for (String part : text.split(",")) {
                if (!part.isBlank()) out.add(part.trim());
            }
        }
        out.removeIf(String::isBlank);
        return out;
    }

    /** Accepts a JSON object (from cdk.json) or {@code a=b,c=d} (from -c). */
    static Map<String, String> stringMap(Object value) {
        Map<String, String> out = new LinkedHashMap<>();
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) ->
                    out.put(String.valueOf(k).trim(), String.valueOf(v).trim()));
        } else if (value != null && !value.toString().isBlank()) {
            for (String pair : value.toString().split(",")) {
                String[] kv = pair.split("=", 2);
                if (kv.length != 2 || kv[0].isBlank() || kv[1].isBlank()) {
                    throw new InfraConfigException("expected source=replica pairs, got: " + pair);
                }
                out.put(kv[0].trim(), kv[1].trim());
            }
        }
        return out;
    }
}
