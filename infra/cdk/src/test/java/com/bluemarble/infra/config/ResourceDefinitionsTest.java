package com.bluemarble.infra.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** localstack/resources.json is read as-is (no copied numbers) and rejected when the stacks cannot use it. */
class ResourceDefinitionsTest {

    private static final Path SHARED_FILE =
            DeploymentConfig.findRepoRoot(Path.of("")).resolve("localstack/resources.json");

    @TempDir
    Path tmp;

    @Test
    void readsTheSharedDefinitionFile() throws IOException {
        ResourceDefinitions defs = ResourceDefinitions.read(SHARED_FILE);
        JsonNode raw = new ObjectMapper().readTree(SHARED_FILE.toFile());

        assertThat(defs.snapshotQueue().name())
                .isEqualTo(raw.at("/snapshotWriter/queue").asText());
        assertThat(defs.snapshotWriter().timeoutSeconds())
                .isEqualTo(raw.at("/snapshotWriter/timeoutSeconds").asInt());
        assertThat(defs.snapshotWriter().batchSize())
                .isEqualTo(raw.at("/snapshotWriter/batchSize").asInt());
        assertThat(defs.snapshotDeadLetterQueue().name())
                .isEqualTo(defs.snapshotQueue().deadLetter().queue());
        assertThat(defs.buckets()).hasSize(raw.get("buckets").size());
        assertThat(defs.table(ResourceNames.SNAPSHOTS_TABLE).partitionKey().name())
                .isNotBlank();
        for (String bucket : new String[] {
            ResourceNames.TERRAIN_BUCKET,
            ResourceNames.BACKUPS_BUCKET,
            ResourceNames.SNAPSHOT_STATES_BUCKET,
            ResourceNames.CONFIG_BUCKET
        }) {
            assertThat(defs.bucket(bucket).versioned()).isNotNull();
        }
    }

    @Test
    void missingFileNamesTheExpectedLocation() {
        assertThatThrownBy(() -> ResourceDefinitions.read(tmp.resolve("nope.json")))
                .isInstanceOf(InfraConfigException.class)
                .hasMessageContaining("localstack/resources.json");
    }

    @Test
    void missingFieldsAreListed() throws IOException {
        ObjectNode json = shared();
        ((ObjectNode) json.get("snapshotWriter")).remove("batchSize");
        ((ObjectNode) json.get("buckets").get(0)).remove("versioned");
        assertThatThrownBy(() -> ResourceDefinitions.read(write(json)))
                .hasMessageContaining("snapshotWriter.batchSize: required")
                .hasMessageContaining(".versioned: required");
    }

    @Test
    void visibilityTimeoutShorterThanTheWriterTimeoutIsRejected() throws IOException {
        ObjectNode json = shared();
        ((ObjectNode) json.get("snapshotWriter")).put("timeoutSeconds", 900);
        assertThatThrownBy(() -> ResourceDefinitions.read(write(json)))
                .hasMessageContaining("visibilityTimeoutSeconds (180) must be >= snapshotWriter.timeoutSeconds (900)");
    }

    @Test
    void writerQueueWithoutDeadLetterQueueIsRejected() throws IOException {
        ObjectNode json = shared();
        for (JsonNode q : json.get("queues")) {
            ((ObjectNode) q).remove("deadLetter");
        }
        assertThatThrownBy(() -> ResourceDefinitions.read(write(json)))
                .hasMessageContaining("needs a dead-letter queue");
    }

    @Test
    void unknownNamesFailOnLookup() throws IOException {
        ResourceDefinitions defs = ResourceDefinitions.read(SHARED_FILE);
        assertThatThrownBy(() -> defs.bucket("nope")).hasMessageContaining("bucket 'nope' is not defined");
        assertThatThrownBy(() -> defs.table("nope")).hasMessageContaining("table 'nope' is not defined");
    }

    private ObjectNode shared() throws IOException {
        return (ObjectNode) new ObjectMapper().readTree(SHARED_FILE.toFile());
    }

    private Path write(JsonNode json) throws IOException {
        Path file = tmp.resolve("resources.json");
        Files.writeString(file, new ObjectMapper().writeValueAsString(json));
        return file;
    }
}
