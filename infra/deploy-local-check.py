#!/usr/bin/env python3
"""Checks what infra/deploy-local.sh deployed into a local AWS emulator (moto or LocalStack).

Reads the expected values from localstack/resources.json (the same file the CDK app reads) and
compares them with what the emulator reports through the ordinary AWS APIs. Properties an emulator's
CloudFormation is known to drop (moto ignores bucket versioning, lifecycle, replication, public access
block, bucket policies and DynamoDB PITR when it creates resources from a template) are reported as
"emulator ignored" instead of failing: the synthesized templates are checked for them by the JUnit
suite. Everything the emulator does implement must match, or the script exits 1.

usage: deploy-local-check.py <resources.json> <account> <region> [<region> ...]
"""
import json
import os
import sys

import boto3
from botocore.exceptions import ClientError

failures = []
ignored = []


def expect(label, actual, wanted):
    if str(actual) == str(wanted):
        print(f"  ok      {label} = {wanted}")
    else:
        failures.append(f"{label}: expected {wanted!r}, got {actual!r}")
        print(f"  FAIL    {label}: expected {wanted!r}, got {actual!r}")


def optional(label, call, check):
    """A property the emulator may not implement: verify it if present, note it if absent."""
    try:
        value = call()
    except ClientError as e:
        ignored.append(label)
        print(f"  ignored {label} ({e.response['Error']['Code']} from the emulator)")
        return
    value.pop("ResponseMetadata", None)
    if check(value):
        print(f"  ok      {label}")
    else:
        ignored.append(label)
        print(f"  ignored {label} (emulator reports {json.dumps(value, default=str)[:120]})")


def main():
    resources_file, account, regions = sys.argv[1], sys.argv[2], sys.argv[3:]
    with open(resources_file) as f:
        resources = json.load(f)
    endpoint = os.environ["AWS_ENDPOINT_URL"]
    queues = {q["name"]: q for q in resources["queues"]}
    writer_queue = queues[resources["snapshotWriter"]["queue"]]
    dlq = queues[writer_queue["deadLetter"]["queue"]]

    for region in regions:
        print(f"[{region}]")
        kw = dict(region_name=region, endpoint_url=endpoint)
        sqs, ddb, s3 = boto3.client("sqs", **kw), boto3.client("dynamodb", **kw), boto3.client("s3", **kw)
        cfn = boto3.client("cloudformation", **kw)

        stack = cfn.describe_stacks(StackName=f"BlueMarble-Storage-{region}")["Stacks"][0]
        expect("storage stack status", stack["StackStatus"], "CREATE_COMPLETE")

        dlq_url = sqs.get_queue_url(QueueName=dlq["name"])["QueueUrl"]
        dlq_attrs = sqs.get_queue_attributes(QueueUrl=dlq_url, AttributeNames=["All"])["Attributes"]
        expect(f"{dlq['name']} MessageRetentionPeriod", dlq_attrs["MessageRetentionPeriod"], dlq["messageRetentionSeconds"])

        url = sqs.get_queue_url(QueueName=writer_queue["name"])["QueueUrl"]
        attrs = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["All"])["Attributes"]
        expect(f"{writer_queue['name']} VisibilityTimeout", attrs["VisibilityTimeout"], writer_queue["visibilityTimeoutSeconds"])
        expect(f"{writer_queue['name']} MessageRetentionPeriod", attrs["MessageRetentionPeriod"], writer_queue["messageRetentionSeconds"])
        expect(f"{writer_queue['name']} ReceiveMessageWaitTimeSeconds", attrs["ReceiveMessageWaitTimeSeconds"], writer_queue["receiveWaitTimeSeconds"])
        redrive = json.loads(attrs.get("RedrivePolicy", "{}"))
        expect(f"{writer_queue['name']} redrive target", redrive.get("deadLetterTargetArn"), dlq_attrs["QueueArn"])
        expect(f"{writer_queue['name']} maxReceiveCount", redrive.get("maxReceiveCount"), writer_queue["deadLetter"]["maxReceiveCount"])
        expect(f"{writer_queue['name']} SqsManagedSseEnabled", attrs.get("SqsManagedSseEnabled"), "true")

        # A round trip proves the queue is usable, not just described.
        sqs.send_message(QueueUrl=url, MessageBody=json.dumps({"playerId": "smoke", "version": 1, "state": {}}))
        got = sqs.receive_message(QueueUrl=url, WaitTimeSeconds=1).get("Messages", [])
        expect(f"{writer_queue['name']} send/receive", len(got), 1)
        for m in got:
            sqs.delete_message(QueueUrl=url, ReceiptHandle=m["ReceiptHandle"])

        for table in resources["tables"]:
            desc = ddb.describe_table(TableName=table["name"])["Table"]
            expect(f"table {table['name']} status", desc["TableStatus"], "ACTIVE")
            expect(f"table {table['name']} partition key",
                   [k["AttributeName"] for k in desc["KeySchema"] if k["KeyType"] == "HASH"],
                   [table["partitionKey"]["name"]])
            optional(f"table {table['name']} point-in-time recovery",
                     lambda: ddb.describe_continuous_backups(TableName=table["name"]),
                     lambda v: v["ContinuousBackupsDescription"]["PointInTimeRecoveryDescription"]["PointInTimeRecoveryStatus"] == "ENABLED")

        for bucket in resources["buckets"]:
            name = f"{bucket['name']}-{account}-{region}"
            s3.head_bucket(Bucket=name)
            print(f"  ok      bucket {name} exists")
            enc = s3.get_bucket_encryption(Bucket=name)["ServerSideEncryptionConfiguration"]["Rules"][0]
            expect(f"bucket {name} encryption", enc["ApplyServerSideEncryptionByDefault"]["SSEAlgorithm"], "AES256")
            s3.put_object(Bucket=name, Key="smoke/object", Body=b"ok")
            expect(f"bucket {name} put/get", s3.get_object(Bucket=name, Key="smoke/object")["Body"].read(), b"ok")
            s3.delete_object(Bucket=name, Key="smoke/object")
            if bucket["versioned"]:
                optional(f"bucket {name} versioning", lambda: s3.get_bucket_versioning(Bucket=name),
                         lambda v: v.get("Status") == "Enabled")
            optional(f"bucket {name} public access block", lambda: s3.get_public_access_block(Bucket=name),
                     lambda v: all(v["PublicAccessBlockConfiguration"].values()))
            optional(f"bucket {name} TLS-only policy", lambda: s3.get_bucket_policy(Bucket=name),
                     lambda v: "aws:SecureTransport" in v["Policy"])
            optional(f"bucket {name} lifecycle", lambda: s3.get_bucket_lifecycle_configuration(Bucket=name),
                     lambda v: len(v["Rules"]) > 0)
        backups = f"bluemarble-backups-{account}-{region}"
        optional(f"bucket {backups} replication", lambda: s3.get_bucket_replication(Bucket=backups),
                 lambda v: v["ReplicationConfiguration"]["Rules"][0]["Status"] == "Enabled")

    print()
    if ignored:
        print(f"{len(ignored)} properties not implemented by this emulator (checked in the templates by the JUnit suite instead).")
    if failures:
        print(f"FAILED: {len(failures)} checks")
        for f in failures:
            print(f"  - {f}")
        return 1
    print("local deploy smoke: OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
