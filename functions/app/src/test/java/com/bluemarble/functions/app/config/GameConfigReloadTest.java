package com.bluemarble.functions.app.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.bluemarble.functions.app.FunctionsTestContext;
import com.bluemarble.functions.app.FunctionsTestContext.Response;
import com.bluemarble.functions.emulators.AwsEmulator;
import com.bluemarble.functions.emulators.AwsResources;
import com.bluemarble.functions.emulators.Emulators;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** Trades obey the game config in S3 as it changes, through the real trade function on Spanner. */
class GameConfigReloadTest {

    private static final Duration POLL = Duration.ofSeconds(1);
    private static FunctionsTestContext app;
    private static S3Client s3;
    private static String bucket;

    @BeforeAll
    static void start() {
        AwsResources resources =
                Emulators.aws().provision("t" + UUID.randomUUID().toString().substring(0, 8));
        bucket = resources.bucket("bluemarble-config");
        s3 = AwsEmulator.clientsAt(Emulators.aws().endpoint())
                .configure(S3Client.builder())
                .build();
        publish(1, 32, "\"cursed-idol\"");
        app = FunctionsTestContext.start(Map.of(
                "bluemarble.aws.endpoint-url",
                Emulators.aws().endpoint(),
                "bluemarble.aws.region",
                AwsEmulator.REGION.id(),
                "bluemarble.config.bucket",
                bucket,
                "bluemarble.config.poll-interval",
                POLL.toMillis() + "ms"));
    }

    @AfterAll
    static void stop() {
        app.close();
        s3.close();
    }

    private static void publish(long version, int maxAssets, String untradable) {
        publishRaw("{\"version\":" + version + ",\"trade\":{\"maxAssetsPerSide\":" + maxAssets
                + ",\"maxUniqueInstancesPerRequest\":100,\"untradableSkus\":[" + untradable + "]}}");
    }

    private static void publishRaw(String json) {
        s3.putObject(r -> r.bucket(bucket).key("game-config.json"), RequestBody.fromString(json));
    }

    private static String trade(String a, String aItems, String b, String bCurrency) {
        return "{\"tradeId\":\"" + UUID.randomUUID() + "\",\"a\":{\"playerId\":\"" + a + "\",\"gives\":{\"items\":{"
                + aItems + "}}},\"b\":{\"playerId\":\"" + b + "\",\"gives\":{\"currency\":{" + bCurrency + "}}}}";
    }

    /** Calls until the answer satisfies {@code expected}, for at most two poll intervals; returns how long it took. */
    private static Duration until(String function, String json, Predicate<Response> expected)
            throws InterruptedException {
        Instant start = Instant.now();
        Response last;
        do {
            last = app.call(function, json);
            if (expected.test(last)) {
                return Duration.between(start, Instant.now());
            }
            Thread.sleep(100);
        } while (Duration.between(start, Instant.now()).compareTo(POLL.multipliedBy(2)) < 0);
        throw new AssertionError("not within two poll intervals; last answer " + last.status() + " " + last.body());
    }

    @Test
    void tradesObeyTheCurrentRules() throws Exception {
        String ann = "ann-" + UUID.randomUUID().toString().substring(0, 6);
        String bo = "bo-" + UUID.randomUUID().toString().substring(0, 6);
        assertThat(app.call(
                                "grant",
                                "{\"grantId\":\"" + UUID.randomUUID() + "\",\"playerId\":\"" + ann
                                        + "\",\"items\":{\"cursed-idol\":3,\"potion\":5,\"herb\":5}}")
                        .status())
                .isEqualTo(200);
        assertThat(app.call(
                                "grant",
                                "{\"grantId\":\"" + UUID.randomUUID() + "\",\"playerId\":\"" + bo
                                        + "\",\"currency\":{\"gold\":100}}")
                        .status())
                .isEqualTo(200);

        // Version 1 (loaded at start): cursed-idol is not tradable -> 422, recorded like any rejection.
        Response refused = app.call("trade", trade(ann, "\"cursed-idol\":1", bo, "\"gold\":1"));
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.json().get("error").asString()).isEqualTo("ITEM_NOT_TRADABLE");
        assertThat(app.call("trade", trade(ann, "\"potion\":1,\"herb\":1", bo, "\"gold\":1"))
                        .status())
                .isEqualTo(200);

        // Version 2: everything tradable, but at most one asset per side.
        publish(2, 1, "");
        Duration took = until(
                "trade",
                trade(ann, "\"potion\":1,\"herb\":1", bo, "\"gold\":1"),
                r -> r.status() == 400 && r.body().contains("TOO_MANY_ASSETS"));
        System.out.println(
                "version 2 in force after " + took.toMillis() + " ms (poll interval " + POLL.toMillis() + " ms)");
        assertThat(app.call("trade", trade(ann, "\"cursed-idol\":1", bo, "\"gold\":1"))
                        .status())
                .isEqualTo(200);

        // An invalid document is ignored: version 2's rules stay.
        publishRaw("{\"version\":3,\"trade\":{\"maxAssetsPerSide\":\"lots\"}}");
        Thread.sleep(POLL.multipliedBy(2).toMillis());
        assertThat(app.call("trade", trade(ann, "\"potion\":1,\"herb\":1", bo, "\"gold\":1"))
                        .body())
                .contains("TOO_MANY_ASSETS");
        assertThat(app.call("trade", trade(ann, "\"cursed-idol\":1", bo, "\"gold\":1"))
                        .status())
                .isEqualTo(200);
        assertThat(app.call("economyAudit", "{}").json().get("ok").asBoolean()).isTrue();
    }
}
