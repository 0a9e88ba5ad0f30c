package com.bluemarble.functions.app.terrain;

import static com.bluemarble.functions.app.LambdaEvents.httpBody;
import static com.bluemarble.functions.app.LambdaEvents.invoke;
import static org.assertj.core.api.Assertions.assertThat;

import com.bluemarble.functions.app.BlueMarbleFunctionsApplication;
import com.bluemarble.functions.app.FunctionsTestContext;
import com.bluemarble.functions.emulators.AwsEmulator;
import com.bluemarble.functions.emulators.AwsResources;
import com.bluemarble.functions.emulators.Emulators;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.cloud.function.adapter.aws.FunctionInvoker;
import tools.jackson.databind.JsonNode;

/**
 * terrainPut, terrainGet and backupList through {@link FunctionInvoker}, fed raw event JSON
 * (direct invocations and API Gateway HTTP API v2 events), as Lambda runs them.
 */
class StorageLambdaEntryTest {

    private static final Map<String, String> PROPERTIES = new LinkedHashMap<>();

    @BeforeAll
    static void configure() {
        AwsResources resources =
                Emulators.aws().provision("t" + UUID.randomUUID().toString().substring(0, 8));
        PROPERTIES.put("MAIN_CLASS", BlueMarbleFunctionsApplication.class.getName());
        FunctionsTestContext.properties(FunctionsTestContext.newDatabase())
                .forEach((k, v) -> PROPERTIES.put(k, v.toString()));
        PROPERTIES.put("bluemarble.aws.endpoint-url", Emulators.aws().endpoint().toString());
        PROPERTIES.put("bluemarble.aws.region", AwsEmulator.REGION.id());
        PROPERTIES.put("bluemarble.terrain.bucket", resources.bucket("bluemarble-terrain"));
        PROPERTIES.put("bluemarble.backups.bucket", resources.bucket("bluemarble-backups"));
        PROPERTIES.forEach(System::setProperty);
    }

    @AfterAll
    static void clear() {
        PROPERTIES.keySet().forEach(System::clearProperty);
    }

    @Test
    void terrainAndBackupListThroughTheLambdaHandler() throws IOException {
        FunctionInvoker put = new FunctionInvoker("terrainPut");
        JsonNode created = invoke(put, "terrain-put-http-api-v2.json");
        assertThat(created.get("statusCode").asInt()).isEqualTo(200);
        String etag = httpBody(created).get("etag").asString();

        // The same create again, base64-encoded by API Gateway: 409 with the current etag.
        JsonNode exists = invoke(put, "terrain-put-http-api-v2-base64-exists.json");
        assertThat(exists.get("statusCode").asInt()).isEqualTo(409);
        assertThat(httpBody(exists).get("error").asString()).isEqualTo("CHUNK_EXISTS");
        assertThat(httpBody(exists).get("etag").asString()).isEqualTo(etag);

        FunctionInvoker get = new FunctionInvoker("terrainGet");
        JsonNode read = invoke(get, "terrain-get-direct.json");
        assertThat(read.get("data").asString()).isEqualTo("aGVpZ2h0bWFw");
        assertThat(read.get("etag").asString()).isEqualTo(etag);
        JsonNode badLod = invoke(get, "terrain-get-http-api-v2-bad-lod.json");
        assertThat(badLod.get("statusCode").asInt()).isEqualTo(400);
        assertThat(httpBody(badLod).get("error").asString()).isEqualTo("INVALID_LOD");

        JsonNode listed = invoke(new FunctionInvoker("backupList"), "backup-list-direct.json");
        assertThat(listed.get("backups").isArray()).isTrue();
        assertThat(listed.get("backups")).isEmpty();
    }
}
