package com.bluemarble.functions.core.snapshot;

import static com.bluemarble.functions.core.snapshot.SnapshotServiceTest.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.bluemarble.functions.core.player.PlayerId;
import com.bluemarble.functions.core.snapshot.SnapshotWriter.Outcome;
import com.bluemarble.functions.core.snapshot.SnapshotWriter.QueuedMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The writer with a bounded pool: players really overlap, never more than the pool, same results as one by one. */
class ConcurrentSnapshotWriterTest {

    private static final int THREADS = 4;
    private final ExecutorService pool = Executors.newFixedThreadPool(THREADS);

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    /** Counts writes in progress; the first THREADS writes meet at a barrier, which only concurrent writes can pass. */
    private static final class OverlapTable implements SnapshotTable {
        final InMemorySnapshotTable rows = new InMemorySnapshotTable();
        final AtomicInteger inProgress = new AtomicInteger();
        final AtomicInteger mostAtOnce = new AtomicInteger();
        final AtomicInteger started = new AtomicInteger();
        final CyclicBarrier meet = new CyclicBarrier(THREADS);

        @Override
        public Optional<StoredSnapshot> find(PlayerId player) {
            return rows.find(player);
        }

        @Override
        public WriteResult putIfNewer(StoredSnapshot snapshot) {
            int now = inProgress.incrementAndGet();
            mostAtOnce.accumulateAndGet(now, Math::max);
            try {
                if (started.incrementAndGet() <= THREADS) {
                    meet.await(60, TimeUnit.SECONDS);
                }
                return rows.putIfNewer(snapshot);
            } catch (Exception e) {
                throw new IllegalStateException("the first writes did not overlap", e);
            } finally {
                inProgress.decrementAndGet();
            }
        }

        @Override
        public void delete(PlayerId player) {

            rows.delete(player);
        }

        @Override
        public Page scan(String cursor, int limit) {
            return rows.scan(cursor, limit);
        }
    }

    @Test
    void playersOfABatchAreWrittenConcurrentlyWithinTheBound() {
        OverlapTable table = new OverlapTable();
        SnapshotWriter writer =
                new SnapshotWriter(table, new InMemoryStateBlobStore(), SnapshotLimits.defaults(), pool);
        List<QueuedMessage> batch = new ArrayList<>();
        for (int version = 1; version <= 3; version++) {
            for (int p = 0; p < 2000; p++) {
                SnapshotMessage m = new SnapshotMessage(
                        PlayerId.of("p" + p), version, null, StateDocument.inline(json("{\"v\":" + version + "}")));
                batch.add(new QueuedMessage("m" + batch.size(), m.encode()));
            }
        }
        batch.add(new QueuedMessage("junk", "not a snapshot"));

        SnapshotWriter.BatchReport report = writer.write(batch);

        assertThat(report.tableWrites()).isEqualTo(2000);
        assertThat(table.mostAtOnce.get()).isEqualTo(THREADS);
        assertThat(table.rows.rows()).hasSize(2000);
        assertThat(table.rows.rows().values())
                .allSatisfy(s -> assertThat(s.version()).isEqualTo(3));
        assertThat(report.count(Outcome.WRITTEN)).isEqualTo(2000);
        assertThat(report.count(Outcome.SUPERSEDED)).isEqualTo(4000);
        assertThat(report.failedMessageIds()).containsExactly("junk");
        assertThat(report.outcomes().keySet()).as("delivery order kept").startsWith("m0", "m1", "m2");
    }

    @Test
    void aStoreFailureFailsOnlyThatPlayersMessages() {
        InMemorySnapshotTable rows = new InMemorySnapshotTable();
        SnapshotTable flaky = new SnapshotTable() {
            @Override
            public Optional<StoredSnapshot> find(PlayerId player) {
                return rows.find(player);
            }

            @Override
            public WriteResult putIfNewer(StoredSnapshot snapshot) {
                if (snapshot.playerId().value().equals("p7")) {
                    throw new IllegalStateException("table unavailable");
                }
                return rows.putIfNewer(snapshot);
            }

            @Override
            public void delete(PlayerId player) {

                rows.delete(player);
            }

            @Override
            public Page scan(String cursor, int limit) {
                return rows.scan(cursor, limit);
            }
        };
        SnapshotWriter writer =
                new SnapshotWriter(flaky, new InMemoryStateBlobStore(), SnapshotLimits.defaults(), pool);
        List<QueuedMessage> batch = new ArrayList<>();
        for (int p = 0; p < 20; p++) {
            SnapshotMessage m =
                    new SnapshotMessage(PlayerId.of("p" + p), 1, null, StateDocument.inline(json("{\"v\":1}")));
            batch.add(new QueuedMessage("m" + p, m.encode()));
        }
        SnapshotWriter.BatchReport report = writer.write(batch);
        assertThat(report.failedMessageIds()).containsExactly("m7");
        assertThat(report.outcomes().get("m7")).isEqualTo(Outcome.STORE_FAILED);
        assertThat(rows.rows()).hasSize(19);
    }
}
