package com.bluemarble.functions.bench;

import com.bluemarble.functions.adapter.spanner.SpannerSchema;
import com.bluemarble.functions.app.BlueMarbleFunctionsApplication;
import com.bluemarble.functions.app.JsonFunctions;
import com.bluemarble.functions.emulators.AwsEmulator;
import com.bluemarble.functions.emulators.AwsResources;
import com.bluemarble.functions.emulators.Emulators;
import com.bluemarble.functions.emulators.RedisServers;
import com.bluemarble.functions.emulators.SpannerEmulator;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.cloud.function.context.FunctionCatalog;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;

/**
 * The emulators and the function application for one bench run: a fresh Spanner database, a
 * fresh AWS namespace (buckets, queues, tables), three Redis servers (one per region of the
 * contract, so a global query really merges three shards), and the Spring context of the
 * function beans, called in-process exactly as the Lambda adapter and the local server call them.
 */
final class BenchEnv implements AutoCloseable {

    record Response(int status, String body) {}

    static final List<String> REGIONS = List.of("us-east-1", "eu-west-1", "ap-southeast-1");

    final String databaseId;
    final AwsResources aws;
    final RedisServers redis;
    final ConfigurableApplicationContext context;
    final FunctionCatalog catalog;
    final Map<String, Object> properties = new LinkedHashMap<>();

    BenchEnv() {
        databaseId = "bench-" + UUID.randomUUID().toString().substring(0, 8);
        Emulators.spanner().createDatabase(databaseId, SpannerSchema.statements());
        aws = Emulators.aws().provision("b" + UUID.randomUUID().toString().substring(0, 6));
        redis = RedisServers.start(3);
        properties.put("bluemarble.spanner.project-id", SpannerEmulator.PROJECT_ID);
        properties.put("bluemarble.spanner.instance-id", SpannerEmulator.INSTANCE_ID);
        properties.put("bluemarble.spanner.database-id", databaseId);
        properties.put("bluemarble.spanner.emulator-host", Emulators.spanner().host());
        properties.put("bluemarble.aws.endpoint-url", Emulators.aws().endpoint());
        properties.put("bluemarble.aws.region", AwsEmulator.REGION.id());
        properties.put("bluemarble.terrain.bucket", aws.bucket("bluemarble-terrain"));
        properties.put("bluemarble.backups.bucket", aws.bucket("bluemarble-backups"));
        properties.put("bluemarble.snapshots.queue-url", aws.queueUrl("player-snapshots"));
        properties.put("bluemarble.snapshots.table-name", aws.table("player-snapshots"));
        properties.put("bluemarble.snapshots.erasure-table", aws.table("player-erasures"));
        properties.put("bluemarble.snapshots.bucket", aws.bucket("bluemarble-snapshot-states"));
        // moto is one Python process: more players at once only queue inside it (writersweep measures it).
        properties.put("bluemarble.snapshots.writer-concurrency", 4);
        StringBuilder endpoints = new StringBuilder();
        for (int i = 0; i < REGIONS.size(); i++) {
            endpoints
                    .append(i == 0 ? "" : ",")
                    .append(REGIONS.get(i))
                    .append('=')
                    .append(redis.uris().get(i));
        }
        properties.put("bluemarble.leaderboard.endpoints", endpoints);
        properties.put("bluemarble.leaderboard.archive.bucket", aws.bucket("bluemarble-backups"));
        List<String> args = new ArrayList<>();
        properties.forEach((key, value) -> args.add("--" + key + "=" + value));
        context = new SpringApplicationBuilder(BlueMarbleFunctionsApplication.class)
                .web(WebApplicationType.NONE)
                .run(args.toArray(String[]::new));
        catalog = context.getBean(FunctionCatalog.class);
    }

    Function<Message<byte[]>, Message<byte[]>> function(String name) {
        Function<Message<byte[]>, Message<byte[]>> bean = catalog.lookup(name);
        if (bean == null) {
            throw new IllegalStateException("no function bean " + name);
        }
        return bean;
    }

    static Response call(Function<Message<byte[]>, Message<byte[]>> bean, String json) {
        Message<byte[]> reply = bean.apply(MessageBuilder.withPayload(json.getBytes(StandardCharsets.UTF_8))
                .build());
        return new Response(
                (Integer) reply.getHeaders().get(JsonFunctions.STATUS_HEADER),
                new String(reply.getPayload(), StandardCharsets.UTF_8));
    }

    Response call(String function, String json) {
        return call(function(function), json);
    }

    Response require(String function, String json, int status) {
        Response response = call(function, json);
        if (response.status() != status) {
            throw new IllegalStateException(
                    function + " answered " + response.status() + " " + response.body() + " to " + json);
        }
        return response;
    }

    @Override
    public void close() {
        context.close();
        redis.close();
    }
}
