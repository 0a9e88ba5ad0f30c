package com.bluemarble.functions.emulators;

import com.bluemarble.functions.aws.AwsClientConfigurer;
import com.bluemarble.functions.aws.AwsClientSettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * An AWS API emulator for SQS, S3 and DynamoDB: the endpoint named by {@code AWS_ENDPOINT_URL}
 * (e.g. LocalStack from {@code localstack/compose.yaml}), else LocalStack in a Testcontainers
 * container when Docker answers, else {@code moto_server} on a free loopback port. Code under test
 * only ever sees an endpoint URL.
 */
public final class AwsEmulator implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AwsEmulator.class);
    static final String LOCALSTACK_IMAGE = "localstack/localstack:4.4";
    public static final Region REGION = Region.US_EAST_1;
    public static final AwsCredentialsProvider CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));

    /** Creating a table or a queue on a busy emulator can take a while; nothing waits on it but setup. */
    private static final Duration PROVISIONING_TIMEOUT = Duration.ofSeconds(60);

    private final URI endpoint;
    private final String description;
    private final boolean isMoto;
    private final AutoCloseable owned;

    private AwsEmulator(URI endpoint, String description, boolean isMoto, AutoCloseable owned) {
        this.endpoint = endpoint;
        this.description = description;
        this.isMoto = isMoto;
        this.owned = owned;
    }

    /** Builds clients of this emulator the way the functions build theirs ({@code bluemarble.aws.*} on it). */
    public AwsClientConfigurer clients() {
        return clientsAt(endpoint);
    }

    /** The same for any endpoint, e.g. a port where nothing listens (an outage). */
    public static AwsClientConfigurer clientsAt(URI endpoint) {
        return new AwsClientConfigurer(AwsClientSettings.endpoint(endpoint, REGION));
    }

    public static AwsEmulator start() {
        AwsEmulator emulator = launch();
        log.info("AWS APIs: {}", emulator.description);
        return emulator;
    }

    private static AwsEmulator launch() {
        String named = System.getenv("AWS_ENDPOINT_URL");
        if (named != null && !named.isBlank()) {
            return new AwsEmulator(
                    URI.create(named), "the endpoint named by AWS_ENDPOINT_URL (" + named + ")", false, null);
        }
        if (Docker.isAvailable()) {
            LocalStackContainer container = new LocalStackContainer(DockerImageName.parse(LOCALSTACK_IMAGE))
                    .withServices("sqs", "s3", "dynamodb");
            container.start();
            return new AwsEmulator(
                    container.getEndpoint(), "LocalStack container " + LOCALSTACK_IMAGE, false, container::stop);
        }
        String moto = System.getenv().getOrDefault("BLUEMARBLE_MOTO_SERVER", "moto_server");
        for (int attempt = 1; ; attempt++) {
            int port = Ports.freePort();
            ManagedProcess process;
            try {
                process = ManagedProcess.start("moto", List.of(moto, "-H", "127.0.0.1", "-p", Integer.toString(port)));
            } catch (EmulatorUnavailableException e) {
                throw new EmulatorUnavailableException(
                        "No AWS API emulator: install moto's server (pip install 'moto[server]'), "
                                + "or run a Docker engine (LocalStack), or set AWS_ENDPOINT_URL to a running LocalStack "
                                + "(docker compose -f localstack/compose.yaml up).",
                        e);
            }
            try {
                Ports.await("moto_server", Duration.ofSeconds(30), process, () -> Ports.isOpen("127.0.0.1", port));
                return new AwsEmulator(
                        URI.create("http://127.0.0.1:" + port), "moto_server on 127.0.0.1:" + port, true, process);
            } catch (EmulatorUnavailableException e) {
                process.close();
                if (attempt == 3) {
                    throw e;
                }
            }
        }
    }

    public URI endpoint() {
        return endpoint;
    }

    public String description() {
        return description;
    }

    /**
     * Whether S3's conditional PUT (If-Match / If-None-Match) is atomic here, as on AWS. moto checks
     * the condition and then writes without a lock, so two racing writers can both pass: tests
     * must not assert atomicity there.
     */
    public boolean hasAtomicConditionalWrites() {
        return !isMoto;
    }

    /**
     * Creates every queue, bucket and table of {@code resources.json}; existing ones are kept.
     * A non-empty {@code namespace} prefixes every name so runs sharing one endpoint stay apart.
     */
    public AwsResources provision(String namespace) {
        AwsResourceDefinitions definitions = AwsResourceDefinitions.load();
        Map<String, String> queueUrls = new LinkedHashMap<>();
        Map<String, String> buckets = new LinkedHashMap<>();
        Map<String, String> tables = new LinkedHashMap<>();
        AwsClientConfigurer clients = clients();
        try (SqsClient sqs = clients.configure(SqsClient.builder(), PROVISIONING_TIMEOUT, PROVISIONING_TIMEOUT)
                        .build();
                S3Client s3 = clients.configure(S3Client.builder(), PROVISIONING_TIMEOUT, PROVISIONING_TIMEOUT)
                        .build();
                DynamoDbClient dynamo = clients.configure(
                                DynamoDbClient.builder(), PROVISIONING_TIMEOUT, PROVISIONING_TIMEOUT)
                        .build()) {
            // Dead-letter queues are listed first in resources.json, so their ARNs exist when a source queue names one.
            for (AwsResourceDefinitions.Queue queue : definitions.queues()) {
                Map<QueueAttributeName, String> attributes = new HashMap<>();
                if (queue.visibilityTimeoutSeconds() != null) {
                    attributes.put(
                            QueueAttributeName.VISIBILITY_TIMEOUT,
                            queue.visibilityTimeoutSeconds().toString());
                }
                if (queue.messageRetentionSeconds() != null) {
                    attributes.put(
                            QueueAttributeName.MESSAGE_RETENTION_PERIOD,
                            queue.messageRetentionSeconds().toString());
                }
                if (queue.receiveWaitTimeSeconds() != null) {
                    attributes.put(
                            QueueAttributeName.RECEIVE_MESSAGE_WAIT_TIME_SECONDS,
                            queue.receiveWaitTimeSeconds().toString());
                }
                if (queue.deadLetter() != null) {
                    String dlqUrl = queueUrls.get(queue.deadLetter().queue());
                    String dlqArn = sqs.getQueueAttributes(
                                    r -> r.queueUrl(dlqUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                            .attributes()
                            .get(QueueAttributeName.QUEUE_ARN);
                    attributes.put(
                            QueueAttributeName.REDRIVE_POLICY,
                            "{\"deadLetterTargetArn\":\"" + dlqArn + "\",\"maxReceiveCount\":\""
                                    + queue.deadLetter().maxReceiveCount() + "\"}");
                }
                String url = sqs.createQueue(
                                r -> r.queueName(named(namespace, queue.name())).attributes(attributes))
                        .queueUrl();
                queueUrls.put(queue.name(), url);
            }
            for (AwsResourceDefinitions.Bucket bucket : definitions.buckets()) {
                String name = named(namespace, bucket.name());
                try {
                    s3.createBucket(r -> r.bucket(name));
                } catch (BucketAlreadyOwnedByYouException e) {
                    // provisioned before (LocalStack init hook or an earlier run)
                }
                if (bucket.versioned()) {
                    s3.putBucketVersioning(
                            r -> r.bucket(name).versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
                }
                buckets.put(bucket.name(), name);
            }
            for (AwsResourceDefinitions.Table table : definitions.tables()) {
                String name = named(namespace, table.name());
                createTable(dynamo, table, name);
                tables.put(table.name(), name);
            }
        }
        return new AwsResources(Map.copyOf(queueUrls), Map.copyOf(buckets), Map.copyOf(tables));
    }

    /**
     * Creates one more table named {@code name} with the key schema of {@code resources.json}'s table
     * {@code logicalName} (e.g. an empty table to restore a backup into); an existing one is kept.
     */
    public String provisionTable(String logicalName, String name) {
        AwsResourceDefinitions.Table table = AwsResourceDefinitions.load().tables().stream()
                .filter(t -> t.name().equals(logicalName))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("resources.json defines no table " + logicalName));
        try (DynamoDbClient dynamo = clients()
                .configure(DynamoDbClient.builder(), PROVISIONING_TIMEOUT, PROVISIONING_TIMEOUT)
                .build()) {
            createTable(dynamo, table, name);
        }
        return name;
    }

    private static void createTable(DynamoDbClient dynamo, AwsResourceDefinitions.Table table, String name) {
        try {
            dynamo.createTable(r -> {
                var attributes = new java.util.ArrayList<AttributeDefinition>();
                var keys = new java.util.ArrayList<KeySchemaElement>();
                attributes.add(AttributeDefinition.builder()
                        .attributeName(table.partitionKey().name())
                        .attributeType(table.partitionKey().type())
                        .build());
                keys.add(KeySchemaElement.builder()
                        .attributeName(table.partitionKey().name())
                        .keyType(KeyType.HASH)
                        .build());
                if (table.sortKey() != null) {
                    attributes.add(AttributeDefinition.builder()
                            .attributeName(table.sortKey().name())
                            .attributeType(table.sortKey().type())
                            .build());
                    keys.add(KeySchemaElement.builder()
                            .attributeName(table.sortKey().name())
                            .keyType(KeyType.RANGE)
                            .build());
                }
                r.tableName(name)
                        .attributeDefinitions(attributes)
                        .keySchema(keys)
                        .billingMode(BillingMode.PAY_PER_REQUEST);
            });
        } catch (ResourceInUseException e) {
            // exists already
        }
    }

    private static String named(String namespace, String name) {
        return namespace == null || namespace.isEmpty() ? name : namespace + "-" + name;
    }

    /** Wipes all state; only moto supports it ({@code POST /moto-api/reset}). */
    public void reset() {
        if (!isMoto) {
            throw new UnsupportedOperationException(
                    "reset is only supported on moto; provision with a fresh namespace instead");
        }
        try {
            HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(endpoint.resolve("/moto-api/reset"))
                                    .POST(HttpRequest.BodyPublishers.noBody())
                                    .build(),
                            HttpResponse.BodyHandlers.discarding());
        } catch (java.io.IOException e) {
            throw new EmulatorUnavailableException("moto reset failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (owned != null) {
            try {
                owned.close();
            } catch (Exception e) {
                log.warn("stopping AWS emulator: {}", e.toString());
            }
        }
    }
}
