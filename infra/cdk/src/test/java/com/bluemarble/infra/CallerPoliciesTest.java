package com.bluemarble.infra;

import static com.bluemarble.infra.TemplateJson.at;
import static com.bluemarble.infra.TemplateJson.list;
import static com.bluemarble.infra.TemplateJson.map;
import static com.bluemarble.infra.TemplateJson.props;
import static com.bluemarble.infra.TemplateJson.render;
import static com.bluemarble.infra.TemplateJson.resourcesOfType;
import static org.assertj.core.api.Assertions.assertThat;

import com.bluemarble.infra.config.FunctionCatalog;
import com.bluemarble.infra.config.FunctionCatalog.Caller;
import com.bluemarble.infra.config.FunctionCatalog.FunctionSpec;
import com.bluemarble.infra.stacks.ServiceStack;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 11.12 and 11.13 on the synthesized templates: each caller's managed policy reaches exactly its functions (a
 * game-server principal can reach neither a mint nor a restore, by route or by alias), every route has the
 * catalogue's own rate and burst limits, and the snapshot writer has reserved concurrency.
 */
class CallerPoliciesTest {

    private final SynthesizedApp synth = SynthesizedApp.get();

    static List<String> regions() {
        return SynthesizedApp.regions();
    }

    private ServiceStack service(String region) {
        return synth.stacks.byRegion().get(region).service();
    }

    private static String id(ServiceStack stack, software.constructs.IConstruct construct) {
        return StorageStackTest.logicalIdOf(stack, construct);
    }

    @ParameterizedTest
    @MethodSource("regions")
    void aGameServerPrincipalCanReachNeitherAMintNorARestoreRoute(String region) {
        ServiceStack stack = service(region);
        List<Map<String, Object>> gameServer = statements(stack, Caller.GAME_SERVER);
        for (String forbidden : List.of("grant", "backupRestore", "backupCreate", "economyAudit")) {
            assertThat(allows(gameServer, "execute-api:Invoke", routeArn(stack, region, forbidden)))
                    .as("game server may call POST /" + forbidden)
                    .isFalse();
            assertThat(allows(gameServer, "lambda:InvokeFunction", aliasArn(stack, forbidden)))
                    .as("game server may invoke the " + forbidden + " alias")
                    .isFalse();
        }
        // Data rights (issue 15) come from support tooling, never from a game server.
        for (String forbidden : List.of("playerErase", "playerEraseStatus", "playerExport", "playerExportStatus")) {
            assertThat(allows(gameServer, "execute-api:Invoke", routeArn(stack, region, forbidden)))
                    .as("game server may call POST /" + forbidden)
                    .isFalse();
            assertThat(allows(
                            statements(stack, Caller.OPERATIONS),
                            "execute-api:Invoke",
                            routeArn(stack, region, forbidden)))
                    .as("operations may call POST /" + forbidden)
                    .isTrue();
        }
        // The state machine steps: no caller policy reaches them at all (only their machine's role).
        for (Caller caller : Caller.values()) {
            for (String step : List.of("playerEraseStep", "playerExportStep")) {
                assertThat(allows(statements(stack, caller), "lambda:InvokeFunction", aliasArn(stack, step)))
                        .as(caller + " may invoke " + step)
                        .isFalse();
                assertThat(allows(statements(stack, caller), "execute-api:Invoke", routeArn(stack, region, step)))
                        .isFalse();
            }
        }
        // ...while the policy does let it play: the matcher is not simply always false.
        assertThat(allows(gameServer, "execute-api:Invoke", routeArn(stack, region, "trade")))
                .isTrue();
        // And the callers that may mint and restore can.
        List<Map<String, Object>> admin = statements(stack, Caller.ECONOMY_ADMIN);
        assertThat(allows(admin, "execute-api:Invoke", routeArn(stack, region, "grant")))
                .isTrue();
        assertThat(allows(admin, "execute-api:Invoke", routeArn(stack, region, "backupRestore")))
                .isTrue();
        assertThat(allows(admin, "lambda:InvokeFunction", aliasArn(stack, "backupRestore")))
                .as("restore outlasts the API's 30 s: invoked on its alias")
                .isTrue();
        assertThat(allows(admin, "execute-api:Invoke", routeArn(stack, region, "trade")))
                .isFalse();
    }

    @ParameterizedTest
    @MethodSource("regions")
    void everyCallerPolicyNamesExactlyTheRoutesAndAliasesOfItsFunctions(String region) {
        ServiceStack stack = service(region);
        Map<String, Map<String, Object>> policies = resourcesOfType(synth.json(stack), "AWS::IAM::ManagedPolicy");
        assertThat(policies).hasSize(Caller.values().length);
        for (Caller caller : Caller.values()) {
            Map<String, Object> policy =
                    props(policies.get(id(stack, stack.callers().policies().get(caller))));
            assertThat(policy.get("ManagedPolicyName")).isEqualTo(caller.policyName(region));
            Set<String> routes = new TreeSet<>();
            Set<String> aliases = new TreeSet<>();
            for (Object st : list(at(policy, "PolicyDocument.Statement"))) {
                Map<String, Object> statement = map(st);
                assertThat(statement.get("Effect")).isEqualTo("Allow");
                for (Object r : list(statement.get("Resource"))) {
                    String resource = render(r);
                    assertThat(resource).as("no wildcard").doesNotContain("*").doesNotContain("?");
                    if (statement.get("Action").equals("execute-api:Invoke")) {
                        assertThat(resource).contains(":execute-api:" + region + ":");
                        routes.add(resource.substring(resource.lastIndexOf('/') + 1));
                    } else {
                        assertThat(statement.get("Action")).isEqualTo("lambda:InvokeFunction");
                        aliases.add(resource);
                    }
                }
            }
            Set<String> expectedRoutes = synth.functions.stream()
                    .filter(f -> f.callers().contains(caller) && f.routed())
                    .map(FunctionSpec::name)
                    .collect(Collectors.toCollection(TreeSet::new));
            Set<String> expectedAliases = synth.functions.stream()
                    .filter(f -> f.callers().contains(caller) && f.directlyInvoked())
                    .map(f -> aliasArn(stack, f.name()))
                    .collect(Collectors.toCollection(TreeSet::new));
            assertThat(routes).as(caller.name()).isEqualTo(expectedRoutes);
            assertThat(aliases).as(caller.name()).isEqualTo(expectedAliases);
        }
        // The catalogue's assignment, spelled out: who may mint, restore, back up and audit.
        assertThat(callersOf("grant")).containsExactly(Caller.ECONOMY_ADMIN);
        assertThat(callersOf("backupRestore")).containsExactly(Caller.ECONOMY_ADMIN);
        assertThat(callersOf("backupCreate")).containsExactly(Caller.OPERATIONS);
        assertThat(callersOf("backupList")).containsExactly(Caller.OPERATIONS);
        assertThat(callersOf("economyAudit")).containsExactly(Caller.OPERATIONS);
        assertThat(callersOf("snapshotWriter")).isEmpty();
        assertThat(callersOf("playerErase")).containsExactly(Caller.OPERATIONS);
        assertThat(callersOf("playerExport")).containsExactly(Caller.OPERATIONS);
        assertThat(callersOf("playerEraseStep")).isEmpty();
        assertThat(callersOf("playerExportStep")).isEmpty();
        assertThat(callersOf("economyAuditFinish")).containsExactly(Caller.OPERATIONS);
        assertThat(synth.functions)
                .filteredOn(f -> f.callers().contains(Caller.GAME_SERVER))
                .allSatisfy(f -> assertThat(f.routed()).isTrue());

        Map<String, Object> outputs = map(synth.json(stack).get("Outputs"));
        for (Caller caller : Caller.values()) {
            assertThat(outputs.values())
                    .as(caller + " policy ARN output")
                    .anySatisfy(o -> assertThat(render(map(o).get("Value")))
                            .isEqualTo("${Ref:"
                                    + id(stack, stack.callers().policies().get(caller)) + "}"));
        }
    }

    @ParameterizedTest
    @MethodSource("regions")
    void everyRouteHasTheCatalogueLimitsAndTheWriterHasReservedConcurrency(String region) {
        ServiceStack stack = service(region);
        Map<String, Object> json = synth.json(stack);
        Map<String, Object> stage = props(resourcesOfType(json, "AWS::ApiGatewayV2::Stage")
                .values()
                .iterator()
                .next());
        Map<String, Object> routeSettings = map(stage.get("RouteSettings"));
        Set<String> expectedKeys = new TreeSet<>();
        for (FunctionSpec spec : synth.functions) {
            if (!spec.routed()) continue;
            String key = "POST /" + spec.name();
            expectedKeys.add(key);
            assertThat(map(routeSettings.get(key)))
                    .as(key)
                    .isEqualTo(Map.of(
                            "ThrottlingRateLimit", spec.throttle().ratePerSecond(),
                            "ThrottlingBurstLimit", spec.throttle().burst()));
        }
        assertThat(new TreeSet<>(routeSettings.keySet())).isEqualTo(expectedKeys);
        // The stage waits for the routes its settings name.
        Map<String, Object> stageResource =
                map(map(json.get("Resources")).get(id(stack, stack.httpApi().stage())));
        assertThat(list(stageResource.get("DependsOn")).stream().map(String::valueOf))
                .containsAll(stack.httpApi().routes().values().stream()
                        .map(r -> id(stack, r))
                        .toList());
        // A minting or restore route admits far less than a gameplay route.
        assertThat(spec("grant").throttle().ratePerSecond())
                .isLessThan(spec("trade").throttle().ratePerSecond());

        Map<String, Object> writer = props(resourcesOfType(json, "AWS::Lambda::Function")
                .get(id(stack, stack.functions().get("snapshotWriter"))));
        assertThat(writer.get("ReservedConcurrentExecutions")).isEqualTo(FunctionCatalog.SNAPSHOT_WRITER_CONCURRENCY);
        Map<String, Object> mapping = props(resourcesOfType(json, "AWS::Lambda::EventSourceMapping")
                .values()
                .iterator()
                .next());
        assertThat(at(mapping, "ScalingConfig.MaximumConcurrency"))
                .isEqualTo(FunctionCatalog.SNAPSHOT_WRITER_CONCURRENCY);
        // No request function is capped (or given a share of the pool) by reserved concurrency.
        resourcesOfType(json, "AWS::Lambda::Function").forEach((logicalId, fn) -> {
            if (!logicalId.equals(id(stack, stack.functions().get("snapshotWriter")))) {
                assertThat(props(fn).get("ReservedConcurrentExecutions"))
                        .as(logicalId)
                        .isNull();
            }
        });
    }

    private FunctionSpec spec(String name) {
        return synth.functions.stream()
                .filter(f -> f.name().equals(name))
                .findFirst()
                .orElseThrow();
    }

    private Set<Caller> callersOf(String name) {
        return spec(name).callers();
    }

    private List<Map<String, Object>> statements(ServiceStack stack, Caller caller) {
        Map<String, Object> policy = props(resourcesOfType(synth.json(stack), "AWS::IAM::ManagedPolicy")
                .get(id(stack, stack.callers().policies().get(caller))));
        List<Map<String, Object>> out = new ArrayList<>();
        list(at(policy, "PolicyDocument.Statement")).forEach(s -> out.add(map(s)));
        return out;
    }

    /** The route's ARN as the template renders one (TemplateJson.render). */
    private static String routeArn(ServiceStack stack, String region, String function) {
        return "arn:aws:execute-api:" + region + ":" + SynthesizedApp.DUMMY_ACCOUNT + ":${Ref:" + id(stack, stack.api())
                + "}/$default/POST/" + function;
    }

    private static String aliasArn(ServiceStack stack, String function) {
        return "${Ref:" + id(stack, stack.aliases().get(function)) + "}";
    }

    /**
     * IAM's evaluation for one action and resource over Allow statements (no Deny, no conditions here): action and
     * resource patterns with * and ? wildcards, case-insensitive actions.
     */
    static boolean allows(List<Map<String, Object>> statements, String action, String resource) {
        for (Map<String, Object> statement : statements) {
            if (!"Allow".equals(statement.get("Effect"))) continue;
            boolean actionMatches = list(statement.get("Action")).stream()
                    .anyMatch(a -> glob(a.toString(), true).matcher(action).matches());
            boolean resourceMatches = list(statement.get("Resource")).stream()
                    .anyMatch(r -> glob(render(r), false).matcher(resource).matches());
            if (actionMatches && resourceMatches) return true;
        }
        return false;
    }

    private static Pattern glob(String pattern, boolean ignoreCase) {
        StringBuilder regex = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            if (c == '*') regex.append(".*");
            else if (c == '?') regex.append('.');
            else regex.append(Pattern.quote(String.valueOf(c)));
        }
        return Pattern.compile(regex.toString(), ignoreCase ? Pattern.CASE_INSENSITIVE : 0);
    }
}
