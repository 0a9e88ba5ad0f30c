package com.bluemarble.functions.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.bluemarble.functions.app.BlueMarbleFunctionsApplication;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The deployment packages together serve exactly the functions of the full application (the one the
 * local host and the tests run), each function from one package, and every package has the beans that
 * the app's shared code declares. No store is touched: beans are lazy, only their definitions are read.
 * That the jars carry the classes each package loads is checked by running them (./dev bench, coldstart).
 */
class FunctionPackagesTest {

    /** The areas of com.bluemarble.functions.app that belong to one family; every other package is shared. */
    static final Set<String> FAMILY_AREAS =
            Set.of("economy", "config", "snapshot", "leaderboard", "terrain", "backup", "privacy");

    static final Map<String, Class<?>> PACKAGES = new LinkedHashMap<>();

    static {
        PACKAGES.put("economy", EconomyPackage.class);
        PACKAGES.put("snapshots", SnapshotsPackage.class);
        PACKAGES.put("leaderboards", LeaderboardsPackage.class);
        PACKAGES.put("storage", StoragePackage.class);
        PACKAGES.put("backups", BackupsPackage.class);
        PACKAGES.put("privacy", PrivacyPackage.class);
    }

    static ConfigurableApplicationContext full;
    static final Map<String, ConfigurableApplicationContext> contexts = new LinkedHashMap<>();

    @BeforeAll
    static void start() {
        full = start(BlueMarbleFunctionsApplication.class);
        PACKAGES.forEach((name, type) -> contexts.put(name, start(type)));
    }

    @AfterAll
    static void stop() {
        contexts.values().forEach(ConfigurableApplicationContext::close);
        if (full != null) full.close();
    }

    private static ConfigurableApplicationContext start(Class<?> application) {
        return new SpringApplicationBuilder(application)
                .web(WebApplicationType.NONE)
                .run("--spring.main.lazy-initialization=true");
    }

    @Test
    void everyFunctionOfTheAppIsServedByExactlyOnePackage() {
        Map<String, List<String>> packagesByFunction = new TreeMap<>();
        contexts.forEach((name, context) -> functions(context)
                .forEach(fn -> packagesByFunction
                        .computeIfAbsent(fn, k -> new java.util.ArrayList<>())
                        .add(name)));
        assertThat(packagesByFunction.keySet())
                .as("functions of the full app vs the union of the packages")
                .isEqualTo(functions(full));
        packagesByFunction.forEach((fn, packages) ->
                assertThat(packages).as("packages serving " + fn).hasSize(1));
    }

    @Test
    void eachFamilyServesItsFunctions() {
        assertThat(functions(contexts.get("economy")))
                .contains("grant", "trade", "playerEconomy", "economyAudit")
                .noneMatch(fn -> fn.startsWith("snapshot")
                        || fn.startsWith("leaderboard")
                        || fn.startsWith("terrain")
                        || fn.startsWith("backup"));
        assertThat(functions(contexts.get("snapshots")))
                .containsOnly("snapshotIngest", "snapshotWriter", "snapshotLoad");
        assertThat(functions(contexts.get("leaderboards")))
                .containsOnly("leaderboardSubmit", "leaderboardTop", "leaderboardRank", "leaderboardArchiveSeasons");
        assertThat(functions(contexts.get("storage"))).containsOnly("terrainPut", "terrainGet", "terrainGetRegion");
        assertThat(functions(contexts.get("backups"))).containsOnly("backupCreate", "backupList", "backupRestore");
        assertThat(functions(contexts.get("privacy")))
                .containsOnly(
                        "playerErase",
                        "playerEraseStatus",
                        "playerEraseStep",
                        "playerExport",
                        "playerExportStatus",
                        "playerExportStep");
    }

    @Test
    void everyPackageHasTheSharedBeansOfTheApp() {
        Set<String> shared = declaringClasses(full).stream()
                .filter(type -> !FAMILY_AREAS.contains(area(type)))
                .filter(type -> !type.equals(BlueMarbleFunctionsApplication.class.getName()))
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(shared).as("shared beans of the app").contains("com.bluemarble.functions.app.SnapStartPriming");
        contexts.forEach((name, context) -> assertThat(declaringClasses(context))
                .as("beans of the " + name + " package (a bean of a new app package must be shared, in"
                        + " FunctionPackage, or belong to a family's scan)")
                .containsAll(shared));
    }

    /** The function beans the app declares (Spring Cloud Function's own beans left out). */
    static Set<String> functions(ConfigurableApplicationContext context) {
        ConfigurableListableBeanFactory beans = context.getBeanFactory();
        return Arrays.stream(new Class<?>[] {Function.class, Consumer.class, Supplier.class})
                .flatMap(type -> Arrays.stream(beans.getBeanNamesForType(type, true, false)))
                .filter(name -> declaringClass(beans, name).startsWith("com.bluemarble."))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** The app classes that declare the context's beans: a component's class, or a @Bean method's configuration. */
    static Set<String> declaringClasses(ConfigurableApplicationContext context) {
        ConfigurableListableBeanFactory beans = context.getBeanFactory();
        return Arrays.stream(beans.getBeanDefinitionNames())
                .map(name -> declaringClass(beans, name))
                .filter(type -> type.startsWith("com.bluemarble.functions.app."))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static String declaringClass(ConfigurableListableBeanFactory beans, String name) {
        BeanDefinition definition = beans.getMergedBeanDefinition(name);
        if (definition.getFactoryBeanName() != null) {
            return declaringClass(beans, definition.getFactoryBeanName());
        }
        String type = definition.getBeanClassName();
        if (type == null && definition.getResolvableType().resolve() != null) {
            type = definition.getResolvableType().resolve().getName();
        }
        return type == null ? "" : type;
    }

    /** "economy" for com.bluemarble.functions.app.economy.X, "" for the app's root package. */
    static String area(String type) {
        String rest = type.substring("com.bluemarble.functions.app.".length());
        int dot = rest.indexOf('.');
        return dot < 0 ? "" : rest.substring(0, dot);
    }
}
