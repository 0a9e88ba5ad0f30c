package com.bluemarble.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;

/**
 * Write-behind for player snapshots, where the live state is: in the game server. {@link
 * #markDirty} keeps only the newest state per player in a dirty map; a flusher sends the dirty set
 * every {@code flushInterval} (default 5 s) through {@code snapshotIngest} batches of at most 500,
 * so 20 saves of a player within one interval become one queue message and one DynamoDB write.
 *
 * <ul>
 *   <li>{@link #flush(String)} sends one player now (logout, zone hand-off); {@link #close()} stops
 *       the flusher and sends everything, throwing if something could not be sent.
 *   <li>A failed send puts the batch's states back, unless a newer state of the player was marked
 *       meanwhile: the next flush sends the newest state, never an older one.
 *   <li>Memory is bounded: at most {@code maxDirtyPlayers} states are held, those waiting in the
 *       dirty map plus those being sent. Marking a player that is already dirty always succeeds (it
 *       replaces the state in place). Marking a new player when full triggers a flush and then, by
 *       {@link WhenFull}, blocks the caller until a send ends and makes room (at most {@code
 *       blockTimeout}, then {@link FullException}) or throws {@link FullException} at once. A state
 *       is never dropped silently: a rejected mark throws, so the game server knows.
 *   <li>Durability: a state is durable once {@code snapshotIngest} answered 202 (SQS holds it). A
 *       game-server crash loses what was marked but not yet acknowledged: at most one flush interval
 *       of changes (plus the time of a send that was failing).
 * </ul>
 */
public final class SnapshotWriteBehind implements AutoCloseable {

    /** What {@link #markDirty} does for a new player when {@code maxDirtyPlayers} are waiting. */
    public enum WhenFull {
        /** Wait for the flusher to make room, at most {@code blockTimeout}. */
        BLOCK,
        /** Throw {@link FullException} at once. */
        REJECT
    }

    /** The dirty map is full (and, with BLOCK, stayed full for {@code blockTimeout}); the state was not taken. */
    public static final class FullException extends RuntimeException {
        FullException(String message) {
            super(message);
        }
    }

    /** Counters since creation. */
    public record Counters(long marked, long coalesced, long flushed, long sends, long failedSends, int dirty) {}

    private record Pending(long version, JsonNode state) {}

    public static final int MAX_BATCH = 500;

    private final BlueMarbleClient client;
    private final Duration flushInterval;
    private final int maxDirtyPlayers;
    private final WhenFull whenFull;
    private final Duration blockTimeout;
    private final int batchSize;
    private final Consumer<RuntimeException> onFlushFailure;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition room = lock.newCondition();
    private final Map<String, Pending> dirty = new LinkedHashMap<>();
    /** States taken out of the map for a send that has not ended yet: they count against the cap. */
    private int inFlight;
    /** Serializes whole-map flushes (the flusher thread, close(), a flush when full). */
    private final ReentrantLock flushing = new ReentrantLock();

    private final AtomicLong marked = new AtomicLong();
    private final AtomicLong coalesced = new AtomicLong();
    private final AtomicLong flushed = new AtomicLong();
    private final AtomicLong sends = new AtomicLong();
    private final AtomicLong failedSends = new AtomicLong();

    private final ScheduledExecutorService flusher;
    private volatile boolean closed;

    private SnapshotWriteBehind(Builder b) {
        this.client = b.client;
        this.flushInterval = b.flushInterval;
        this.maxDirtyPlayers = b.maxDirtyPlayers;
        this.whenFull = b.whenFull;
        this.blockTimeout = b.blockTimeout;
        this.batchSize = b.batchSize;
        this.onFlushFailure = b.onFlushFailure;
        this.flusher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "snapshot-write-behind");
            t.setDaemon(true);
            return t;
        });
        long millis = flushInterval.toMillis();
        flusher.scheduleWithFixedDelay(this::flushQuietly, millis, millis, TimeUnit.MILLISECONDS);
    }

    public static Builder builder(BlueMarbleClient client) {
        return new Builder(client);
    }

    /**
     * Records {@code state} as the player's newest unsaved state. A version at or below the pending
     * one is ignored (counted as coalesced): the newest marked version is what gets sent.
     *
     * @throws FullException see {@link WhenFull}
     */
    public void markDirty(String playerId, long version, JsonNode state) {
        Objects.requireNonNull(playerId, "playerId");
        Objects.requireNonNull(state, "state");
        if (closed) {
            throw new IllegalStateException("closed");
        }
        Pending next = new Pending(version, state);
        long deadline = System.nanoTime() + blockTimeout.toNanos();
        boolean flushRequested = false;
        while (true) {
            lock.lock();
            try {
                Pending current = dirty.get(playerId);
                if (current != null || dirty.size() + inFlight < maxDirtyPlayers) {
                    marked.incrementAndGet();
                    if (current != null) {
                        coalesced.incrementAndGet();
                        if (current.version() >= version) {
                            return;
                        }
                    }
                    dirty.put(playerId, next);
                    return;
                }
                if (whenFull == WhenFull.REJECT) {
                    requestFlush();
                    throw new FullException(maxDirtyPlayers + " players wait to be flushed; " + playerId
                            + "'s state was not taken (policy REJECT)");
                }
                if (!flushRequested) {
                    flushRequested = true;
                    requestFlush();
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new FullException(maxDirtyPlayers + " players wait to be flushed and no room came within "
                            + blockTimeout + "; " + playerId + "'s state was not taken (policy BLOCK)");
                }
                room.awaitNanos(left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new FullException("interrupted while waiting for room; " + playerId + "'s state was not taken");
            } finally {
                lock.unlock();
            }
        }
    }

    private void requestFlush() {
        if (!flusher.isShutdown()) {
            flusher.execute(this::flushQuietly);
        }
    }

    /**
     * Sends the player's pending state now, if any (at logout). On failure the state stays pending
     * (unless a newer one was marked meanwhile) and the exception is thrown.
     */
    public void flush(String playerId) {
        Pending pending;
        lock.lock();
        try {
            pending = dirty.remove(playerId);
            if (pending != null) {
                inFlight++;
            }
        } finally {
            lock.unlock();
        }
        if (pending != null) {
            send(new LinkedHashMap<>(Map.of(playerId, pending)));
        }
    }

    /** Sends every pending state now, in batches of at most 500; throws the first failure (after trying every batch). */
    public void flushAll() {
        flushing.lock();
        try {
            Map<String, Pending> taken;
            lock.lock();
            try {
                taken = new LinkedHashMap<>(dirty);
                dirty.clear();
                inFlight += taken.size();
            } finally {
                lock.unlock();
            }
            RuntimeException first = null;
            List<Map.Entry<String, Pending>> entries = new ArrayList<>(taken.entrySet());
            for (int from = 0; from < entries.size(); from += batchSize) {
                Map<String, Pending> batch = new LinkedHashMap<>();
                for (Map.Entry<String, Pending> e : entries.subList(from, Math.min(entries.size(), from + batchSize))) {
                    batch.put(e.getKey(), e.getValue());
                }
                try {
                    send(batch);
                } catch (RuntimeException e) {
                    if (first == null) {
                        first = e;
                    }
                }
            }
            if (first != null) {
                throw first;
            }
        } finally {
            flushing.unlock();
        }
    }

    private void flushQuietly() {
        try {
            flushAll();
        } catch (RuntimeException e) {
            onFlushFailure.accept(e); // the states are pending again; the next interval retries them
        }
    }

    /** One snapshotIngest call; on failure the states go back unless newer ones were marked meanwhile. */
    private void send(Map<String, Pending> batch) {
        List<Snapshots.Snapshot> snapshots = new ArrayList<>(batch.size());
        batch.forEach((player, p) -> snapshots.add(Snapshots.Snapshot.full(player, p.version(), p.state())));
        sends.incrementAndGet();
        try {
            if (snapshots.size() == 1) {
                client.snapshotIngest(snapshots.get(0));
            } else {
                client.snapshotIngest(snapshots);
            }
            flushed.addAndGet(snapshots.size());
            ended(batch, false);
        } catch (RuntimeException e) {
            failedSends.incrementAndGet();
            ended(batch, true);
            throw e;
        }
    }

    /** A send ended: its states leave the in-flight count; failed ones go back unless a newer state was marked. */
    private void ended(Map<String, Pending> batch, boolean failed) {
        lock.lock();
        try {
            inFlight -= batch.size();
            if (failed) {
                batch.forEach((player, sent) ->
                        dirty.merge(player, sent, (marked, old) -> marked.version() >= old.version() ? marked : old));
            }
            room.signalAll();
        } finally {
            lock.unlock();
        }
    }

    public Counters counters() {
        lock.lock();
        try {
            return new Counters(
                    marked.get(), coalesced.get(), flushed.get(), sends.get(), failedSends.get(), dirty.size());
        } finally {
            lock.unlock();
        }
    }

    /** How many players have a state waiting to be sent. */
    public int dirtyPlayers() {
        lock.lock();
        try {
            return dirty.size();
        } finally {
            lock.unlock();
        }
    }

    /** The pending version of each dirty player (a copy). */
    public Map<String, Long> pendingVersions() {
        lock.lock();
        try {
            Map<String, Long> out = new HashMap<>();
            dirty.forEach((p, s) -> out.put(p, s.version()));
            return out;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Stops the flusher and sends everything pending. Throws if a state could not be sent (it is
     * still reported by {@link #pendingVersions()}; call {@link #flushAll()} again to retry).
     */
    @Override
    public void close() {
        closed = true;
        flusher.shutdown();
        try {
            flusher.awaitTermination(flushInterval.toMillis() + 60_000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        flushAll();
    }

    public static final class Builder {
        private final BlueMarbleClient client;
        private Duration flushInterval = Duration.ofSeconds(5);
        private int maxDirtyPlayers = 100_000;
        private WhenFull whenFull = WhenFull.BLOCK;
        private Duration blockTimeout = Duration.ofSeconds(30);
        private int batchSize = MAX_BATCH;
        private Consumer<RuntimeException> onFlushFailure = e -> System.getLogger(SnapshotWriteBehind.class.getName())
                .log(System.Logger.Level.WARNING, "snapshot flush failed; the states stay pending: " + e.getMessage());

        private Builder(BlueMarbleClient client) {
            this.client = Objects.requireNonNull(client);
        }

        public Builder flushInterval(Duration interval) {
            if (interval.isZero() || interval.isNegative()) {
                throw new IllegalArgumentException("flushInterval must be positive");
            }
            this.flushInterval = interval;
            return this;
        }

        /** The cap on players waiting in the dirty map (default 100,000). */
        public Builder maxDirtyPlayers(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("maxDirtyPlayers must be at least 1");
            }
            this.maxDirtyPlayers = max;
            return this;
        }

        /** BLOCK (default, at most {@code blockTimeout}, default 30 s) or REJECT. */
        public Builder whenFull(WhenFull policy, Duration blockTimeout) {
            this.whenFull = Objects.requireNonNull(policy);
            this.blockTimeout = Objects.requireNonNull(blockTimeout);
            return this;
        }

        /** Snapshots per snapshotIngest call, 1..500 (default 500). */
        public Builder batchSize(int size) {
            if (size < 1 || size > MAX_BATCH) {
                throw new IllegalArgumentException("batchSize must be 1.." + MAX_BATCH);
            }
            this.batchSize = size;
            return this;
        }

        /** Called with each failure of a background flush (default: a warning on System.Logger). */
        public Builder onFlushFailure(Consumer<RuntimeException> listener) {
            this.onFlushFailure = Objects.requireNonNull(listener);
            return this;
        }

        public SnapshotWriteBehind build() {
            return new SnapshotWriteBehind(this);
        }
    }
}
