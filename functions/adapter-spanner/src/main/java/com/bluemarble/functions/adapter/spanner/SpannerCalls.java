package com.bluemarble.functions.adapter.spanner;

import com.bluemarble.functions.core.error.DomainException;
import com.google.cloud.spanner.ErrorCode;
import com.google.cloud.spanner.SpannerException;
import io.grpc.Context;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Every call to Spanner goes through here: bounded in time, and its failures mapped to the
 * contract (unavailable = 503, anything else = a logged internal error).
 */
final class SpannerCalls {

    private static final Set<ErrorCode> UNAVAILABLE = Set.of(
            ErrorCode.UNAVAILABLE, ErrorCode.DEADLINE_EXCEEDED, ErrorCode.RESOURCE_EXHAUSTED, ErrorCode.CANCELLED);
    private static final ExecutorService CALLS = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "spanner-call");
        thread.setDaemon(true);
        return thread;
    });
    private static final ScheduledExecutorService DEADLINES = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "spanner-deadlines");
        thread.setDaemon(true);
        return thread;
    });

    private SpannerCalls() {}

    /**
     * Runs {@code call} under a gRPC deadline and waits for it at most that long. The deadline alone
     * is not enough: with Spanner unreachable, session creation inside the client waits past it
     * (measured: 50 s), so the caller stops waiting, cancels the context (which cancels its RPCs)
     * and answers 503.
     */
    static <T> T bounded(Duration timeout, Callable<T> call) {
        Context.CancellableContext context =
                Context.current().withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS, DEADLINES);
        // The call runs on a pool thread: it keeps the caller's function and key (tags, traces).
        Callable<T> bound = com.bluemarble.functions.core.telemetry.CallContext.propagate(call);
        Future<T> result = CALLS.submit(() -> context.call(bound));
        try {
            return result.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            result.cancel(true);
            throw DomainException.unavailable("Cloud Spanner", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            result.cancel(true);
            throw DomainException.unavailable("Cloud Spanner", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof SpannerException spanner) {
                throw translate(spanner);
            }
            if (cause instanceof DomainException domain) {
                throw domain;
            }
            throw new DomainException(
                    com.bluemarble.functions.core.error.ErrorCode.INTERNAL,
                    "Cloud Spanner call failed: " + cause,
                    cause);
        } finally {
            context.cancel(null);
        }
    }

    /**
     * Conditions a retry of the same request can clear: an abort the client did not retry away,
     * and the emulator's refusal of a second concurrent transaction ("Invalid transaction ID",
     * FAILED_PRECONDITION), which Cloud Spanner reports as ABORTED.
     */
    static boolean isRetryable(SpannerException e) {
        if (e.getErrorCode() == ErrorCode.ABORTED) {
            return true;
        }
        String message = String.valueOf(e.getMessage());
        return e.getErrorCode() == ErrorCode.FAILED_PRECONDITION
                && (message.contains("Invalid transaction ID") || message.contains("transaction"));
    }

    private static RuntimeException translate(SpannerException e) {
        // A transaction body may throw; the runner wraps what it throws.
        if (e.getCause() instanceof DomainException domain) {
            return domain;
        }
        if (UNAVAILABLE.contains(e.getErrorCode()) || isRetryable(e)) {
            return DomainException.unavailable("Cloud Spanner", e);
        }
        // The cause (logged) has Spanner's message, which may quote SQL and rows: never in the answer.
        return new DomainException(
                com.bluemarble.functions.core.error.ErrorCode.INTERNAL,
                "Cloud Spanner failed (" + e.getErrorCode() + "); see the function's logs",
                e);
    }
}
