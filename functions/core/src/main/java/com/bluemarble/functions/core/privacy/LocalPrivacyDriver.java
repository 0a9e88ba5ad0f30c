package com.bluemarble.functions.core.privacy;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The local runner's stand-in for the Step Functions state machines: a small in-process pool runs each
 * erasure's and export's pending steps in order, retrying a failing step with exponential backoff, and
 * {@link #resumeUnfinished} picks up what a previous process left unfinished. An erasure never gives up
 * for good (after the attempts it stays pending until the next start or a replay of {@code playerErase});
 * an export whose step still fails after the attempts is marked FAILED.
 */
public final class LocalPrivacyDriver implements PrivacyDriver, AutoCloseable {

    private static final System.Logger LOG = System.getLogger(LocalPrivacyDriver.class.getName());

    /** Waits {@code first}, doubling up to {@code max}, between the at most {@code attempts} tries of a step. */
    public record Backoff(Duration first, Duration max, int attempts) {
        public Backoff {
            if (attempts < 1 || first.isNegative() || max.compareTo(first) < 0) {
                throw new IllegalArgumentException("backoff: attempts >= 1 and 0 <= first <= max");
            }
        }

        Duration before(int attempt) { // attempt 2, 3, ...
            Duration wait = first;
            for (int i = 2; i < attempt && wait.compareTo(max) < 0; i++) {
                wait = wait.multipliedBy(2);
            }
            return wait.compareTo(max) > 0 ? max : wait;
        }
    }

    /** The pause between tries (a test's is instant). */
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private final ErasureSaga erasures;
    private final ExportJob exports;
    private final Backoff backoff;
    private final Sleeper sleeper;
    private final ExecutorService pool;
    private final Set<String> driving = ConcurrentHashMap.newKeySet();

    public LocalPrivacyDriver(ErasureSaga erasures, ExportJob exports, Backoff backoff, int threads) {
        this(erasures, exports, backoff, d -> Thread.sleep(d.toMillis()), threads);
    }

    public LocalPrivacyDriver(ErasureSaga erasures, ExportJob exports, Backoff backoff, Sleeper sleeper, int threads) {
        this.erasures = erasures;
        this.exports = exports;
        this.backoff = backoff;
        this.sleeper = sleeper;
        this.pool = Executors.newFixedThreadPool(threads, r -> {
            Thread thread = new Thread(r, "privacy-driver");
            thread.setDaemon(true);
            return thread;
        });
    }

    @Override
    public void driveErasure(UUID eraseId) {
        submit("erasure " + eraseId, () -> runErasure(eraseId));
    }

    @Override
    public void driveExport(UUID exportId) {
        submit("export " + exportId, () -> runExport(exportId));
    }

    /** Drives every erasure and export a previous process left unfinished (the local runner calls it at start). */
    public int resumeUnfinished() {
        int resumed = 0;
        for (UUID eraseId : erasures.unfinished(1000)) {
            driveErasure(eraseId);
            resumed++;
        }
        for (UUID exportId : exports.unfinished(1000)) {
            driveExport(exportId);
            resumed++;
        }
        return resumed;
    }

    private void submit(String what, Runnable drive) {
        if (!driving.add(what)) {
            return; // already being driven: the running drive takes every pending step
        }
        pool.execute(() -> {
            try {
                drive.run();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, what + ": the driver stopped; it resumes at the next start", e);
            } finally {
                driving.remove(what);
            }
        });
    }

    /** Runs the erasure's pending steps on this thread, each with retries; true when it is complete. */
    public boolean runErasure(UUID eraseId) {
        for (String step : erasures.progress(eraseId).stepsPending()) {
            if (attempt("erasure " + eraseId, step, () -> erasures.runStep(eraseId, step)) != Tries.DONE) {
                return false;
            }
        }
        return true;
    }

    /** Runs the export's pending steps on this thread, each with retries; marks it FAILED when a step gives up. */
    public boolean runExport(UUID exportId) {
        ExportJob.Progress progress = exports.progress(exportId);
        if (progress.state() != ExportJob.State.RUNNING) {
            return progress.state() == ExportJob.State.DONE;
        }
        for (String step : progress.stepsPending()) {
            RuntimeException[] last = {null};
            Tries tries = attempt("export " + exportId, step, () -> {
                try {
                    return exports.runStep(exportId, step);
                } catch (RuntimeException e) {
                    last[0] = e;
                    throw e;
                }
            });
            if (tries == Tries.GAVE_UP) {
                exports.fail(
                        exportId, "step " + step + " failed " + backoff.attempts() + " times: " + last[0].getMessage());
            }
            if (tries != Tries.DONE) {
                return false; // interrupted (the process stops): resumed at the next start
            }
        }
        return true;
    }

    private enum Tries {
        DONE,
        GAVE_UP,
        INTERRUPTED
    }

    private Tries attempt(String what, String step, Supplier<ErasureSaga.Outcome> run) {
        for (int attempt = 1; attempt <= backoff.attempts(); attempt++) {
            try {
                if (attempt > 1) {
                    sleeper.sleep(backoff.before(attempt));
                }
                run.get();
                return Tries.DONE;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Tries.INTERRUPTED;
            } catch (RuntimeException e) {
                if (Thread.currentThread().isInterrupted()) {
                    return Tries.INTERRUPTED;
                }
                LOG.log(
                        Level.WARNING,
                        what + ": step " + step + " failed (attempt " + attempt + " of " + backoff.attempts() + ")",
                        e);
            }
        }
        return Tries.GAVE_UP;
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
