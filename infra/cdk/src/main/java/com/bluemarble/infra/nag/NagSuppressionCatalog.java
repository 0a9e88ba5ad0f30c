package com.bluemarble.infra.nag;

import com.bluemarble.infra.config.FunctionCatalog;
import com.bluemarble.infra.config.FunctionCatalog.Access;
import com.bluemarble.infra.config.FunctionCatalog.FunctionSpec;
import com.bluemarble.infra.stacks.BackupReplicaStack;
import com.bluemarble.infra.stacks.ServiceStack;
import com.bluemarble.infra.stacks.StorageStack;
import com.bluemarble.infra.stacks.Workflows;
import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import io.github.cdklabs.cdknag.RegexAppliesTo;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import software.amazon.awscdk.services.stepfunctions.StateMachine;

/**
 * Every cdk-nag (AwsSolutions) suppression of the app, each scoped as narrowly as cdk-nag allows (one
 * construct, and for IAM findings the exact actions/resources via appliesTo) and each with its reason.
 * The tests fail on any finding not suppressed here.
 */
public final class NagSuppressionCatalog {

    private NagSuppressionCatalog() {}

    static final String S3_GRANT_REASON = "Produced by CDK S3 grant methods (grantRead/grantPut/grantReadWrite/"
            + "grantDelete): the action prefixes are CDK's fixed sets for reading, writing or deleting objects (and,"
            + " for the KMS-encrypted exports bucket, the key's data-key actions, usable through S3 only), and the"
            + " resource is bucket-name/* or a prefix of one bucket of this stack set, never another bucket or"
            + " account.";

    public static void storage(StorageStack stack) {
        String replicaBucketArns = "^Resource::arn:aws:s3:::bluemarble-backups-replica-\\d{12}-[a-z0-9-]+/\\*$";
        NagSuppressions.addResourceSuppressions(
                stack.backupsBucket(),
                List.of(suppression(
                        "AwsSolutions-IAM5",
                        "S3 replication role made by the CDK Bucket construct (grantReplicationPermission): it must read"
                                + " every object version of the backups bucket and replicate into every key of the one"
                                + " replica bucket; the actions are explicit replication actions, not wildcards.",
                        List.of(regex("^Resource::<BackupsBucket[0-9A-F]{8}\\.Arn>/\\*$"), regex(replicaBucketArns)))),
                true);
    }

    public static void backupReplica(BackupReplicaStack stack) {
        // No findings: the replica and its log bucket follow the same bucket rules as the storage stack.
    }

    public static void service(ServiceStack stack, List<FunctionSpec> functions) {
        workflows(stack);
        // The Redis AUTH token is an ops-created secret shared by all regions (no SMG4 finding on an imported
        // secret); its rotation is an operator runbook (infra/README.md).

        for (FunctionSpec spec : functions) {
            NagSuppressions.addResourceSuppressions(
                    stack.functions().get(spec.name()),
                    List.of(suppression(
                            "AwsSolutions-L1",
                            "java21 is the runtime this project targets (Spring Boot 4 app, SnapStart-verified LTS);"
                                    + " moving to a newer Java runtime is a deliberate upgrade of the functions, not an"
                                    + " infrastructure default.",
                            List.of())),
                    false);

            List<NagPackSuppression> roleSuppressions = new ArrayList<>();
            roleSuppressions.add(suppression(
                    "AwsSolutions-IAM5",
                    "Lambda active tracing (CDK Tracing.ACTIVE) grants xray:PutTraceSegments and"
                            + " xray:PutTelemetryRecords, which support no resource-level permissions (resource *);"
                            + " TemplateInvariants allows resource * for those two X-Ray actions only.",
                    List.of("Resource::*")));
            List<Object> s3Findings = s3GrantFindings(spec);
            if (!s3Findings.isEmpty()) {
                roleSuppressions.add(suppression("AwsSolutions-IAM5", S3_GRANT_REASON, s3Findings));
            }
            if (spec.inVpc()) {
                roleSuppressions.add(suppression(
                        "AwsSolutions-IAM4",
                        "AWSLambdaVPCAccessExecutionRole is the AWS-maintained policy for the ENIs Lambda creates"
                                + " in the VPC (ec2:CreateNetworkInterface and friends only work on resource *);"
                                + " only functions placed in the VPC for Redis get it.",
                        List.of("Policy::arn:<AWS::Partition>:iam::aws:policy/" + ServiceStack.VPC_ACCESS_POLICY)));
            }
            if (!roleSuppressions.isEmpty()) {
                NagSuppressions.addResourceSuppressions(stack.roles().get(spec.name()), roleSuppressions, true);
            }
        }
    }

    /**
     * The state machines (nested stack {@code Workflows}): logging to CloudWatch Logs and X-Ray need resource *, and
     * the distributed map of the audit starts and manages its own child executions.
     */
    private static void workflows(ServiceStack stack) {
        Workflows workflows = stack.workflows();
        NagPackSuppression loggingAndTracing = suppression(
                "AwsSolutions-IAM5",
                "Added by CDK for state machine logging and tracing: the CloudWatch Logs vended log"
                        + " delivery actions (logs:CreateLogDelivery, GetLogDelivery, UpdateLogDelivery,"
                        + " DeleteLogDelivery, ListLogDeliveries, PutResourcePolicy,"
                        + " DescribeResourcePolicies, DescribeLogGroups) and X-Ray's PutTraceSegments,"
                        + " PutTelemetryRecords, GetSamplingRules, GetSamplingTargets support no"
                        + " resource-level permissions; TemplateInvariants allows resource * for exactly"
                        + " these actions.",
                List.of("Resource::*"));
        for (StateMachine machine : List.of(workflows.erasure(), workflows.export(), workflows.audit())) {
            NagSuppressions.addResourceSuppressions(machine.getRole(), List.of(loggingAndTracing), true);
        }
        // The map's own policy (CDK's DistributedMapPolicy), a child of the machine, not of its role.
        NagSuppressions.addResourceSuppressions(
                workflows.audit(),
                List.of(suppression(
                        "AwsSolutions-IAM5",
                        "Added by CDK for the audit's distributed map: the machine starts, describes and"
                                + " stops its own child executions, whose names are generated; the resource is"
                                + " the executions of this one state machine only.",
                        List.of(regex("^Resource::arn:aws:states:[a-z0-9-]+:\\d{12}:execution:"
                                + "\\{\"Fn::Select\":\\[6,\\{\"Fn::Split\":\\[\":\",\\{\"Ref\":"
                                + "\"AuditStateMachine[0-9A-F]{8}\"\\}\\]\\}\\]\\}(/\\*)?:\\*$")))),
                true);
    }

    /** The IAM5 findings that exactly the function's S3 grants produce, so a suppression covers nothing more. */
    static List<Object> s3GrantFindings(FunctionSpec spec) {
        Set<String> actions = new LinkedHashSet<>();
        Set<String> bucketIds = new LinkedHashSet<>();
        Set<List<String>> prefixed = new LinkedHashSet<>();
        boolean archive = false;
        for (Access access : spec.access()) {
            switch (access) {
                case SNAPSHOT_STATES_READ -> read(actions, bucketIds, "SnapshotStatesBucket");
                case SNAPSHOT_STATES_WRITE -> {
                    read(actions, bucketIds, "SnapshotStatesBucket");
                    actions.addAll(List.of("s3:DeleteObject*", "s3:Abort*"));
                }
                case SNAPSHOT_STATES_PUT -> put(actions, bucketIds, "SnapshotStatesBucket");
                case TERRAIN_READ -> read(actions, bucketIds, "TerrainBucket");
                case TERRAIN_WRITE -> put(actions, bucketIds, "TerrainBucket");
                case BACKUPS_READ -> read(actions, bucketIds, "BackupsBucket");
                case BACKUPS_WRITE -> put(actions, bucketIds, "BackupsBucket");
                case CONFIG_READ -> read(actions, bucketIds, "ConfigBucket");
                case SEASON_ARCHIVE -> {
                    actions.addAll(List.of("s3:GetObject*", "s3:GetBucket*", "s3:List*", "s3:Abort*"));
                    archive = true;
                }
                case SEASON_ARCHIVE_READ -> {
                    actions.addAll(List.of("s3:GetObject*", "s3:GetBucket*", "s3:List*"));
                    archive = true;
                }
                case SNAPSHOT_STATES_ERASE -> {
                    read(actions, bucketIds, "SnapshotStatesBucket");
                    actions.add("s3:DeleteObject*");
                }
                case EXPORTS_READ -> {
                    actions.addAll(List.of("s3:GetObject*", "s3:GetBucket*", "s3:List*"));
                    prefixed.add(List.of("ExportsBucket", FunctionCatalog.EXPORTS_PREFIX));
                }
                // With the bucket's KMS key: CDK's put grant adds the key's data-key actions.
                case EXPORTS_WRITE -> {
                    actions.addAll(List.of(
                            "s3:GetObject*",
                            "s3:GetBucket*",
                            "s3:List*",
                            "s3:Abort*",
                            "kms:ReEncrypt*",
                            "kms:GenerateDataKey*"));
                    prefixed.add(List.of("ExportsBucket", FunctionCatalog.EXPORTS_PREFIX));
                }
                case AUDIT_REPORTS_PUT -> {
                    actions.add("s3:Abort*");
                    prefixed.add(List.of("AuditReportsBucket", FunctionCatalog.AUDIT_REPORTS_PREFIX));
                }
                default -> {}
            }
        }
        List<Object> findings = new ArrayList<>();
        actions.forEach(a -> findings.add("Action::" + a));
        bucketIds.forEach(id -> findings.add(objectsOfStorageBucket(id, "")));
        if (archive) {
            findings.add(objectsOfStorageBucket("BackupsBucket", FunctionCatalog.SEASON_ARCHIVE_PREFIX));
        }
        prefixed.forEach(p -> findings.add(objectsOfStorageBucket(p.get(0), p.get(1))));
        return findings;
    }

    /**
     * {@code <bucket-arn>/*} of one storage-stack bucket, as cdk-nag renders it: a GetAtt before CDK resolves the
     * cross-stack reference, the export name after (when the app is synthesized a second time in one process).
     */
    private static RegexAppliesTo objectsOfStorageBucket(String constructId, String keyPrefix) {
        return regex("^Resource::(<" + constructId + "[0-9A-F]{8}\\.Arn>"
                + "|BlueMarble-Storage-[a-z0-9-]+:ExportsOutputFnGetAtt" + constructId + "[0-9A-F]{8}Arn[0-9A-F]{8})/"
                + keyPrefix /* letters and '/' only */ + "\\*$");
    }

    private static void read(Set<String> actions, Set<String> bucketIds, String bucketId) {
        actions.addAll(List.of("s3:GetObject*", "s3:GetBucket*", "s3:List*"));
        bucketIds.add(bucketId);
    }

    private static void put(Set<String> actions, Set<String> bucketIds, String bucketId) {
        actions.add("s3:Abort*");
        bucketIds.add(bucketId);
    }

    private static RegexAppliesTo regex(String pattern) {
        return RegexAppliesTo.builder().regex("/" + pattern + "/").build();
    }

    private static NagPackSuppression suppression(String id, String reason, List<Object> appliesTo) {
        NagPackSuppression.Builder builder = NagPackSuppression.builder().id(id).reason(reason);
        if (!appliesTo.isEmpty()) builder.appliesTo(appliesTo);
        return builder.build();
    }
}
