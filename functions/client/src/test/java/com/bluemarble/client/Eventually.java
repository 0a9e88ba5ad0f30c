package com.bluemarble.client;

import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Poll until a condition holds, with a generous deadline (the snapshot writer runs behind a queue). */
final class Eventually {
    private Eventually() {}

    static <T> T get(Supplier<T> read, Predicate<T> done) throws InterruptedException {
        return get(read, done, Duration.ofSeconds(60));
    }

    static <T> T get(Supplier<T> read, Predicate<T> done, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        RuntimeException last = null;
        T value = null;
        while (System.nanoTime() < deadline) {
            try {
                value = read.get();
                if (done.test(value)) {
                    return value;
                }
            } catch (RuntimeException e) {
                last = e;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("not reached within " + within + "; last value " + value, last);
    }
}
