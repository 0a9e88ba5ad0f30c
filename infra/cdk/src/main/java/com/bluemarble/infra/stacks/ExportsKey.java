package com.bluemarble.infra.stacks;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.AccountRootPrincipal;
import software.amazon.awscdk.services.iam.PolicyDocument;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.kms.Key;
import software.constructs.Construct;

/**
 * The customer-managed key of the exports bucket (players' personal data, issue 15). Its policy lets the account
 * administer the key (no kms:*) and lets IAM policies of this account use it only through S3 in this region: a role
 * reads or writes exports with the bucket grants it has, and nobody can decrypt an export outside S3.
 */
public final class ExportsKey extends Construct {

    static final List<String> USE_ACTIONS =
            List.of("kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey");

    private final Key key;

    public ExportsKey(Construct scope, String id) {
        super(scope, id);
        Stack stack = Stack.of(this);
        PolicyDocument policy = PolicyDocument.Builder.create()
                .statements(List.of(
                        LogEncryption.accountAdministersTheKey(),
                        PolicyStatement.Builder.create()
                                .sid("IamPoliciesOfThisAccountThroughS3Only")
                                .principals(List.of(new AccountRootPrincipal()))
                                .actions(USE_ACTIONS)
                                .resources(List.of("*"))
                                .conditions(Map.of(
                                        "StringEquals",
                                        Map.of(
                                                "kms:ViaService",
                                                "s3." + stack.getRegion() + ".amazonaws.com",
                                                "kms:CallerAccount",
                                                stack.getAccount())))
                                .build()))
                .build();
        key = Key.Builder.create(this, "Key")
                .description("BlueMarble player data exports in " + stack.getRegion())
                .enableKeyRotation(true)
                .policy(policy)
                // Like every data store here: kept when the stack goes (schedule its deletion by hand once exports
                // expired).
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
    }

    public Key key() {
        return key;
    }
}
