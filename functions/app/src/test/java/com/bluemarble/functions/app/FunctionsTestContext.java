package com.bluemarble.functions.app;

import com.bluemarble.functions.adapter.spanner.SpannerSchema;
import com.bluemarble.functions.emulators.Emulators;
import com.bluemarble.functions.emulators.SpannerEmulator;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.cloud.function.context.FunctionCatalog;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;
import tools.jackson.databind.JsonNode;

/**
 * The function application against a fresh database on the shared Spanner emulator: calls go
 * through the same function beans (and JSON handling) that Lambda and the local server use.
 */
public final class FunctionsTestContext implements AutoCloseable {

    public record Response(int status, String body) {
        public JsonNode json() {
            return JsonFunctions.JSON.readTree(body);
        }
    }

    private final ConfigurableApplicationContext context;
    private final FunctionCatalog catalog;
    private final String databaseId;

    private FunctionsTestContext(ConfigurableApplicationContext context, String databaseId) {
        this.context = context;
        this.catalog = context.getBean(FunctionCatalog.class);
        this.databaseId = databaseId;
    }

    public static FunctionsTestContext start() {
        return start(Map.of());
    }

    /** With more properties (e.g. AWS endpoint and bucket names), which win over the Spanner ones on a clash. */
    public static FunctionsTestContext start(Map<String, Object> extra) {
        String databaseId = newDatabase();
        Map<String, Object> all = new java.util.LinkedHashMap<>(properties(databaseId));
        all.putAll(extra);
        ConfigurableApplicationContext context = new SpringApplicationBuilder(BlueMarbleFunctionsApplication.class)
                .web(WebApplicationType.NONE)
                .run(all.entrySet().stream()
                        .map(property -> "--" + property.getKey() + "=" + property.getValue())
                        .toArray(String[]::new)); // arguments outrank application.properties
        return new FunctionsTestContext(context, databaseId);
    }

    /**
     * The properties that point the snapshot and terrain functions at one provisioned namespace of the shared AWS
     * emulator (endpoint, region, snapshot queue, table, erasure marks and states bucket, terrain bucket).
     */
    public static Map<String, Object> awsStoreProperties(com.bluemarble.functions.emulators.AwsResources resources) {
        Map<String, Object> properties = new java.util.LinkedHashMap<>();
        properties.put("bluemarble.aws.endpoint-url", Emulators.aws().endpoint());
        properties.put("bluemarble.aws.region", com.bluemarble.functions.emulators.AwsEmulator.REGION.id());
        properties.put("bluemarble.snapshots.queue-url", resources.queueUrl("player-snapshots"));
        properties.put("bluemarble.snapshots.table-name", resources.table("player-snapshots"));
        properties.put("bluemarble.snapshots.erasure-table", resources.table("player-erasures"));
        properties.put("bluemarble.snapshots.bucket", resources.bucket("bluemarble-snapshot-states"));
        properties.put("bluemarble.terrain.bucket", resources.bucket("bluemarble-terrain"));
        return properties;
    }

    /** A Spanner client on the shared emulator, for tests that look into a database directly. */
    public static com.google.cloud.spanner.Spanner emulatorClient() {
        return com.google.cloud.spanner.SpannerOptions.newBuilder()
                .setProjectId(SpannerEmulator.PROJECT_ID)
                .setEmulatorHost(Emulators.spanner().host())
                .setCredentials(com.google.cloud.NoCredentials.getInstance())
                .build()
                .getService();
    }

    /** The economy tables of a database on the shared emulator, as the backup code reads and writes them. */
    public static com.bluemarble.functions.adapter.spanner.SpannerEconomyBackup economyTables(
            com.google.cloud.spanner.Spanner spanner, String databaseId) {
        return new com.bluemarble.functions.adapter.spanner.SpannerEconomyBackup(
                spanner.getDatabaseClient(com.google.cloud.spanner.DatabaseId.of(
                        SpannerEmulator.PROJECT_ID, SpannerEmulator.INSTANCE_ID, databaseId)),
                new com.bluemarble.functions.adapter.spanner.SpannerSettings(
                        SpannerEmulator.PROJECT_ID,
                        SpannerEmulator.INSTANCE_ID,
                        databaseId,
                        Emulators.spanner().host(),
                        java.time.Duration.ofSeconds(10),
                        java.time.Duration.ofSeconds(5)),
                java.time.Duration.ofSeconds(30));
    }

    /** A new database with the schema applied, on the shared emulator. */
    public static String newDatabase() {
        String databaseId = "eco-" + UUID.randomUUID().toString().substring(0, 8);
        Emulators.spanner().createDatabase(databaseId, SpannerSchema.statements());
        return databaseId;
    }

    public static Map<String, Object> properties(String databaseId) {
        return Map.of(
                "bluemarble.spanner.project-id",
                SpannerEmulator.PROJECT_ID,
                "bluemarble.spanner.instance-id",
                SpannerEmulator.INSTANCE_ID,
                "bluemarble.spanner.database-id",
                databaseId,
                "bluemarble.spanner.emulator-host",
                Emulators.spanner().host());
    }

    public FunctionCatalog catalog() {
        return catalog;
    }

    public String databaseId() {
        return databaseId;
    }

    public Response call(String function, String json) {
        Function<Message<byte[]>, Message<byte[]>> bean = catalog.lookup(function);
        Message<byte[]> reply = bean.apply(MessageBuilder.withPayload(json.getBytes(StandardCharsets.UTF_8))
                .build());
        return new Response(
                (Integer) reply.getHeaders().get(JsonFunctions.STATUS_HEADER),
                new String(reply.getPayload(), StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        context.close();
    }
}
