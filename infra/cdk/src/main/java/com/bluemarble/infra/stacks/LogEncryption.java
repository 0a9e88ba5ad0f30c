package com.bluemarble.infra.stacks;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.AccountRootPrincipal;
import software.amazon.awscdk.services.iam.PolicyDocument;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.Key;
import software.constructs.Construct;

/**
 * The customer-managed KMS key every log group of the service stack is encrypted with (function logs, API access
 * logs, VPC flow logs). CloudWatch Logs may use it only for log groups of this account and region.
 */
public final class LogEncryption extends Construct {

    /** Key administration for the account, without kms:* (no use of the key by IAM principals through it). */
    static final List<String> ADMIN_ACTIONS = List.of(
            "kms:Create*",
            "kms:Describe*",
            "kms:Enable*",
            "kms:List*",
            "kms:Put*",
            "kms:Update*",
            "kms:Revoke*",
            "kms:Disable*",
            "kms:Get*",
            "kms:Delete*",
            "kms:TagResource",
            "kms:UntagResource",
            "kms:ScheduleKeyDeletion",
            "kms:CancelKeyDeletion");

    private final Key key;

    public LogEncryption(Construct scope, String id) {
        super(scope, id);
        Stack stack = Stack.of(this);
        String region = stack.getRegion();
        PolicyDocument policy = PolicyDocument.Builder.create()
                .statements(List.of(
                        accountAdministersTheKey(),
                        PolicyStatement.Builder.create()
                                .sid("CloudWatchLogsOfThisAccountAndRegion")
                                .principals(List.of(new ServicePrincipal("logs." + region + ".amazonaws.com")))
                                .actions(List.of(
                                        "kms:Encrypt*",
                                        "kms:Decrypt*",
                                        "kms:ReEncrypt*",
                                        "kms:GenerateDataKey*",
                                        "kms:Describe*"))
                                .resources(List.of("*"))
                                .conditions(Map.of(
                                        "ArnLike",
                                        Map.of(
                                                "kms:EncryptionContext:aws:logs:arn",
                                                "arn:aws:logs:" + region + ":" + stack.getAccount() + ":log-group:*")))
                                .build()))
                .build();
        key = Key.Builder.create(this, "LogsKey")
                .description("BlueMarble service log groups in " + region)
                .enableKeyRotation(true)
                .policy(policy)
                // Logs encrypted with it stay readable only while it exists.
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
    }

    /** The key policy statement that lets the account administer a key ({@link #ADMIN_ACTIONS}), not use it. */
    static PolicyStatement accountAdministersTheKey() {
        return PolicyStatement.Builder.create()
                .sid("AccountAdministersTheKey")
                .principals(List.of(new AccountRootPrincipal()))
                .actions(ADMIN_ACTIONS)
                .resources(List.of("*"))
                .build();
    }

    public Key key() {
        return key;
    }
}
