package com.bluemarble.infra.stacks;

import com.bluemarble.infra.config.FunctionCatalog.FunctionSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.aws_apigatewayv2_authorizers.HttpIamAuthorizer;
import software.amazon.awscdk.aws_apigatewayv2_integrations.HttpLambdaIntegration;
import software.amazon.awscdk.services.apigateway.AccessLogFormat;
import software.amazon.awscdk.services.apigatewayv2.AddRoutesOptions;
import software.amazon.awscdk.services.apigatewayv2.CfnStage;
import software.amazon.awscdk.services.apigatewayv2.HttpApi;
import software.amazon.awscdk.services.apigatewayv2.HttpMethod;
import software.amazon.awscdk.services.apigatewayv2.HttpRoute;
import software.amazon.awscdk.services.apigatewayv2.HttpStage;
import software.amazon.awscdk.services.apigatewayv2.IAccessLogDestination;
import software.amazon.awscdk.services.apigatewayv2.IAccessLogSettings;
import software.amazon.awscdk.services.apigatewayv2.LogGroupLogDestination;
import software.amazon.awscdk.services.apigatewayv2.ThrottleSettings;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

/**
 * The HTTP API in front of the functions: {@code POST /<functionName>} per routed function, to its alias; every
 * route requires SigV4 (IAM), so callers need execute-api:Invoke on the route.
 */
public final class FunctionHttpApi extends Construct {

    private static final String ACCESS_LOG_FORMAT = "{\"requestId\":\"$context.requestId\","
            + "\"ip\":\"$context.identity.sourceIp\",\"caller\":\"$context.identity.caller\","
            + "\"userArn\":\"$context.identity.userArn\",\"requestTime\":\"$context.requestTime\","
            + "\"routeKey\":\"$context.routeKey\",\"status\":\"$context.status\","
            + "\"latencyMs\":\"$context.responseLatency\",\"integrationError\":\"$context.integrationErrorMessage\"}";

    public static final String STAGE_NAME = "$default";

    private final HttpApi api;
    private final HttpStage stage;
    private final Map<String, HttpRoute> routes = new LinkedHashMap<>();
    private final Map<String, Object> routeSettings = new LinkedHashMap<>();

    public FunctionHttpApi(Construct scope, String id, IKey logsKey) {
        super(scope, id);
        String region = Stack.of(this).getRegion();
        LogGroup apiAccessLogs = LogGroup.Builder.create(this, "ApiAccessLogs")
                .retention(RetentionDays.THREE_MONTHS)
                .encryptionKey(logsKey)
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        api = HttpApi.Builder.create(this, "Api")
                .apiName("bluemarble-" + region)
                .description("BlueMarble functions: POST /<functionName>, IAM (SigV4) authorization")
                .defaultAuthorizer(new HttpIamAuthorizer())
                .createDefaultStage(false)
                .build();
        stage = HttpStage.Builder.create(this, "ApiDefaultStage")
                .httpApi(api)
                .stageName(STAGE_NAME)
                .autoDeploy(true)
                .throttle(ThrottleSettings.builder()
                        .rateLimit(2000)
                        .burstLimit(1000)
                        .build())
                .accessLogSettings(new IAccessLogSettings() {
                    @Override
                    public IAccessLogDestination getDestination() {
                        return new LogGroupLogDestination(apiAccessLogs);
                    }

                    @Override
                    public AccessLogFormat getFormat() {
                        return AccessLogFormat.custom(ACCESS_LOG_FORMAT);
                    }
                })
                .build();
        CfnOutput.Builder.create(this, "ApiUrl")
                .value(stage.getUrl())
                .description("Invoke with SigV4: POST <url><functionName>")
                .build();
    }

    /**
     * {@code POST /<name>} to the function's alias, with the catalogue's rate and burst limits for the route (stage
     * route settings; the stage's default limits apply to nothing else, since every route has its own).
     */
    public void route(FunctionSpec spec, Alias alias) {
        String routeKey = routeKey(spec);
        for (HttpRoute route : api.addRoutes(AddRoutesOptions.builder()
                .path("/" + spec.name())
                .methods(List.of(HttpMethod.POST))
                .integration(new HttpLambdaIntegration(spec.name() + "Integration", alias))
                .build())) {
            routes.put(spec.name(), route);
            // API Gateway refuses route settings for a route that does not exist yet.
            stage.getNode().addDependency(route);
        }
        routeSettings.put(
                routeKey,
                Map.of(
                        "ThrottlingRateLimit", spec.throttle().ratePerSecond(),
                        "ThrottlingBurstLimit", spec.throttle().burst()));
        ((CfnStage) stage.getNode().getDefaultChild()).setRouteSettings(new TreeMap<>(routeSettings));
    }

    public static String routeKey(FunctionSpec spec) {
        return "POST /" + spec.name();
    }

    /** The route's ARN for execute-api:Invoke (stage $default). */
    public String invokeArn(FunctionSpec spec) {
        return api.arnForExecuteApi("POST", "/" + spec.name(), STAGE_NAME);
    }

    public Map<String, HttpRoute> routes() {
        return routes;
    }

    public HttpApi api() {
        return api;
    }

    public HttpStage stage() {
        return stage;
    }
}
