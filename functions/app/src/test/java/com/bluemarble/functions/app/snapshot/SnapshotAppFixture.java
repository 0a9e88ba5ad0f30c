package com.bluemarble.functions.app.snapshot;

import com.bluemarble.functions.app.BlueMarbleFunctionsApplication;
import com.bluemarble.functions.app.FunctionsTestContext;
import com.bluemarble.functions.app.JsonFunctions;
import com.bluemarble.functions.emulators.AwsEmulator;
import com.bluemarble.functions.emulators.AwsResources;
import com.bluemarble.functions.emulators.Emulators;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.cloud.function.context.FunctionCatalog;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;

/** The function application pointed at a fresh namespace of queues, table and bucket on the AWS emulator. */
final class SnapshotAppFixture implements AutoCloseable {

    final AwsResources resources;
    final ConfigurableApplicationContext context;
    private final FunctionCatalog catalog;

    private SnapshotAppFixture(AwsResources resources, ConfigurableApplicationContext context) {
        this.resources = resources;
        this.context = context;
        this.catalog = context.getBean(FunctionCatalog.class);
    }

    static AwsResources provision(String prefix) {
        return Emulators.aws()
                .provision(prefix + "-" + UUID.randomUUID().toString().substring(0, 8));
    }

    static Map<String, Object> properties(String endpoint, AwsResources resources) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("bluemarble.aws.endpoint-url", endpoint);
        properties.put("bluemarble.aws.region", AwsEmulator.REGION.id());
        properties.put("bluemarble.snapshots.queue-url", resources.queueUrl("player-snapshots"));
        properties.put("bluemarble.snapshots.table-name", resources.table("player-snapshots"));
        properties.put("bluemarble.snapshots.erasure-table", resources.table("player-erasures"));
        properties.put("bluemarble.snapshots.bucket", resources.bucket("bluemarble-snapshot-states"));
        return properties;
    }

    static SnapshotAppFixture start(AwsResources resources, String endpoint, Map<String, Object> extra) {
        Map<String, Object> properties = properties(endpoint, resources);
        properties.putAll(extra);
        ConfigurableApplicationContext context = new SpringApplicationBuilder(BlueMarbleFunctionsApplication.class)
                .web(WebApplicationType.NONE)
                .run(properties.entrySet().stream()
                        .map(p -> "--" + p.getKey() + "=" + p.getValue())
                        .toArray(String[]::new));
        return new SnapshotAppFixture(resources, context);
    }

    FunctionsTestContext.Response call(String function, String json) {
        Function<Message<byte[]>, Message<byte[]>> bean = catalog.lookup(function);
        Message<byte[]> reply = bean.apply(MessageBuilder.withPayload(json.getBytes(StandardCharsets.UTF_8))
                .build());
        return new FunctionsTestContext.Response(
                (Integer) reply.getHeaders().get(JsonFunctions.STATUS_HEADER),
                new String(reply.getPayload(), StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        context.close();
    }
}
