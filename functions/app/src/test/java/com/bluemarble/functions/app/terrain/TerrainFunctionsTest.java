package com.bluemarble.functions.app.terrain;

import static org.assertj.core.api.Assertions.assertThat;

import com.bluemarble.functions.app.FunctionsTestContext;
import com.bluemarble.functions.app.FunctionsTestContext.Response;
import com.bluemarble.functions.emulators.AwsEmulator;
import com.bluemarble.functions.emulators.AwsResources;
import com.bluemarble.functions.emulators.Emulators;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** terrainPut / terrainGet / terrainGetRegion through the function beans, on moto. */
class TerrainFunctionsTest {

    private static FunctionsTestContext app;

    @BeforeAll
    static void start() {
        AwsResources resources =
                Emulators.aws().provision("t" + UUID.randomUUID().toString().substring(0, 8));
        app = FunctionsTestContext.start(Map.of(
                "bluemarble.aws.endpoint-url", Emulators.aws().endpoint(),
                "bluemarble.aws.region", AwsEmulator.REGION.id(),
                "bluemarble.terrain.bucket", resources.bucket("bluemarble-terrain"),
                "bluemarble.terrain.max-chunk-bytes", 1024));
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    private static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes());
    }

    @Test
    void putGetConflictAndRegion() {
        Response created = app.call(
                "terrainPut", "{\"world\":\"earth\",\"lod\":0,\"x\":-3,\"z\":9,\"data\":\"" + b64("hills") + "\"}");
        assertThat(created.status()).isEqualTo(200);
        String etag = created.json().get("etag").asString();

        Response got = app.call("terrainGet", "{\"world\":\"earth\",\"lod\":0,\"x\":-3,\"z\":9}");
        assertThat(got.status()).isEqualTo(200);
        assertThat(got.json().get("data").asString()).isEqualTo(b64("hills"));
        assertThat(got.json().get("etag").asString()).isEqualTo(etag);

        Response exists = app.call(
                "terrainPut", "{\"world\":\"earth\",\"lod\":0,\"x\":-3,\"z\":9,\"data\":\"" + b64("x") + "\"}");
        assertThat(exists.status()).isEqualTo(409);
        assertThat(exists.json().get("error").asString()).isEqualTo("CHUNK_EXISTS");
        assertThat(exists.json().get("etag").asString()).isEqualTo(etag);

        String body = "{\"world\":\"earth\",\"lod\":0,\"x\":-3,\"z\":9,\"data\":\"" + b64("valley") + "\",\"ifMatch\":"
                + "\"" + etag.replace("\"", "\\\"") + "\"}";
        Response replaced = app.call("terrainPut", body);
        assertThat(replaced.status()).isEqualTo(200);
        Response stale = app.call("terrainPut", body);
        assertThat(stale.status()).isEqualTo(409);
        assertThat(stale.json().get("error").asString()).isEqualTo("VERSION_CONFLICT");
        assertThat(stale.json().get("etag").asString())
                .isEqualTo(replaced.json().get("etag").asString());

        Response region = app.call(
                "terrainGetRegion", "{\"world\":\"earth\",\"lod\":0,\"minX\":-4,\"minZ\":8,\"maxX\":-2,\"maxZ\":10}");
        assertThat(region.status()).isEqualTo(200);
        assertThat(region.json().get("chunks")).hasSize(1);
        assertThat(region.json().get("chunks").get(0).get("data").asString()).isEqualTo(b64("valley"));
    }

    @Test
    void badRequestsAnswerTheContractsErrors() {
        expect(app.call("terrainGet", "{\"world\":\"earth\",\"lod\":9,\"x\":0,\"z\":0}"), 400, "INVALID_LOD");
        expect(
                app.call("terrainGet", "{\"world\":\"earth\",\"lod\":0,\"x\":2000000,\"z\":0}"),
                400,
                "INVALID_COORDINATE");
        expect(app.call("terrainGet", "{\"world\":\"Earth!\",\"lod\":0,\"x\":0,\"z\":0}"), 400, "INVALID_WORLD");
        expect(app.call("terrainGet", "{\"world\":\"earth\",\"lod\":0,\"x\":1.5,\"z\":0}"), 400, "INVALID_FIELD");
        expect(app.call("terrainGet", "{\"world\":\"earth\",\"lod\":0,\"z\":0}"), 400, "MISSING_FIELD");
        expect(app.call("terrainGet", "{\"world\":\"mars\",\"lod\":0,\"x\":0,\"z\":0}"), 404, "UNKNOWN_WORLD");
        expect(app.call("terrainGet", "{\"world\":\"earth\",\"lod\":0,\"x\":55,\"z\":55}"), 404, "UNKNOWN_CHUNK");
        expect(
                app.call(
                        "terrainPut",
                        "{\"world\":\"earth\",\"lod\":0,\"x\":0,\"z\":0,\"data\":\"" + b64("y".repeat(1025)) + "\"}"),
                400,
                "CHUNK_TOO_LARGE");
        expect(
                app.call("terrainPut", "{\"world\":\"earth\",\"lod\":0,\"x\":0,\"z\":0,\"data\":\"not base64!\"}"),
                400,
                "INVALID_FIELD");
        expect(
                app.call(
                        "terrainPut",
                        "{\"world\":\"earth\",\"lod\":0,\"x\":0,\"z\":0,\"data\":\"" + b64("z".repeat(6000)) + "\"}"),
                400,
                "REQUEST_TOO_LARGE");
        expect(
                app.call(
                        "terrainGetRegion",
                        "{\"world\":\"earth\",\"lod\":0,\"minX\":0,\"minZ\":0,\"maxX\":16,\"maxZ\":15}"),
                400,
                "REGION_TOO_LARGE");
    }

    private static void expect(Response response, int status, String code) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.json().get("error").asString()).isEqualTo(code);
    }
}
