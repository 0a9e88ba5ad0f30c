package com.bluemarble.functions.adapter.s3.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.bluemarble.functions.adapter.s3.S3Clients;
import com.bluemarble.functions.core.config.GameConfig;
import com.bluemarble.functions.core.config.GameConfigSource;
import com.bluemarble.functions.core.config.MutableClock;
import com.bluemarble.functions.core.config.ReloadingGameConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** The hot-reloaded game config against a real (emulated) S3 bucket. */
class S3GameConfigTest {

    private static S3Client s3;
    private static String bucket;

    @BeforeAll
    static void setUp() {
        s3 = S3Clients.emulator();
        bucket = S3Clients.provisionFresh().bucket("bluemarble-config");
    }

    @AfterAll
    static void tearDown() {
        s3.close();
    }

    private static void publish(String key, String json) {
        s3.putObject(r -> r.bucket(bucket).key(key).contentType("application/json"), RequestBody.fromString(json));
    }

    private static String doc(long version, int maxAssets, String untradable) {
        return "{\"version\":" + version + ",\"trade\":{\"maxAssetsPerSide\":" + maxAssets
                + ",\"maxUniqueInstancesPerRequest\":100,\"untradableSkus\":[" + untradable + "]}}";
    }

    @Test
    void conditionalReadsSeeUnchangedChangedAndMissing() {
        S3GameConfigSource source = new S3GameConfigSource(s3, bucket, "probe.json");
        assertThat(source.fetchIfChanged(null)).isInstanceOf(GameConfigSource.Missing.class);
        publish("probe.json", doc(1, 8, ""));
        var changed = (GameConfigSource.Changed) source.fetchIfChanged(null);
        assertThat(source.fetchIfChanged(changed.etag())).isInstanceOf(GameConfigSource.Unchanged.class);
        publish("probe.json", doc(2, 8, ""));
        assertThat(source.fetchIfChanged(changed.etag())).isInstanceOf(GameConfigSource.Changed.class);
    }

    @Test
    void aValidNewVersionIsPickedUpWithinThePollIntervalAndAnInvalidOneIsIgnored() {
        publish("game-config.json", doc(1, 8, "\"soulbound-ring\""));
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        ReloadingGameConfig config = new ReloadingGameConfig(
                        new S3GameConfigSource(s3, bucket, "game-config.json"),
                        GameConfigJson::parse,
                        new GameConfig(0, 32, 100, Set.of()),
                        clock,
                        Duration.ofSeconds(10))
                .load();
        assertThat(config.get().version()).isEqualTo(1);
        assertThat(config.get().untradableSkus()).containsExactly("soulbound-ring");

        publish("game-config.json", doc(2, 4, ""));
        clock.advance(Duration.ofSeconds(9));
        assertThat(config.get().version()).isEqualTo(1);
        clock.advance(Duration.ofSeconds(1));
        assertThat(config.get().version()).isEqualTo(2);
        assertThat(config.get().maxAssetsPerSide()).isEqualTo(4);

        for (String invalid : new String[] {
            "{not json",
            doc(3, 0, ""),
            doc(3, 4, "\"Bad SKU\""),
            "{\"version\":3,\"trade\":{\"maxAssetsPerSide\":4,\"maxUniqueInstancesPerRequest\":100,\"untradableSkus\":[],\"fee\":1}}",
            "{\"version\":3}",
            doc(2, 5, "")
        }) {
            publish("game-config.json", invalid);
            clock.advance(Duration.ofSeconds(10));
            assertThat(config.get().version()).as(invalid).isEqualTo(2);
            assertThat(config.get().maxAssetsPerSide()).isEqualTo(4);
            assertThat(config.lastRejection()).isNotBlank();
        }

        publish("game-config.json", doc(3, 6, "\"relic\""));
        clock.advance(Duration.ofSeconds(10));
        assertThat(config.get().version()).isEqualTo(3);
        assertThat(config.get().untradableSkus()).containsExactly("relic");
    }

    /** Issue 11 item 7: versions are bounded, and replacesVersion is the operator's way down from a high one. */
    @Test
    void versionsAreBoundedAndReplacesVersionIsTheWayBackFromAHighOne() {
        String key = "bounded-" + java.util.UUID.randomUUID() + ".json";
        publish(key, doc(1, 8, ""));
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        ReloadingGameConfig config = new ReloadingGameConfig(
                        new S3GameConfigSource(s3, bucket, key),
                        GameConfigJson::parse,
                        new GameConfig(0, 32, 100, Set.of()),
                        clock,
                        Duration.ofSeconds(10))
                .load();
        long max = 1L << 53;

        publish(key, doc(Long.MAX_VALUE, 8, "")); // the freeze: refused, version 1 stays
        clock.advance(Duration.ofSeconds(10));
        assertThat(config.get().version()).isEqualTo(1);
        assertThat(config.lastRejection()).contains("at most " + max);

        publish(key, doc(max, 8, "")); // the highest allowed: accepted, and now nothing is "above" it
        clock.advance(Duration.ofSeconds(10));
        assertThat(config.get().version()).isEqualTo(max);
        publish(key, doc(4, 6, ""));
        clock.advance(Duration.ofSeconds(10));
        assertThat(config.get().version()).isEqualTo(max);
        assertThat(config.lastRejection()).contains("\"replacesVersion\": " + max);

        String reset = "{\"version\":4,\"replacesVersion\":" + max
                + ",\"trade\":{\"maxAssetsPerSide\":6,\"maxUniqueInstancesPerRequest\":100,\"untradableSkus\":[]}}";
        publish(key, reset); // the documented way out
        clock.advance(Duration.ofSeconds(10));
        assertThat(config.get().version()).isEqualTo(4);
        assertThat(config.get().maxAssetsPerSide()).isEqualTo(6);

        publish(key, doc(5, 7, "")); // versions go on increasing from there
        clock.advance(Duration.ofSeconds(10));
        assertThat(config.get().version()).isEqualTo(5);
        publish(key, reset); // the reset file copied back later names another version: refused
        clock.advance(Duration.ofSeconds(10));
        assertThat(config.get().version()).isEqualTo(5);

        for (String invalid : new String[] {
            "{\"version\":\"6\",\"trade\":{\"maxAssetsPerSide\":6,\"maxUniqueInstancesPerRequest\":100,\"untradableSkus\":[]}}",
            "{\"version\":6,\"replacesVersion\":0,\"trade\":{\"maxAssetsPerSide\":6,\"maxUniqueInstancesPerRequest\":100,\"untradableSkus\":[]}}",
            "{\"version\":6,\"trade\":{\"maxAssetsPerSide\":6,\"untradableSkus\":[]}}",
            "{\"version\":6,\"trade\":{\"maxAssetsPerSide\":6.0,\"maxUniqueInstancesPerRequest\":100,\"untradableSkus\":[]}}",
        }) {
            publish(key, invalid);
            clock.advance(Duration.ofSeconds(10));
            assertThat(config.get().version()).as(invalid).isEqualTo(5);
        }
    }
}
