package com.bluemarble.infra.stacks;

import com.bluemarble.infra.config.FunctionCatalog.Caller;
import com.bluemarble.infra.config.FunctionCatalog.FunctionSpec;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.ManagedPolicy;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.lambda.Alias;
import software.constructs.Construct;

/**
 * One customer-managed IAM policy per {@link Caller} (issue 11.12): execute-api:Invoke on exactly the routes of the
 * caller's functions, plus lambda:InvokeFunction on the aliases of those meant to be invoked directly. Attach a policy
 * to the role of whoever calls (a game server's task role, an operator's role); nothing else grants invocation. The
 * ARNs are stack outputs.
 */
public final class CallerPolicies extends Construct {

    private final Map<Caller, ManagedPolicy> policies = new EnumMap<>(Caller.class);

    public CallerPolicies(
            Construct scope, String id, List<FunctionSpec> specs, FunctionHttpApi api, Map<String, Alias> aliases) {
        super(scope, id);
        String region = Stack.of(this).getRegion();
        for (Caller caller : Caller.values()) {
            List<String> routes = new ArrayList<>();
            List<String> directAliases = new ArrayList<>();
            for (FunctionSpec spec : specs) {
                if (!spec.callers().contains(caller)) continue;
                if (spec.routed()) routes.add(api.invokeArn(spec));
                if (spec.directlyInvoked())
                    directAliases.add(aliases.get(spec.name()).getFunctionArn());
            }
            ManagedPolicy.Builder policy = ManagedPolicy.Builder.create(this, caller.constructId() + "Policy")
                    .managedPolicyName(caller.policyName(region))
                    .description("BlueMarble " + caller.name().toLowerCase().replace('_', ' ') + " callers in " + region
                            + ": invoke exactly their functions");
            List<PolicyStatement> statements = new ArrayList<>();
            if (!routes.isEmpty()) {
                statements.add(PolicyStatement.Builder.create()
                        .sid("InvokeRoutes")
                        .actions(List.of("execute-api:Invoke"))
                        .resources(routes)
                        .build());
            }
            if (!directAliases.isEmpty()) {
                statements.add(PolicyStatement.Builder.create()
                        .sid("InvokeAliasesDirectly")
                        .actions(List.of("lambda:InvokeFunction"))
                        .resources(directAliases)
                        .build());
            }
            ManagedPolicy built = policy.statements(statements).build();
            policies.put(caller, built);
            CfnOutput.Builder.create(this, caller.constructId() + "PolicyArn")
                    .value(built.getManagedPolicyArn())
                    .description("Attach to the IAM role of "
                            + caller.name().toLowerCase().replace('_', ' ') + " callers")
                    .build();
        }
    }

    public Map<Caller, ManagedPolicy> policies() {
        return policies;
    }
}
