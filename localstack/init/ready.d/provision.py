"""LocalStack init hook: creates what resources.json defines (the file the Java harness and CDK read too).

LocalStack runs *.py hooks in ready.d with its own Python, which ships boto3.
"""
import json

import boto3

ENDPOINT = "http://localhost:4566"
DEFINITIONS = "/etc/localstack/bluemarble/resources.json"
session = dict(endpoint_url=ENDPOINT, region_name="us-east-1", aws_access_key_id="test", aws_secret_access_key="test")

with open(DEFINITIONS) as f:
    resources = json.load(f)

sqs = boto3.client("sqs", **session)
urls = {}
for queue in resources["queues"]:  # dead-letter queues come first in the file
    attributes = {}
    for key, attribute in (("visibilityTimeoutSeconds", "VisibilityTimeout"),
                           ("messageRetentionSeconds", "MessageRetentionPeriod"),
                           ("receiveWaitTimeSeconds", "ReceiveMessageWaitTimeSeconds")):
        if key in queue:
            attributes[attribute] = str(queue[key])
    if "deadLetter" in queue:
        dlq_arn = sqs.get_queue_attributes(QueueUrl=urls[queue["deadLetter"]["queue"]],
                                           AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        attributes["RedrivePolicy"] = json.dumps({"deadLetterTargetArn": dlq_arn,
                                                  "maxReceiveCount": str(queue["deadLetter"]["maxReceiveCount"])})
    urls[queue["name"]] = sqs.create_queue(QueueName=queue["name"], Attributes=attributes)["QueueUrl"]

s3 = boto3.client("s3", **session)
for bucket in resources["buckets"]:
    s3.create_bucket(Bucket=bucket["name"])
    if bucket.get("versioned"):
        s3.put_bucket_versioning(Bucket=bucket["name"], VersioningConfiguration={"Status": "Enabled"})

dynamodb = boto3.client("dynamodb", **session)
for table in resources["tables"]:
    keys = [(table["partitionKey"], "HASH")] + ([(table["sortKey"], "RANGE")] if table.get("sortKey") else [])
    try:
        dynamodb.create_table(TableName=table["name"], BillingMode="PAY_PER_REQUEST",
                              AttributeDefinitions=[{"AttributeName": k["name"], "AttributeType": k["type"]} for k, _ in keys],
                              KeySchema=[{"AttributeName": k["name"], "KeyType": t} for k, t in keys])
    except dynamodb.exceptions.ResourceInUseException:
        pass

print("bluemarble: provisioned", list(urls), [b["name"] for b in resources["buckets"]], [t["name"] for t in resources["tables"]])
