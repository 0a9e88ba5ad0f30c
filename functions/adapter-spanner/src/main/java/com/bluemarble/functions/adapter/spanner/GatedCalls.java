package com.bluemarble.functions.adapter.spanner;

import com.bluemarble.functions.core.error.DomainException;
import com.bluemarble.functions.core.telemetry.Telemetry;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeoutException;

/**
 * One call to Spanner as every adapter here makes it: through the emulator's gate (one transaction at
 * a time; open against Cloud Spanner), traced, and bounded in time (503 when Spanner is unreachable).
 */
final class GatedCalls {

    private final TransactionGate gate;

    GatedCalls(SpannerSettings settings) {
        this.gate = TransactionGate.forSettings(settings);
    }

    <T> T call(String operation, Duration timeout, Callable<T> call) {
        try {
            return gate.run(
                    timeout,
                    () -> Telemetry.tracing().call("Spanner", operation, () -> SpannerCalls.bounded(timeout, call)));
        } catch (TimeoutException e) {
            throw DomainException.unavailable("Cloud Spanner", e);
        }
    }
}
