package com.bluemarble.functions.app.snapshot;

import com.bluemarble.functions.adapter.dynamodb.DynamoDbClients;
import com.bluemarble.functions.adapter.dynamodb.DynamoDbSnapshotTable;
import com.bluemarble.functions.adapter.s3.snapshot.S3StateBlobStore;
import com.bluemarble.functions.adapter.s3.snapshot.SnapshotS3Clients;
import com.bluemarble.functions.adapter.sqs.SqsClients;
import com.bluemarble.functions.adapter.sqs.SqsSnapshotQueue;
import com.bluemarble.functions.core.snapshot.SnapshotService;
import com.bluemarble.functions.core.snapshot.SnapshotWriter;
import java.net.URI;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The snapshot path's wiring: one client per AWS service per process, reused by every invocation.
 * With {@code bluemarble.aws.endpoint-url} set (an emulator: LocalStack or moto) the clients use
 * it and dummy credentials; without it, the regional endpoints and the Lambda role.
 */
@Configuration(proxyBeanMethods = false)
public class SnapshotConfiguration {

    /** Where the AWS APIs are, as the snapshot clients see it. */
    record AwsEndpoint(URI endpoint, Region region, AwsCredentialsProvider credentials) {
    }

    @Bean
    AwsEndpoint snapshotAwsEndpoint(@Value("${bluemarble.aws.endpoint-url:}") String endpointUrl,
                                    @Value("${bluemarble.aws.region:${AWS_REGION:us-east-1}}") String region) {
        if (endpointUrl == null || endpointUrl.isBlank()) {
            return new AwsEndpoint(null, Region.of(region), null);
        }
        // Emulators accept any credentials; fixed ones keep a developer's real keys out of local runs.
        return new AwsEndpoint(URI.create(endpointUrl), Region.of(region),
                StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")));
    }

    @Bean(destroyMethod = "close")
    SqsClient snapshotSqs(AwsEndpoint aws, SnapshotProperties properties) {
        return SqsClients.create(aws.endpoint(), aws.region(), aws.credentials(), properties.callTimeout());
    }

    @Bean(destroyMethod = "close")
    DynamoDbClient snapshotDynamoDb(AwsEndpoint aws, SnapshotProperties properties) {
        return DynamoDbClients.create(aws.endpoint(), aws.region(), aws.credentials(), properties.callTimeout());
    }

    @Bean(destroyMethod = "close")
    S3Client snapshotS3(AwsEndpoint aws, SnapshotProperties properties) {
        return SnapshotS3Clients.create(aws.endpoint(), aws.region(), aws.credentials(), properties.callTimeout());
    }

    @Bean
    DynamoDbSnapshotTable snapshotTable(DynamoDbClient dynamo, SnapshotProperties properties) {
        return new DynamoDbSnapshotTable(dynamo, properties.tableName());
    }

    @Bean
    S3StateBlobStore snapshotBlobs(S3Client s3, SnapshotProperties properties) {
        return new S3StateBlobStore(s3, properties.bucket());
    }

    @Bean
    SnapshotService snapshotService(SqsClient sqs, DynamoDbSnapshotTable table, S3StateBlobStore blobs, SnapshotProperties properties) {
        SqsSnapshotQueue queue = new SqsSnapshotQueue(sqs, properties.queueUrl(), properties.sendAttempts(), Duration.ofMillis(50));
        return new SnapshotService(queue, table, blobs, properties.limits());
    }

    @Bean
    SnapshotWriter snapshotBatchWriter(DynamoDbSnapshotTable table, S3StateBlobStore blobs, SnapshotProperties properties) {
        return new SnapshotWriter(table, blobs, properties.limits());
    }
}
