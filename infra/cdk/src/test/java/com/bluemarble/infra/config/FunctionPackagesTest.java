package com.bluemarble.infra.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.bluemarble.infra.config.FunctionCatalog.Access;
import com.bluemarble.infra.config.FunctionCatalog.FunctionSpec;
import com.bluemarble.infra.config.FunctionPackages.Family;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every function is deployed from its family's package; each family names a Maven module that builds that
 * jar with that Spring application; a missing jar fails with the build command unless the placeholder is
 * allowed. (Which functions each package's application serves is FunctionPackagesTest of functions/app.)
 */
class FunctionPackagesTest {

    static final Path MODULE_DIR = Path.of(System.getProperty("user.dir"));

    @TempDir
    Path tmp;

    private static DeploymentConfig config(Map<String, Object> extra) {
        Map<String, Object> context =
                new HashMap<>(Map.of("account", "111111111111", "regions", "us-east-1,eu-west-1"));
        context.putAll(extra);
        return DeploymentConfig.fromContext(context::get, n -> null, MODULE_DIR);
    }

    @Test
    void eachFunctionHasTheFamilyOfItsArea() {
        Map<String, Family> families =
                FunctionCatalog.functions(
                                ResourceDefinitions.read(config(Map.of()).resourcesFile()))
                        .stream()
                        .collect(Collectors.toMap(FunctionSpec::name, FunctionSpec::family, (a, b) -> a, TreeMap::new));
        Map<String, Family> expected = new TreeMap<>();
        for (String fn : new String[] {"grant", "trade", "playerEconomy", "economyAudit"}) {
            expected.put(fn, Family.ECONOMY);
        }
        for (String fn : new String[] {"snapshotIngest", "snapshotWriter", "snapshotLoad"}) {
            expected.put(fn, Family.SNAPSHOTS);
        }
        for (String fn :
                new String[] {"leaderboardSubmit", "leaderboardTop", "leaderboardRank", "leaderboardArchiveSeasons"}) {
            expected.put(fn, Family.LEADERBOARDS);
        }
        for (String fn : new String[] {"terrainPut", "terrainGet", "terrainGetRegion"}) {
            expected.put(fn, Family.STORAGE);
        }
        for (String fn : new String[] {"backupCreate", "backupList", "backupRestore"}) {
            expected.put(fn, Family.BACKUPS);
        }
        for (String fn : new String[] {
            "playerErase",
            "playerEraseStatus",
            "playerEraseStep",
            "playerExport",
            "playerExportStatus",
            "playerExportStep"
        }) {
            expected.put(fn, Family.PRIVACY);
        }
        expected.put("economyAuditFinish", Family.ECONOMY);
        assertThat(families).containsAllEntriesOf(expected);
    }

    @Test
    void aFunctionCannotUseAStoreItsPackageHasNoClientFor() {
        assertThatThrownBy(() -> new FunctionSpec(
                        "grant", Family.STORAGE, 1024, 10, Set.of(Access.SPANNER), FunctionCatalog.Trigger.HTTP_API, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("grant uses SPANNER")
                .hasMessageContaining("STORAGE package");
    }

    @Test
    void eachFamilyIsBuiltByItsModuleWithItsApplicationAsStartClass() throws IOException {
        Path repoRoot = config(Map.of()).repoRoot();
        for (Family family : Family.values()) {
            String pom = Files.readString(repoRoot.resolve(family.module()).resolve("pom.xml"));
            String artifactId =
                    family.jar().substring(family.jar().lastIndexOf('/') + 1).replace("-0.1.0-SNAPSHOT-aws.jar", "");
            assertThat(pom)
                    .as(family.module())
                    .contains("<artifactId>" + artifactId + "</artifactId>")
                    .contains("<start-class>" + family.mainClass() + "</start-class>");
            Path application = repoRoot.resolve("functions/app/src/main/java")
                    .resolve(family.mainClass().replace('.', '/') + ".java");
            assertThat(application).as("the application of " + family).exists();
        }
    }

    @Test
    void aMissingPackageFailsWithTheBuildCommandUnlessThePlaceholderIsAllowed() {
        FunctionPackages strict = new FunctionPackages(config(Map.of("repoRoot", tmp.toString())));
        assertThatThrownBy(() -> strict.codePath(Family.ECONOMY))
                .isInstanceOf(InfraConfigException.class)
                .hasMessageContaining("function jar not found: " + tmp.resolve(Family.ECONOMY.jar()))
                .hasMessageContaining(FunctionPackages.BUILD_COMMAND);
        assertThat(strict.placeholderUsed()).isFalse();

        FunctionPackages lenient = new FunctionPackages(
                config(Map.of("repoRoot", tmp.toString(), "allowPlaceholderFunctionCode", "true")));
        Path placeholder = lenient.codePath(Family.ECONOMY);
        assertThat(placeholder).isEqualTo(tmp.resolve(FunctionPackages.PLACEHOLDER_CODE_DIR));
        assertThat(placeholder.resolve("PLACEHOLDER.txt")).content().contains("Not deployable");
        assertThat(lenient.placeholderUsed()).isTrue();
    }

    @Test
    void aBuiltPackageIsUsedAndASingleJarOverridesEveryFamily() throws IOException {
        for (Family family : Family.values()) {
            Path jar = tmp.resolve(family.jar());
            Files.createDirectories(jar.getParent());
            Files.writeString(jar, family.name());
        }
        FunctionPackages packages = new FunctionPackages(
                config(Map.of("repoRoot", tmp.toString(), "allowPlaceholderFunctionCode", "true")));
        for (Family family : Family.values()) {
            assertThat(packages.codePath(family)).isEqualTo(tmp.resolve(family.jar()));
        }
        assertThat(packages.placeholderUsed()).isFalse();

        Path single = Files.writeString(tmp.resolve("app-aws.jar"), "jar");
        FunctionPackages overridden =
                new FunctionPackages(config(Map.of("repoRoot", tmp.toString(), "functionJar", single.toString())));
        for (Family family : Family.values()) {
            assertThat(overridden.codePath(family)).isEqualTo(single);
        }
    }
}
