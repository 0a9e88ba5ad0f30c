package com.bluemarble.functions.adapter.spanner;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Emulator mode only: one transaction at a time in this process, of every kind (read-write,
 * single-use reads, read-only snapshots, backup steps). The Cloud Spanner emulator supports a single
 * transaction at a time, read-only ones included, and with the current client a concurrent one fails
 * with NOT_FOUND or FAILED_PRECONDITION ("Invalid transaction ID") instead of the ABORTED that Cloud
 * Spanner returns and the client retries. Against Cloud Spanner the gate is open: concurrency and
 * abort-retry are Spanner's.
 */
interface TransactionGate {

    /** Runs the transaction; gives up with a TimeoutException when the gate stays shut past {@code wait}. */
    <T> T run(Duration wait, Supplier<T> transaction) throws TimeoutException;

    /**
     * One gate per emulator in this process, shared by every store and the backup (the emulator runs one
     * transaction at a time, read-only ones included: a concurrent one fails with "Invalid transaction ID").
     */
    java.util.concurrent.ConcurrentMap<String, Serialized> EMULATOR_GATES =
            new java.util.concurrent.ConcurrentHashMap<>();

    static TransactionGate forSettings(SpannerSettings settings) {
        if (!settings.isEmulator()) {
            return new Open();
        }
        return EMULATOR_GATES.computeIfAbsent(settings.emulatorHost(), host -> {
            LoggerFactory.getLogger(TransactionGate.class)
                    .warn(
                            "Spanner emulator at {}: read-write transactions are serialized in this process (emulator limitation; "
                                    + "never done against Cloud Spanner)",
                            host);
            return new Serialized();
        });
    }

    final class Open implements TransactionGate {
        @Override
        public <T> T run(Duration wait, Supplier<T> transaction) {
            return transaction.get();
        }
    }

    final class Serialized implements TransactionGate {
        private static final Logger log = LoggerFactory.getLogger(Serialized.class);
        private final ReentrantLock lock = new ReentrantLock(true);

        @Override
        public <T> T run(Duration wait, Supplier<T> transaction) throws TimeoutException {
            try {
                if (!lock.tryLock(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new TimeoutException(
                            "waited " + wait.toMillis() + " ms for the emulator's single transaction slot");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TimeoutException("interrupted waiting for the emulator's transaction slot");
            }
            try {
                return transaction.get();
            } finally {
                lock.unlock();
                log.trace("released emulator transaction gate");
            }
        }
    }
}
