package com.bluemarble.client;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When a call is tried again: on a 503, a timeout or a connection error, never on a 4xx (or any
 * other status). Delays grow exponentially with "full jitter" (a random delay between 0 and
 * {@code min(maxDelay, baseDelay * 2^retry)}), so a fleet of game servers hit by the same outage
 * does not retry in lockstep. Bounded twice: at most {@code maxAttempts} attempts, and no retry
 * starts past {@code maxTotal} after the first attempt (so a call takes at most {@code maxTotal}
 * plus one request timeout).
 */
public record RetryPolicy(int maxAttempts, Duration baseDelay, Duration maxDelay, Duration maxTotal) {

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
        if (baseDelay.isNegative() || maxDelay.isNegative() || maxTotal.isNegative()) {
            throw new IllegalArgumentException("delays must not be negative");
        }
    }

    /** 5 attempts, 100 ms base, 2 s largest delay, 30 s in all. */
    public static RetryPolicy defaults() {
        return new RetryPolicy(5, Duration.ofMillis(100), Duration.ofSeconds(2), Duration.ofSeconds(30));
    }

    /** One attempt only. */
    public static RetryPolicy none() {
        return new RetryPolicy(1, Duration.ZERO, Duration.ZERO, Duration.ZERO);
    }

    /** The jittered delay before retry number {@code retry} (1 = the first retry). */
    Duration delayBefore(int retry) {
        long cap = Math.min(maxDelay.toMillis(), baseDelay.toMillis() << Math.min(retry - 1, 20));
        return cap <= 0
                ? Duration.ZERO
                : Duration.ofMillis(ThreadLocalRandom.current().nextLong(cap + 1));
    }
}
