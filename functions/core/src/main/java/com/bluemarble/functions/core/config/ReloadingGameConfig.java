package com.bluemarble.functions.core.config;

import com.bluemarble.functions.core.telemetry.MetricNames;
import com.bluemarble.functions.core.telemetry.Telemetry;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * The current game config, re-checked by ETag at most every {@code pollInterval}. The check runs
 * on the calling thread when the interval has passed (a Lambda has no background threads between
 * invocations) and only one caller runs it; the others keep using the current config meanwhile.
 * A valid new version replaces the current one atomically; an invalid one (unparsable, failing
 * validation, or not a higher version) is rejected and logged, and the last good config stays,
 * as it does when the source is unreachable or the document is deleted. A document that is not
 * above the current version is accepted only when its {@code replacesVersion} names the current
 * version: the documented way out of a version published too high (docs/hardening.md).
 */
public final class ReloadingGameConfig {

    private static final System.Logger LOG = System.getLogger(ReloadingGameConfig.class.getName());

    /** The config in force and the ETag of the document it came from (null = built-in defaults). */
    public record Current(GameConfig config, String etag) {}

    private final GameConfigSource source;
    private final Function<byte[], GameConfig> parser;
    private final Clock clock;
    private final Duration pollInterval;
    private final AtomicReference<Current> current;
    private final ReentrantLock checking = new ReentrantLock();
    private volatile Instant nextCheck = Instant.MIN;
    private volatile String lastRejection;
    private volatile String rejectedEtag;

    /**
     * @param defaults the config until a document is loaded (the deployment's settings)
     * @param parser bytes to a config; throws {@link InvalidGameConfigException} for a bad document
     */
    public ReloadingGameConfig(
            GameConfigSource source,
            Function<byte[], GameConfig> parser,
            GameConfig defaults,
            Clock clock,
            Duration pollInterval) {
        this.source = source;
        this.parser = parser;
        this.clock = clock;
        this.pollInterval = pollInterval;
        this.current = new AtomicReference<>(new Current(defaults, null));
    }

    /** Loads the document now (call at start); afterwards {@link #get()} re-checks on its own. */
    public ReloadingGameConfig load() {
        checking.lock();
        try {
            check();
        } finally {
            checking.unlock();
        }
        return this;
    }

    /** The config in force, re-checked first when the poll interval has passed. */
    public GameConfig get() {
        return current().config();
    }

    public Current current() {
        if (!clock.instant().isBefore(nextCheck) && checking.tryLock()) {
            try {
                if (!clock.instant().isBefore(nextCheck)) {
                    check();
                }
            } finally {
                checking.unlock();
            }
        }
        return current.get();
    }

    /** Why the last rejected document was refused, or null. */
    public String lastRejection() {
        return lastRejection;
    }

    private void check() {
        nextCheck = clock.instant().plus(pollInterval);
        Current now = current.get();
        GameConfigSource.Fetch fetch;
        try {
            // Ask with the ETag of a rejected document too, so a bad document is not re-read every interval.
            fetch = source.fetchIfChanged(rejectedEtag != null ? rejectedEtag : now.etag());
        } catch (RuntimeException e) {
            LOG.log(
                    Level.WARNING,
                    "game config: " + source.describe() + " unreachable (" + e + "); keeping version "
                            + now.config().version());
            return;
        }
        if (fetch instanceof GameConfigSource.Changed changed && changed.etag().equals(now.etag())) {
            rejectedEtag = null; // a rejected document was replaced by the current one again
        } else if (fetch instanceof GameConfigSource.Changed changed) {
            try {
                GameConfig next = parser.apply(changed.body());
                boolean replacesCurrent = next.replacesVersion() != null
                        && next.replacesVersion() == now.config().version();
                if (now.etag() != null && next.version() <= now.config().version() && !replacesCurrent) {
                    throw new InvalidGameConfigException("version " + next.version()
                            + " is not above the current version "
                            + now.config().version()
                            + " (to go back to a lower version, publish it with \"replacesVersion\": "
                            + now.config().version() + ")");
                }
                current.set(new Current(next, changed.etag()));
                rejectedEtag = null;
                Telemetry.metrics().count(MetricNames.CONFIG_RELOADS, 1);
                LOG.log(
                        Level.INFO,
                        "game config: version " + next.version() + " from " + source.describe() + " is now current");
            } catch (RuntimeException e) {
                rejectedEtag = changed.etag();
                lastRejection = e.getMessage();
                Telemetry.metrics().count(MetricNames.CONFIG_REJECTIONS, 1);
                LOG.log(
                        Level.ERROR,
                        "game config: rejected " + source.describe() + " (etag " + changed.etag() + "): "
                                + e.getMessage() + "; keeping version "
                                + now.config().version());
            }
        } else if (fetch instanceof GameConfigSource.Missing && now.etag() == null) {
            LOG.log(Level.INFO, "game config: no document at " + source.describe() + "; using the defaults");
        } else if (fetch instanceof GameConfigSource.Missing) {
            LOG.log(
                    Level.WARNING,
                    "game config: " + source.describe() + " was deleted; keeping version "
                            + now.config().version());
        }
    }
}
