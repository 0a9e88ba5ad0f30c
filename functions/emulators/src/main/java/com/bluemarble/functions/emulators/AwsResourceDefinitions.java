package com.bluemarble.functions.emulators;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code localstack/resources.json}: the one definition of the queues, buckets and tables the
 * functions use. The LocalStack init hook, this harness (on moto or a named endpoint) and the
 * CDK app all read it, so the values cannot drift apart.
 */
public record AwsResourceDefinitions(
        List<Queue> queues, SnapshotWriter snapshotWriter, List<Bucket> buckets, List<Table> tables) {

    public record Queue(
            String name,
            Integer visibilityTimeoutSeconds,
            Integer messageRetentionSeconds,
            Integer receiveWaitTimeSeconds,
            DeadLetter deadLetter) {}

    public record DeadLetter(String queue, int maxReceiveCount) {}

    public record SnapshotWriter(String queue, int timeoutSeconds, int batchSize, int maximumBatchingWindowSeconds) {}

    public record Bucket(String name, boolean versioned) {}

    public record Table(String name, Key partitionKey, Key sortKey) {}

    public record Key(String name, String type) {}

    public static final String CLASSPATH_LOCATION = "/localstack/resources.json";

    public static AwsResourceDefinitions load() {
        JsonMapper json = JsonMapper.builder()
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES) // "_comment" keys
                .build();
        try (InputStream in = AwsResourceDefinitions.class.getResourceAsStream(CLASSPATH_LOCATION)) {
            if (in == null) {
                throw new IllegalStateException(CLASSPATH_LOCATION + " is not on the classpath");
            }
            return json.readValue(in, AwsResourceDefinitions.class);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + CLASSPATH_LOCATION, e);
        }
    }

    public Queue queue(String name) {
        return queues.stream()
                .filter(q -> q.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no queue " + name + " in resources.json"));
    }
}
