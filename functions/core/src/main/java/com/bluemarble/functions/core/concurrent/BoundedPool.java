package com.bluemarble.functions.core.concurrent;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Runs independent tasks (a job's partitions, a backup's units) on a pool of bounded size and waits for all. */
public final class BoundedPool {

    private BoundedPool() {}

    /**
     * Runs every task on at most {@code parallelism} daemon threads named {@code threadName} and
     * returns their results in task order. Every task runs to its end even when another fails (each
     * records its own progress, so a rerun redoes only what failed); the first failure is then rethrown.
     *
     * @param what named in the exception if the waiting thread is interrupted
     */
    public static <T> List<T> runAll(String threadName, int parallelism, List<Callable<T>> tasks, String what) {
        if (tasks.isEmpty()) {
            return List.of();
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(parallelism, tasks.size())), r -> {
            Thread thread = new Thread(r, threadName);
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<T>> runs = new ArrayList<>();
            for (Callable<T> task : tasks) {
                runs.add(pool.submit(task));
            }
            List<T> results = new ArrayList<>();
            RuntimeException failure = null;
            for (Future<T> run : runs) {
                try {
                    results.add(run.get());
                } catch (ExecutionException e) {
                    if (failure == null) {
                        failure = e.getCause() instanceof RuntimeException r
                                ? r
                                : new IllegalStateException(e.getCause());
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while " + what, e);
                }
            }
            if (failure != null) {
                throw failure;
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
