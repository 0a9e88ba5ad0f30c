package com.bluemarble.functions.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The reload rules with an in-memory source; the S3 source is tested on moto in adapter-s3. */
class ReloadingGameConfigTest {

    /** A document "version;maxAssets;untradable,skus" and a counter of reads. */
    static final class FakeSource implements GameConfigSource {
        volatile String body;
        volatile int etagCounter;
        final AtomicInteger reads = new AtomicInteger();
        volatile boolean down;

        void publish(String text) {
            body = text;
            etagCounter++;
        }

        @Override
        public Fetch fetchIfChanged(String knownEtag) {
            reads.incrementAndGet();
            if (down) {
                throw new IllegalStateException("unreachable");
            }
            if (body == null) {
                return new Missing();
            }
            String etag = "e" + etagCounter;
            return etag.equals(knownEtag) ? new Unchanged() : new Changed(etag, body.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public String describe() {
            return "fake";
        }
    }

    static GameConfig parse(byte[] bytes) {
        String[] parts = new String(bytes, StandardCharsets.UTF_8).split(";", -1);
        try {
            return new GameConfig(
                    Long.parseLong(parts[0]),
                    Integer.parseInt(parts[1]),
                    100,
                    parts[2].isEmpty() ? Set.of() : Set.of(parts[2].split(",")));
        } catch (RuntimeException e) {
            throw new InvalidGameConfigException("unparsable: " + e.getMessage());
        }
    }

    private final FakeSource source = new FakeSource();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final GameConfig defaults = new GameConfig(0, 32, 100, Set.of());
    private final ReloadingGameConfig config =
            new ReloadingGameConfig(source, ReloadingGameConfigTest::parse, defaults, clock, Duration.ofSeconds(30));

    @Test
    void newVersionsArePickedUpWithinThePollIntervalAndBadOnesAreIgnored() {
        config.load();
        assertThat(config.get()).isEqualTo(defaults); // no document yet
        source.publish("1;8;relic");
        assertThat(config.get()).isEqualTo(defaults); // not re-checked before the interval
        clock.advance(Duration.ofSeconds(30));
        assertThat(config.get().version()).isEqualTo(1);
        assertThat(config.get().untradableSkus()).containsExactly("relic");

        int reads = source.reads.get();
        for (int i = 0; i < 100; i++) {
            config.get();
        }
        assertThat(source.reads.get()).isEqualTo(reads); // at most one check per interval

        source.publish("2;999;relic"); // fails validation
        clock.advance(Duration.ofSeconds(31));
        assertThat(config.get().version()).isEqualTo(1);
        assertThat(config.lastRejection()).contains("maxAssetsPerSide");

        source.publish("not a config");
        clock.advance(Duration.ofSeconds(31));
        assertThat(config.get().version()).isEqualTo(1);

        source.publish("1;4;"); // not a higher version
        clock.advance(Duration.ofSeconds(31));
        assertThat(config.get().maxAssetsPerSide()).isEqualTo(8);
        assertThat(config.lastRejection()).contains("not above");

        source.down = true;
        clock.advance(Duration.ofSeconds(31));
        assertThat(config.get().version()).isEqualTo(1);
        source.down = false;

        source.publish("3;4;");
        clock.advance(Duration.ofSeconds(31));
        assertThat(config.get().version()).isEqualTo(3);
        assertThat(config.get().untradableSkus()).isEmpty();
        assertThat(config.get().economyLimits(Set.of("excalibur")).isUnique("excalibur"))
                .isTrue();
    }
}
