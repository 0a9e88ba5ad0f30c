package com.bluemarble.functions.app.snapshot;

import com.bluemarble.functions.adapter.dynamodb.DynamoDbSnapshotErasures;
import com.bluemarble.functions.adapter.dynamodb.DynamoDbSnapshotTable;
import com.bluemarble.functions.adapter.s3.snapshot.S3StateBlobStore;
import com.bluemarble.functions.adapter.sqs.SqsSnapshotQueue;
import com.bluemarble.functions.aws.AwsClientConfigurer;
import com.bluemarble.functions.core.snapshot.SnapshotPlayerData;
import com.bluemarble.functions.core.snapshot.SnapshotService;
import com.bluemarble.functions.core.snapshot.SnapshotWriter;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The snapshot path's wiring: one client per AWS service per process, reused by every invocation,
 * built like every AWS client ({@code bluemarble.aws.*}) with the snapshot path's call timeout.
 */
@Configuration(proxyBeanMethods = false)
public class SnapshotConfiguration {

    /**
     * The snapshot path's AWS clients, kept in one bean rather than one bean per SDK client type,
     * so they never compete with another area's {@code S3Client} or {@code SqsClient} for injection.
     */
    public record SnapshotClients(SqsClient sqs, DynamoDbClient dynamo, S3Client s3) implements AutoCloseable {
        @Override
        public void close() {
            sqs.close();
            dynamo.close();
            s3.close();
        }
    }

    @Bean(destroyMethod = "close")
    SnapshotClients snapshotClients(AwsClientConfigurer aws, SnapshotProperties properties) {
        Duration timeout = properties.callTimeout();
        return new SnapshotClients(
                aws.configure(SqsClient.builder(), timeout).build(),
                aws.configure(DynamoDbClient.builder(), timeout).build(),
                aws.configure(S3Client.builder(), timeout).build());
    }

    @Bean
    DynamoDbSnapshotTable snapshotTable(SnapshotClients clients, SnapshotProperties properties) {
        return new DynamoDbSnapshotTable(clients.dynamo(), properties.tableName());
    }

    @Bean
    S3StateBlobStore snapshotBlobs(SnapshotClients clients, SnapshotProperties properties) {
        return new S3StateBlobStore(clients.s3(), properties.bucket());
    }

    @Bean
    DynamoDbSnapshotErasures snapshotErasures(SnapshotClients clients, SnapshotProperties properties) {
        return new DynamoDbSnapshotErasures(clients.dynamo(), properties.erasureTable());
    }

    @Bean
    SnapshotService snapshotService(
            SnapshotClients clients,
            DynamoDbSnapshotTable table,
            S3StateBlobStore blobs,
            DynamoDbSnapshotErasures erasures,
            SnapshotProperties properties) {
        SqsSnapshotQueue queue = new SqsSnapshotQueue(
                clients.sqs(), properties.queueUrl(), properties.sendAttempts(), Duration.ofMillis(50));
        return new SnapshotService(queue, table, blobs, properties.limits(), erasures);
    }

    /** The snapshots' part of a player's data rights (the erasure and export sagas' store {@code snapshots}). */
    @Bean
    SnapshotPlayerData snapshotPlayerData(
            DynamoDbSnapshotTable table, S3StateBlobStore blobs, DynamoDbSnapshotErasures erasures) {
        return new SnapshotPlayerData(table, blobs, erasures);
    }

    /** The writer's bounded pool: the players of a batch are written concurrently, at most this many at once. */
    @Bean(destroyMethod = "shutdown")
    ExecutorService snapshotWriterPool(SnapshotProperties properties) {
        AtomicInteger n = new AtomicInteger();
        return Executors.newFixedThreadPool(properties.writerThreads(), r -> {
            Thread t = new Thread(r, "snapshot-writer-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    @Bean
    SnapshotWriter snapshotBatchWriter(
            DynamoDbSnapshotTable table,
            S3StateBlobStore blobs,
            DynamoDbSnapshotErasures erasures,
            SnapshotProperties properties,
            @Qualifier("snapshotWriterPool") ExecutorService snapshotWriterPool) {
        return new SnapshotWriter(table, blobs, properties.limits(), snapshotWriterPool, erasures);
    }
}
