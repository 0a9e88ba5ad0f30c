package com.bluemarble.infra;

import static com.bluemarble.infra.TemplateJson.at;
import static com.bluemarble.infra.TemplateJson.list;
import static com.bluemarble.infra.TemplateJson.map;
import static com.bluemarble.infra.TemplateJson.props;
import static com.bluemarble.infra.TemplateJson.render;
import static com.bluemarble.infra.TemplateJson.resources;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Security rules every synthesized template must satisfy, checked on the template itself (not on the CDK
 * code), so they hold whichever construct, escape hatch or future edit produced a resource:
 *
 * <ul>
 *   <li>no Allow statement in any policy document (identity or resource policy) with a full-service
 *       wildcard action ({@code *} or {@code service:*}), no Allow with NotAction;</li>
 *   <li>no AWS-managed policy on a role except the allow-listed Lambda ones;</li>
 *   <li>every bucket, table, queue and Redis replication group encrypted at rest; buckets TLS-only with
 *       public access blocked; Redis TLS with AUTH; no unencrypted ElastiCache cluster type at all;</li>
 *   <li>no unauthenticated entry point: every HTTP API / REST route IAM-authorized, no Lambda function URL
 *       without IAM auth, no Lambda permission for any principal {@code *};</li>
 *   <li>invocation scoped per caller: execute-api:Invoke only on whole route ARNs, never a wildcard;</li>
 *   <li>throttled: every HTTP API stage has default limits and limits for each route of its API;</li>
 *   <li>no Google key: no function is given a secret for Google credentials (Workload Identity Federation).</li>
 * </ul>
 */
final class TemplateInvariants {

    private static final Pattern SERVICE_WILDCARD = Pattern.compile("^[A-Za-z0-9-]+:\\*$");

    /** Managed policies a role may carry, and which roles may carry them. */
    private static final String VPC_ACCESS =
            "arn:${Ref:AWS::Partition}:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole";

    private static final String VPC_ACCESS_SUB =
            "arn:${AWS::Partition}:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole";
    private static final String BASIC_EXECUTION_SUB =
            "arn:${AWS::Partition}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole";

    private TemplateInvariants() {}

    static List<String> violations(String templateName, Map<String, Object> template) {
        List<String> out = new ArrayList<>();
        resources(template).forEach((id, value) -> {
            Map<String, Object> resource = map(value);
            String type = String.valueOf(resource.get("Type"));
            String where = templateName + "/" + id + " (" + type + ")";
            checkPolicyDocuments(where, resource, out);
            if (IDENTITY_POLICY_TYPES.contains(type)) checkResourceStar(where, resource, out);
            switch (type) {
                case "AWS::IAM::Role" -> checkManagedPolicies(where, id, props(resource), out);
                case "AWS::S3::Bucket" -> checkBucket(where, id, props(resource), template, out);
                case "AWS::DynamoDB::Table", "AWS::DynamoDB::GlobalTable" -> checkTable(where, props(resource), out);
                case "AWS::SQS::Queue" -> checkQueue(where, props(resource), out);
                case "AWS::ElastiCache::ReplicationGroup" -> checkReplicationGroup(where, props(resource), out);
                case "AWS::ElastiCache::CacheCluster" ->
                    out.add(where + ": single ElastiCache clusters cannot encrypt at rest or in transit");
                case "AWS::ApiGatewayV2::Route" -> checkRoute(where, props(resource), out);
                case "AWS::ApiGatewayV2::Stage" -> checkStageThrottling(where, props(resource), template, out);
                case "AWS::Lambda::Function" -> checkNoGoogleKey(where, props(resource), out);
                case "AWS::ApiGateway::Method" -> {
                    Object auth = props(resource).get("AuthorizationType");
                    if (auth == null || "NONE".equals(auth)) out.add(where + ": REST method without authorization");
                }
                case "AWS::Lambda::Url" -> {
                    if (!"AWS_IAM".equals(props(resource).get("AuthType"))) {
                        out.add(where + ": function URL without IAM auth");
                    }
                }
                case "AWS::Lambda::Permission" -> {
                    if ("*".equals(props(resource).get("Principal"))) {
                        out.add(where + ": Lambda invocable by any principal");
                    }
                }
                default -> {}
            }
        });
        return out;
    }

    private static final Set<String> IDENTITY_POLICY_TYPES =
            Set.of("AWS::IAM::Policy", "AWS::IAM::ManagedPolicy", "AWS::IAM::Role");

    /** Actions without resource-level permissions that identity policies may grant on resource *. */
    private static final Set<String> RESOURCE_STAR_ACTIONS = Set.of(
            "xray:PutTraceSegments",
            "xray:PutTelemetryRecords",
            // A traced state machine also samples.
            "xray:GetSamplingRules",
            "xray:GetSamplingTargets",
            // Step Functions logging to CloudWatch Logs (vended log delivery): none supports a narrower resource.
            "logs:CreateLogDelivery",
            "logs:GetLogDelivery",
            "logs:UpdateLogDelivery",
            "logs:DeleteLogDelivery",
            "logs:ListLogDeliveries",
            "logs:PutResourcePolicy",
            "logs:DescribeResourcePolicies",
            "logs:DescribeLogGroups");

    /**
     * In identity policies, resource * only for actions that support nothing narrower (what the nag suppression of
     * Resource::* on the function roles relies on). Resource policies (keys, buckets, topics) name their resource.
     */
    private static void checkResourceStar(String where, Map<String, Object> resource, List<String> out) {
        TemplateJson.walkMaps(props(resource), node -> {
            if (!(node.get("Statement") instanceof List<?>)) return;
            for (Object s : list(node.get("Statement"))) {
                Map<String, Object> statement = map(s);
                if (!"Allow".equals(statement.get("Effect"))) continue;
                if (!list(statement.get("Resource")).contains("*")) continue;
                for (Object action : list(statement.get("Action"))) {
                    if (!RESOURCE_STAR_ACTIONS.contains(String.valueOf(action))) {
                        out.add(where + ": " + action + " on resource * (only "
                                + new java.util.TreeSet<>(RESOURCE_STAR_ACTIONS) + " may be)");
                    }
                }
            }
        });
    }

    /** Every "Statement" list anywhere in the resource is a policy document, whatever the resource type. */
    private static void checkPolicyDocuments(String where, Map<String, Object> resource, List<String> out) {
        TemplateJson.walkMaps(resource, node -> {
            if (!(node.get("Statement") instanceof List<?>)) return;
            for (Object s : list(node.get("Statement"))) {
                Map<String, Object> statement = map(s);
                if (!"Allow".equals(statement.get("Effect"))) continue;
                if (statement.containsKey("NotAction")) {
                    out.add(where + ": Allow with NotAction " + statement.get("NotAction"));
                }
                for (Object action : list(statement.get("Action"))) {
                    if (action instanceof String a
                            && a.toLowerCase(java.util.Locale.ROOT).startsWith("execute-api:")) {
                        for (Object target : list(statement.get("Resource"))) {
                            String r = render(target);
                            if (r.contains("*") || r.contains("?")) {
                                out.add(where + ": " + a + " on a wildcard resource " + r
                                        + " (grant whole route ARNs, per caller)");
                            }
                        }
                    }
                    if (!(action instanceof String a)) {
                        out.add(where + ": action is not a literal string: " + render(action));
                    } else if (a.equals("*") || SERVICE_WILDCARD.matcher(a).matches()) {
                        out.add(where + ": wildcard action '" + a + "'");
                    }
                }
            }
        });
    }

    private static void checkManagedPolicies(
            String where, String logicalId, Map<String, Object> props, List<String> out) {
        for (Object arn : list(props.get("ManagedPolicyArns"))) {
            String rendered = render(arn);
            boolean vpcAccess = rendered.equals(VPC_ACCESS) || rendered.equals(VPC_ACCESS_SUB);
            // CDK's own custom-resource provider (VPC default security group lock-down) uses the basic policy.
            boolean cdkProviderLogging = rendered.equals(BASIC_EXECUTION_SUB)
                    && logicalId.startsWith("CustomVpcRestrictDefaultSGCustomResourceProviderRole");
            if (!vpcAccess && !cdkProviderLogging) {
                out.add(where + ": managed policy not allowed here: " + rendered);
            }
        }
    }

    private static void checkBucket(
            String where, String logicalId, Map<String, Object> props, Map<String, Object> template, List<String> out) {
        List<Object> rules = list(at(props, "BucketEncryption.ServerSideEncryptionConfiguration"));
        boolean encrypted = !rules.isEmpty()
                && rules.stream()
                        .allMatch(r -> Set.of("AES256", "aws:kms", "aws:kms:dsse")
                                .contains(String.valueOf(at(r, "ServerSideEncryptionByDefault.SSEAlgorithm"))));
        if (!encrypted) out.add(where + ": bucket without default encryption");

        Map<String, Object> block = map(props.get("PublicAccessBlockConfiguration"));
        for (String key :
                List.of("BlockPublicAcls", "BlockPublicPolicy", "IgnorePublicAcls", "RestrictPublicBuckets")) {
            if (!Boolean.TRUE.equals(block.get(key))) out.add(where + ": public access not blocked (" + key + ")");
        }

        boolean tlsOnly = TemplateJson.resourcesOfType(template, "AWS::S3::BucketPolicy").values().stream()
                .filter(p -> TemplateJson.isRefTo(props(p).get("Bucket"), logicalId))
                .flatMap(p -> list(at(props(p), "PolicyDocument.Statement")).stream())
                .map(TemplateJson::map)
                .anyMatch(s -> "Deny".equals(s.get("Effect"))
                        && "false".equals(String.valueOf(at(s, "Condition.Bool.aws:SecureTransport"))));
        if (!tlsOnly) out.add(where + ": bucket policy does not deny non-TLS requests");
    }

    private static void checkTable(String where, Map<String, Object> props, List<String> out) {
        if (!Boolean.TRUE.equals(at(props, "SSESpecification.SSEEnabled"))) {
            out.add(where + ": table without KMS encryption (SSESpecification.SSEEnabled)");
        }
    }

    private static void checkQueue(String where, Map<String, Object> props, List<String> out) {
        boolean sqsManaged = Boolean.TRUE.equals(props.get("SqsManagedSseEnabled"));
        boolean kms = props.get("KmsMasterKeyId") != null;
        if (!sqsManaged && !kms) out.add(where + ": queue without server-side encryption");
    }

    private static void checkReplicationGroup(String where, Map<String, Object> props, List<String> out) {
        if (!Boolean.TRUE.equals(props.get("AtRestEncryptionEnabled")))
            out.add(where + ": Redis not encrypted at rest");
        if (!Boolean.TRUE.equals(props.get("TransitEncryptionEnabled"))) out.add(where + ": Redis without TLS");
        if (props.get("AuthToken") == null && props.get("UserGroupIds") == null) {
            out.add(where + ": Redis without AUTH token or RBAC user group");
        }
    }

    /** Route settings apply per route key; a route without them would only have the stage default. */
    private static void checkStageThrottling(
            String where, Map<String, Object> props, Map<String, Object> template, List<String> out) {
        if (!throttled(props.get("DefaultRouteSettings"))) {
            out.add(where + ": stage without default throttling (DefaultRouteSettings)");
        }
        Map<String, Object> routeSettings = map(props.get("RouteSettings"));
        String apiId = render(props.get("ApiId"));
        TemplateJson.resourcesOfType(template, "AWS::ApiGatewayV2::Route").values().stream()
                .map(TemplateJson::props)
                .filter(route -> render(route.get("ApiId")).equals(apiId))
                .map(route -> String.valueOf(route.get("RouteKey")))
                .filter(routeKey -> !throttled(routeSettings.get(routeKey)))
                .forEach(routeKey -> out.add(where + ": route " + routeKey + " has no throttling (RouteSettings)"));
    }

    private static boolean throttled(Object settings) {
        Map<String, Object> m = map(settings);
        return m.get("ThrottlingRateLimit") instanceof Number && m.get("ThrottlingBurstLimit") instanceof Number;
    }

    /** Spanner is reached with federated, short-lived credentials; a key in Secrets Manager is what this replaced. */
    private static void checkNoGoogleKey(String where, Map<String, Object> props, List<String> out) {
        map(at(props, "Environment.Variables")).forEach((name, value) -> {
            String text = name + "=" + render(value);
            boolean keySecret = name.contains("CREDENTIALS_SECRET")
                    || text.matches("(?is).*secretsmanager.*(spanner|google|gcp).*");
            if (keySecret) {
                out.add(where + ": " + name + " passes a secret for Google credentials (use the federation config)");
            }
        });
    }

    private static void checkRoute(String where, Map<String, Object> props, List<String> out) {
        if (!"AWS_IAM".equals(props.get("AuthorizationType"))) {
            out.add(where + ": route " + props.get("RouteKey") + " is not IAM-authorized (AuthorizationType="
                    + props.get("AuthorizationType") + ")");
        }
    }
}
