package com.bluemarble.infra;

import static com.bluemarble.infra.TemplateJson.at;
import static com.bluemarble.infra.TemplateJson.map;
import static com.bluemarble.infra.TemplateJson.props;
import static com.bluemarble.infra.TemplateJson.resourcesOfType;
import static org.assertj.core.api.Assertions.assertThat;

import com.bluemarble.infra.config.FunctionCatalog;
import com.bluemarble.infra.config.FunctionCatalog.FunctionSpec;
import com.bluemarble.infra.stacks.ServiceStack;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Lambda environment against the app's own configuration: every {@code BLUEMARBLE_*} variable a function gets
 * must bind a {@code bluemarble.*} property of {@code functions/app/src/main/resources/application.properties}
 * that this function needs, and every property the function needs from the deployment must be bound.
 *
 * <p>"Binds" is Spring Boot's rule, not a guess: a variable binds key K when it is K's environment form
 * ({@code SystemEnvironmentPropertyMapper}: elements joined by '_', upper case, '-' either removed or turned into
 * '_') or when application.properties sets K to a value containing the {@code ${VARIABLE...}} placeholder.
 */
class AppEnvironmentTest {

    private static final Path APP_PROPERTIES = Path.of("functions/app/src/main/resources/application.properties");

    private static final Set<String> SPANNER = Set.of(
            "bluemarble.spanner.project-id",
            "bluemarble.spanner.instance-id",
            "bluemarble.spanner.database-id",
            "bluemarble.spanner.credentials-config");
    private static final Set<String> LEADERBOARD =
            Set.of("bluemarble.leaderboard.endpoints", "bluemarble.leaderboard.auth-secret-arn");

    static final String ERASURE_TABLE = "bluemarble.snapshots.erasure-table";
    static final String ERASURE_STATE_MACHINE = "bluemarble.privacy.erasure-state-machine-arn";
    static final String EXPORT_STATE_MACHINE = "bluemarble.privacy.export-state-machine-arn";
    static final String EXPORTS_BUCKET = "bluemarble.privacy.exports-bucket";
    static final String AUDIT_REPORTS_BUCKET = "bluemarble.economy.audit-job.reports-bucket";

    /**
     * The one hand-kept table: per function, the properties whose value depends on the deployment (store names,
     * secrets, coordinates), from the beans each function's bean constructs in the app. Everything else
     * (limits, timeouts, boards) keeps the application.properties default.
     */
    static final Map<String, Set<String>> NEEDS = needs();

    private static Map<String, Set<String>> needs() {
        Map<String, Set<String>> m = new LinkedHashMap<>();
        // EconomyService: Spanner + the hot-reloaded game config (GameConfigConfiguration).
        for (String f : new String[] {
            "grant",
            "trade",
            "playerEconomy",
            "economyAudit",
            "purchase",
            "consume",
            "craft",
            "listingCreate",
            "listingBuy",
            "listingCancel",
            "listingsSearch",
            "playerHistory"
        }) {
            m.put(f, union(SPANNER, Set.of("bluemarble.config.bucket")));
        }
        // The scheduled expiry returns escrow to sellers: Spanner only (config defaults suffice).
        m.put("listingsExpire", SPANNER);
        // The partitioned audit job: Spanner only (its own progress tables).
        for (String f : new String[] {"economyAuditStart", "economyAuditPartition", "economyAuditStatus"}) {
            m.put(f, SPANNER);
        }
        // The audit state machine's last step also writes the report to the reports bucket.
        m.put("economyAuditFinish", union(SPANNER, Set.of(AUDIT_REPORTS_BUCKET)));
        // SnapshotService: the queue, and the bucket large states are claim-checked into; every snapshot function
        // refuses or drops the writes of a player marked in the erasure table (issue 15).
        m.put("snapshotIngest", Set.of("bluemarble.snapshots.queue-url", "bluemarble.snapshots.bucket", ERASURE_TABLE));
        m.put(
                "snapshotWriter",
                Set.of("bluemarble.snapshots.table-name", "bluemarble.snapshots.bucket", ERASURE_TABLE));
        m.put("snapshotLoad", Set.of("bluemarble.snapshots.table-name", "bluemarble.snapshots.bucket", ERASURE_TABLE));
        for (String f : new String[] {"leaderboardSubmit", "leaderboardTop", "leaderboardRank"}) {
            m.put(f, LEADERBOARD);
        }
        // SeasonArchiver: Redis + S3SeasonArchive(bluemarble.leaderboard.archive.bucket).
        m.put("leaderboardArchiveSeasons", union(LEADERBOARD, Set.of("bluemarble.leaderboard.archive.bucket")));
        for (String f : new String[] {"terrainPut", "terrainGet", "terrainGetRegion"}) {
            m.put(f, Set.of("bluemarble.terrain.bucket"));
        }
        // BackupService; backupCreate also exports every region's current leaderboard seasons.
        // Snapshots are copied from (and restored into) the live table unless restore-snapshot-table names another.
        Set<String> snapshotStore = Set.of("bluemarble.snapshots.table-name", "bluemarble.snapshots.bucket");
        m.put(
                "backupCreate",
                union(union(union(SPANNER, LEADERBOARD), snapshotStore), Set.of("bluemarble.backups.bucket")));
        // backupRestore re-applies every recorded erasure on every store (issue 15): marks, Redis, archived seasons.
        m.put(
                "backupRestore",
                union(
                        union(union(SPANNER, snapshotStore), LEADERBOARD),
                        Set.of(
                                "bluemarble.backups.bucket",
                                "bluemarble.backups.restore-database-id",
                                "bluemarble.leaderboard.archive.bucket",
                                ERASURE_TABLE)));
        // Lists manifests only: the backups bucket, nothing else (BackupListTest in the app).
        m.put("backupList", Set.of("bluemarble.backups.bucket"));
        // Player data rights (issue 15).
        m.put("playerErase", union(union(SPANNER, LEADERBOARD), Set.of(ERASURE_TABLE, ERASURE_STATE_MACHINE)));
        m.put("playerEraseStatus", SPANNER);
        m.put(
                "playerEraseStep",
                union(
                        union(SPANNER, LEADERBOARD),
                        union(snapshotStore, Set.of(ERASURE_TABLE, "bluemarble.leaderboard.archive.bucket"))));
        m.put("playerExport", union(SPANNER, Set.of(EXPORT_STATE_MACHINE)));
        m.put("playerExportStatus", union(SPANNER, Set.of(EXPORTS_BUCKET)));
        m.put(
                "playerExportStep",
                union(
                        union(SPANNER, LEADERBOARD),
                        union(snapshotStore, Set.of(EXPORTS_BUCKET, "bluemarble.leaderboard.archive.bucket"))));
        return m;
    }

    /** Set by the stack for the runtime, not for the app's bluemarble.* properties. */
    private static final Set<String> RUNTIME_VARIABLES = runtimeVariables();

    private static Set<String> runtimeVariables() {
        Set<String> out = new TreeSet<>(Set.of("SPRING_CLOUD_FUNCTION_DEFINITION", "MAIN_CLASS"));
        // The traces exporter's endpoint: read by the app's Traces, an OpenTelemetry variable, not a bluemarble.* one.
        out.addAll(com.bluemarble.infra.stacks.CatalogFunctions.TRACES_ENVIRONMENT.keySet());
        return out;
    }

    private final SynthesizedApp synth = SynthesizedApp.get();

    static Iterable<String> regions() {
        return SynthesizedApp.regions();
    }

    @Test
    void theTableCoversExactlyTheCatalogAndNamesOnlyKeysOfTheApp() throws IOException {
        assertThat(NEEDS.keySet())
                .containsExactlyInAnyOrderElementsOf(
                        synth.functions.stream().map(FunctionSpec::name).toList());
        Map<String, String> app = appProperties();
        NEEDS.forEach((fn, keys) -> keys.forEach(key -> assertThat(app.containsKey(key))
                .as(fn + " needs " + key + ", which application.properties lacks")
                .isTrue()));
        // The archive grant's prefix is the app's prefix.
        assertThat(app.get("bluemarble.leaderboard.archive.prefix")).isEqualTo(FunctionCatalog.SEASON_ARCHIVE_PREFIX);
    }

    @Test
    void theBindingRuleIsSpringBoots() throws IOException {
        Map<String, String> app = appProperties();
        assertThat(boundKeys("BLUEMARBLE_TERRAIN_BUCKET", app)).containsExactly("bluemarble.terrain.bucket");
        assertThat(boundKeys("BLUEMARBLE_BACKUPS_RESTORE_DATABASE_ID", app))
                .containsExactly("bluemarble.backups.restore-database-id");
        assertThat(boundKeys("BLUEMARBLE_BACKUPS_RESTOREDATABASEID", app))
                .containsExactly("bluemarble.backups.restore-database-id");
        // Through the ${BLUEMARBLE_BACKUPS_BUCKET:...} placeholder as well as by name.
        assertThat(boundKeys("BLUEMARBLE_BACKUPS_BUCKET", app))
                .contains("bluemarble.backups.bucket", "bluemarble.leaderboard.archive.bucket");
        assertThat(boundKeys("BLUEMARBLE_REDIS_AUTH_SECRET_ARN", app))
                .containsExactly("bluemarble.leaderboard.auth-secret-arn");
        // The issue-15/16 variables bind the contract's keys.
        assertThat(boundKeys("BLUEMARBLE_SNAPSHOTS_ERASURE_TABLE", app)).containsExactly(ERASURE_TABLE);
        assertThat(boundKeys("BLUEMARBLE_PRIVACY_ERASURE_STATE_MACHINE_ARN", app))
                .containsExactly(ERASURE_STATE_MACHINE);
        assertThat(boundKeys("BLUEMARBLE_PRIVACY_EXPORT_STATE_MACHINE_ARN", app))
                .containsExactly(EXPORT_STATE_MACHINE);
        assertThat(boundKeys("BLUEMARBLE_PRIVACY_EXPORTS_BUCKET", app)).containsExactly(EXPORTS_BUCKET);
        assertThat(boundKeys("BLUEMARBLE_ECONOMY_AUDIT_JOB_REPORTS_BUCKET", app))
                .containsExactly(AUDIT_REPORTS_BUCKET);
        // What the stacks used to set, and nothing in the app reads.
        for (String stale : new String[] {
            "BLUEMARBLE_SNAPSHOTS_TABLE", "BLUEMARBLE_SNAPSHOTS_STATE_BUCKET", "BLUEMARBLE_REDIS_ENDPOINT"
        }) {
            assertThat(boundKeys(stale, app)).as(stale).isEmpty();
        }
    }

    @ParameterizedTest
    @MethodSource("regions")
    void everyFunctionGetsExactlyTheVariablesItsPropertiesBindFrom(String region) throws IOException {
        Map<String, String> app = appProperties();
        ServiceStack stack = synth.stacks.byRegion().get(region).service();
        Map<String, Map<String, Object>> lambdas = resourcesOfType(synth.json(stack), "AWS::Lambda::Function");
        Map<String, Set<String>> variablesByFunction = new TreeMap<>();
        for (FunctionSpec spec : synth.functions) {
            String id = StorageStackTest.logicalIdOf(stack, stack.functions().get(spec.name()));
            variablesByFunction.put(
                    spec.name(),
                    new TreeSet<>(map(at(props(lambdas.get(id)), "Environment.Variables"))
                            .keySet()));
        }
        assertThat(problems(variablesByFunction, app))
                .as("environment vs. application.properties in " + region)
                .isEmpty();
    }

    @Test
    void theCheckCatchesAStaleNameAMissingVariableAndAVariableTheFunctionDoesNotNeed() throws IOException {
        Map<String, String> app = appProperties();
        Map<String, Set<String>> env = new TreeMap<>();
        env.put("snapshotLoad", Set.of("MAIN_CLASS", "BLUEMARBLE_SNAPSHOTS_TABLE", "BLUEMARBLE_SNAPSHOTS_BUCKET"));
        env.put("terrainGet", Set.of("BLUEMARBLE_TERRAIN_BUCKET", "BLUEMARBLE_CONFIG_BUCKET"));
        assertThat(problems(env, app))
                .containsOnlyKeys(
                        "snapshotLoad BLUEMARBLE_SNAPSHOTS_TABLE",
                        "snapshotLoad bluemarble.snapshots.table-name",
                        "snapshotLoad bluemarble.snapshots.erasure-table",
                        "terrainGet BLUEMARBLE_CONFIG_BUCKET");
    }

    /** Per "function variable" or "function key": what is wrong. Empty when the environment matches the app. */
    static Map<String, String> problems(Map<String, Set<String>> variablesByFunction, Map<String, String> app) {
        Map<String, String> problems = new TreeMap<>();
        variablesByFunction.forEach((function, all) -> {
            Set<String> variables = new TreeSet<>(all);
            variables.removeAll(RUNTIME_VARIABLES);
            Set<String> needs = NEEDS.get(function);
            Set<String> bound = new TreeSet<>();
            for (String variable : variables) {
                Set<String> keys = boundKeys(variable, app);
                if (keys.isEmpty()) {
                    problems.put(function + " " + variable, "binds no bluemarble.* property of the app");
                } else if (keys.stream().noneMatch(needs::contains)) {
                    problems.put(function + " " + variable, "binds " + keys + ", which this function does not need");
                }
                bound.addAll(keys);
            }
            for (String key : needs) {
                if (!bound.contains(key)) problems.put(function + " " + key, "needed, but no variable binds it");
            }
        });
        return problems;
    }

    /** The bluemarble.* keys a variable binds: by Spring's environment-variable form, or by ${VARIABLE} placeholder. */
    static Set<String> boundKeys(String variable, Map<String, String> app) {
        Set<String> keys = new TreeSet<>();
        Set<String> candidates = new TreeSet<>(app.keySet());
        Pattern placeholder = Pattern.compile("\\$\\{" + Pattern.quote(variable) + "[:}]");
        for (String key : candidates) {
            if (key.contains("[")) continue; // indexed (list) keys are never deployment-specific here
            if (environmentForms(key).contains(variable)) keys.add(key);
            String value = app.get(key);
            if (value != null && placeholder.matcher(value).find()) keys.add(key);
        }
        return keys;
    }

    /** SystemEnvironmentPropertyMapper: uniform form (dashes removed) and legacy form (dashes as '_'). */
    static Set<String> environmentForms(String key) {
        String[] elements = key.split("\\.");
        String uniform = java.util.Arrays.stream(elements)
                .map(e -> e.replace("-", "").toUpperCase(Locale.ROOT))
                .collect(Collectors.joining("_"));
        String legacy = java.util.Arrays.stream(elements)
                .map(e -> e.replace('-', '_').toUpperCase(Locale.ROOT))
                .collect(Collectors.joining("_"));
        return new TreeSet<>(java.util.List.of(uniform, legacy)); // equal when the key has no '-'
    }

    static Map<String, String> appProperties() throws IOException {
        Path file = SynthesizedApp.get().config.repoRoot().resolve(APP_PROPERTIES);
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        }
        Map<String, String> out = new TreeMap<>();
        properties.stringPropertyNames().stream()
                .filter(k -> k.startsWith("bluemarble."))
                .forEach(k -> out.put(k, properties.getProperty(k)));
        assertThat(out).as(file + " has bluemarble.* keys").isNotEmpty();
        return out;
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> out = new TreeSet<>(a);
        out.addAll(b);
        return out;
    }
}
