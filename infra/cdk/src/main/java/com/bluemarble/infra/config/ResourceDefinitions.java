package com.bluemarble.infra.config;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The AWS resource values shared with the local emulators, read from {@code localstack/resources.json}.
 *
 * <p>That file is the single definition of queue timeouts, retention, redrive, writer batching and the
 * logical names of buckets and tables; the CDK app reads it instead of repeating the numbers.
 * Validation here fails synthesis early when a field the stacks need is missing or inconsistent.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ResourceDefinitions(
        List<QueueDefinition> queues,
        SnapshotWriterDefinition snapshotWriter,
        List<BucketDefinition> buckets,
        List<TableDefinition> tables) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record QueueDefinition(
            String name,
            Integer visibilityTimeoutSeconds,
            Integer messageRetentionSeconds,
            Integer receiveWaitTimeSeconds,
            DeadLetterDefinition deadLetter) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record DeadLetterDefinition(String queue, Integer maxReceiveCount) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record SnapshotWriterDefinition(
            String queue, Integer timeoutSeconds, Integer batchSize, Integer maximumBatchingWindowSeconds) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record BucketDefinition(String name, Boolean versioned) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record TableDefinition(String name, KeyDefinition partitionKey, KeyDefinition sortKey) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record KeyDefinition(String name, String type) {}

    private static final ObjectMapper MAPPER =
            new ObjectMapper().configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, true);

    public static ResourceDefinitions read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new InfraConfigException(
                    "resource definitions not found: " + file
                            + " (expected localstack/resources.json at the repository root; override with -c resourcesFile=...)");
        }
        ResourceDefinitions definitions;
        try {
            definitions = MAPPER.readValue(file.toFile(), ResourceDefinitions.class);
        } catch (IOException e) {
            throw new InfraConfigException("cannot parse " + file + ": " + e.getMessage(), e);
        }
        definitions.validate(file);
        return definitions;
    }

    public QueueDefinition queue(String name) {
        return queues.stream()
                .filter(q -> q.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new InfraConfigException("queue '" + name + "' is not defined in resources.json"));
    }

    public BucketDefinition bucket(String name) {
        return buckets.stream()
                .filter(b -> b.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new InfraConfigException("bucket '" + name + "' is not defined in resources.json"));
    }

    public TableDefinition table(String name) {
        return tables.stream()
                .filter(t -> t.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new InfraConfigException("table '" + name + "' is not defined in resources.json"));
    }

    /** The queue the snapshot writer consumes. */
    public QueueDefinition snapshotQueue() {
        return queue(snapshotWriter.queue());
    }

    /** The dead-letter queue of the snapshot queue. */
    public QueueDefinition snapshotDeadLetterQueue() {
        return queue(snapshotQueue().deadLetter().queue());
    }

    private void validate(Path file) {
        List<String> problems = new ArrayList<>();
        if (queues == null || queues.isEmpty()) problems.add("queues: missing");
        if (buckets == null || buckets.isEmpty()) problems.add("buckets: missing");
        if (tables == null || tables.isEmpty()) problems.add("tables: missing");
        if (snapshotWriter == null) problems.add("snapshotWriter: missing");
        if (!problems.isEmpty()) throw invalid(file, problems);

        for (QueueDefinition q : queues) {
            require(problems, q.name(), "queues[].name");
            require(problems, q.messageRetentionSeconds(), "queues[" + q.name() + "].messageRetentionSeconds");
            if (q.deadLetter() != null) {
                require(problems, q.deadLetter().queue(), "queues[" + q.name() + "].deadLetter.queue");
                require(
                        problems,
                        q.deadLetter().maxReceiveCount(),
                        "queues[" + q.name() + "].deadLetter.maxReceiveCount");
            }
        }
        for (BucketDefinition b : buckets) {
            require(problems, b.name(), "buckets[].name");
            require(problems, b.versioned(), "buckets[" + b.name() + "].versioned");
        }
        for (TableDefinition t : tables) {
            require(problems, t.name(), "tables[].name");
            if (t.partitionKey() == null
                    || t.partitionKey().name() == null
                    || t.partitionKey().type() == null) {
                problems.add("tables[" + t.name() + "].partitionKey: name and type required");
            }
        }
        require(problems, snapshotWriter.queue(), "snapshotWriter.queue");
        require(problems, snapshotWriter.timeoutSeconds(), "snapshotWriter.timeoutSeconds");
        require(problems, snapshotWriter.batchSize(), "snapshotWriter.batchSize");
        require(problems, snapshotWriter.maximumBatchingWindowSeconds(), "snapshotWriter.maximumBatchingWindowSeconds");
        if (!problems.isEmpty()) throw invalid(file, problems);

        QueueDefinition queue = queueOrNull(snapshotWriter.queue());
        if (queue == null) {
            problems.add("snapshotWriter.queue '" + snapshotWriter.queue() + "' is not a defined queue");
        } else {
            if (queue.visibilityTimeoutSeconds() == null) {
                problems.add("queues[" + queue.name() + "].visibilityTimeoutSeconds: required for the writer's queue");
            } else if (queue.visibilityTimeoutSeconds() < snapshotWriter.timeoutSeconds()) {
                // Lambda rejects an SQS event source whose visibility timeout is shorter than the function timeout.
                problems.add("queues[" + queue.name() + "].visibilityTimeoutSeconds ("
                        + queue.visibilityTimeoutSeconds() + ") must be >= snapshotWriter.timeoutSeconds ("
                        + snapshotWriter.timeoutSeconds() + ")");
            }
            if (queue.deadLetter() == null) {
                problems.add("queues[" + queue.name() + "].deadLetter: the writer's queue needs a dead-letter queue");
            } else if (queueOrNull(queue.deadLetter().queue()) == null) {
                problems.add("queues[" + queue.name() + "].deadLetter.queue '"
                        + queue.deadLetter().queue() + "' is not a defined queue");
            }
        }
        if (!problems.isEmpty()) throw invalid(file, problems);
    }

    private QueueDefinition queueOrNull(String name) {
        return queues.stream()
                .filter(q -> Objects.equals(q.name(), name))
                .findFirst()
                .orElse(null);
    }

    private static void require(List<String> problems, Object value, String field) {
        if (value == null) problems.add(field + ": required");
    }

    private static InfraConfigException invalid(Path file, List<String> problems) {
        return new InfraConfigException("invalid " + file + ":\n  - " + String.join("\n  - ", problems));
    }
}
