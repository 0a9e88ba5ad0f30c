package com.bluemarble.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/**
 * SnapshotWriteBehind against the real local function host: sends are counted at the HTTP layer
 * (the proxy), and what the writer stored is read back with snapshotLoad (SQS -> writer -> DynamoDB).
 */
class SnapshotWriteBehindTest {

    private static FaultProxy proxy;
    private static BlueMarbleClient client;
    private static BlueMarbleClient once;
    private static final String RUN = UUID.randomUUID().toString().substring(0, 6);
    private static final Duration LONG = Duration.ofMinutes(10); // the flusher never fires on its own in a test

    @BeforeAll
    static void start() throws Exception {
        proxy = new FaultProxy(LocalHost.uri());
        client = BlueMarbleClient.create(proxy.uri().toString());
        once = BlueMarbleClient.builder(proxy.uri())
                .retryPolicy(RetryPolicy.none())
                .build();
    }

    @AfterAll
    static void stop() {
        proxy.close();
    }

    @BeforeEach
    void clean() {
        proxy.clear();
    }

    private static ObjectNode state(int step) {
        return BlueMarbleClient.JSON.createObjectNode().put("step", step).put("zone", "zone-" + step);
    }

    private static String player(String name) {
        return name + "-" + RUN;
    }

    /** The snapshotIngest calls that carried {@code player} (other tests' background sends excluded). */
    private static List<FaultProxy.Seen> sendsOf(String player) {
        return proxy.seen("snapshotIngest").stream()
                .filter(s -> s.body().contains("\"" + player + "\""))
                .toList();
    }

    @Test
    void twentyMarksBecomeOneSendAndTheNewestVersionIsStored() throws Exception {
        String ana = player("ana");
        try (SnapshotWriteBehind writeBehind =
                SnapshotWriteBehind.builder(client).flushInterval(LONG).build()) {
            for (int v = 1; v <= 20; v++) {
                writeBehind.markDirty(ana, v, state(v));
            }
            writeBehind.markDirty(ana, 7, state(7)); // late and older: the newest marked stays
            assertThat(sendsOf(ana)).isEmpty();
            writeBehind.flush(ana);
            assertThat(sendsOf(ana)).hasSize(1);
            assertThat(sendsOf(ana).get(0).body()).contains("\"version\":20");
            assertThat(writeBehind.counters()).isEqualTo(new SnapshotWriteBehind.Counters(21, 20, 1, 1, 0, 0));
        }
        Snapshots.Loaded stored = Eventually.get(() -> client.snapshotLoad(ana), l -> l.version() == 20);
        assertThat(stored.state().get("step").asInt()).isEqualTo(20);
    }

    @Test
    void theFlusherSendsEveryIntervalInBatchesOfAtMostTheBatchSize() throws Exception {
        // Small numbers: moto's SQS slows down with queue depth (500 is the default batch size).
        SnapshotWriteBehind writeBehind = SnapshotWriteBehind.builder(client)
                .flushInterval(Duration.ofMillis(500))
                .batchSize(50)
                .build();
        for (int round = 1; round <= 3; round++) {
            for (int p = 0; p < 120; p++) {
                writeBehind.markDirty(player("crowd" + p), round, state(round));
            }
        }
        Eventually.get(writeBehind::counters, c -> c.flushed() >= 120 && c.dirty() == 0);
        writeBehind.close();
        List<FaultProxy.Seen> sends = proxy.seen("snapshotIngest").stream()
                .filter(s -> s.body().contains("crowd"))
                .toList();
        assertThat(sends).allSatisfy(s -> assertThat(s.status()).isEqualTo(202));
        for (FaultProxy.Seen send : sends) {
            int snapshots = send.body().split("\"playerId\"", -1).length - 1;
            assertThat(snapshots).isBetween(1, 50);
        }
        assertThat(writeBehind.counters().flushed()).isBetween(120L, 360L);
        Eventually.get(() -> client.snapshotLoad(player("crowd119")), l -> l.version() == 3);
    }

    @Test
    void closeFlushesEverything() throws Exception {
        SnapshotWriteBehind writeBehind =
                SnapshotWriteBehind.builder(client).flushInterval(LONG).build();
        writeBehind.markDirty(player("bea"), 3, state(3));
        writeBehind.markDirty(player("cal"), 5, state(5));
        writeBehind.close();
        assertThat(writeBehind.counters().flushed()).isEqualTo(2);
        assertThat(sendsOf(player("bea"))).hasSize(1);
        assertThat(sendsOf(player("cal"))).isEqualTo(sendsOf(player("bea")));
        Eventually.get(() -> client.snapshotLoad(player("bea")), l -> l.version() == 3);
        Eventually.get(() -> client.snapshotLoad(player("cal")), l -> l.version() == 5);
    }

    @Test
    void aFailedFlushIsRetriedWithTheNewestState() throws Exception {
        String dan = player("dan");
        SnapshotWriteBehind writeBehind =
                SnapshotWriteBehind.builder(once).flushInterval(LONG).build();
        writeBehind.markDirty(dan, 1, state(1));
        proxy.failNext(FaultProxy.Fault.REFUSE_503);
        BlueMarbleException failed = catchThrowableOfType(BlueMarbleException.class, writeBehind::flushAll);
        assertThat(failed.status()).isEqualTo(503);
        assertThat(writeBehind.pendingVersions()).containsEntry(dan, 1L);

        writeBehind.markDirty(dan, 2, state(2));
        writeBehind.flushAll();
        List<FaultProxy.Seen> sends = sendsOf(dan);
        assertThat(sends).hasSize(2);
        assertThat(sends.get(1).body()).contains("\"version\":2").doesNotContain("\"version\":1");
        assertThat(writeBehind.counters().failedSends()).isEqualTo(1);
        writeBehind.close();
        Snapshots.Loaded stored = Eventually.get(() -> client.snapshotLoad(dan), l -> l.version() == 2);
        assertThat(stored.state().get("step").asInt()).isEqualTo(2);

        // A state whose send failed stays pending when nothing newer came.
        SnapshotWriteBehind again =
                SnapshotWriteBehind.builder(once).flushInterval(LONG).build();
        again.markDirty(dan, 3, state(3));
        proxy.failNext(FaultProxy.Fault.REFUSE_503);
        catchThrowableOfType(BlueMarbleException.class, () -> again.flush(dan));
        assertThat(again.pendingVersions()).containsEntry(dan, 3L);
        again.close();
        Eventually.get(() -> client.snapshotLoad(dan), l -> l.version() == 3);
    }

    @Test
    void theCapIsEnforced() throws Exception {
        SnapshotWriteBehind rejecting = SnapshotWriteBehind.builder(once)
                .flushInterval(LONG)
                .maxDirtyPlayers(2)
                .whenFull(SnapshotWriteBehind.WhenFull.REJECT, Duration.ZERO)
                .build();
        // Every send fails, so nothing leaves the map.
        proxy.failNext(FaultProxy.Fault.REFUSE_503, FaultProxy.Fault.REFUSE_503, FaultProxy.Fault.REFUSE_503);
        rejecting.markDirty(player("p1"), 1, state(1));
        rejecting.markDirty(player("p2"), 1, state(1));
        rejecting.markDirty(player("p2"), 2, state(2)); // already dirty: always taken
        catchThrowableOfType(
                SnapshotWriteBehind.FullException.class, () -> rejecting.markDirty(player("p3"), 1, state(1)));
        Eventually.get(rejecting::counters, c -> c.failedSends() >= 1); // the flush the full map asked for
        assertThat(rejecting.pendingVersions()).containsOnlyKeys(player("p1"), player("p2"));
        proxy.clear();
        rejecting.close();

        // BLOCK: the caller waits while the map is full, and goes on once a flush made room.
        SnapshotWriteBehind blocking = SnapshotWriteBehind.builder(client)
                .flushInterval(LONG)
                .maxDirtyPlayers(2)
                .whenFull(SnapshotWriteBehind.WhenFull.BLOCK, Duration.ofSeconds(60))
                .build();
        blocking.markDirty(player("q1"), 1, state(1));
        blocking.markDirty(player("q2"), 1, state(1));
        CompletableFuture<Void> third = CompletableFuture.runAsync(() -> blocking.markDirty(player("q3"), 1, state(1)));
        third.get(60, TimeUnit.SECONDS);
        assertThat(blocking.counters().flushed()).isGreaterThanOrEqualTo(2);
        assertThat(blocking.pendingVersions()).containsKey(player("q3"));

        // BLOCK with no room coming: FullException after the block timeout, the state not taken.
        SnapshotWriteBehind stuck = SnapshotWriteBehind.builder(once)
                .flushInterval(LONG)
                .maxDirtyPlayers(1)
                .whenFull(SnapshotWriteBehind.WhenFull.BLOCK, Duration.ofMillis(300))
                .onFlushFailure(e -> {})
                .build();
        proxy.failNext(FaultProxy.Fault.REFUSE_503, FaultProxy.Fault.REFUSE_503, FaultProxy.Fault.REFUSE_503);
        stuck.markDirty(player("r1"), 1, state(1));
        // The flush it triggers fails, so the map stays full... unless the flush empties it first and re-adds it.
        SnapshotWriteBehind.FullException full = catchThrowableOfType(
                SnapshotWriteBehind.FullException.class, () -> stuck.markDirty(player("r2"), 1, state(1)));
        assertThat(full).hasMessageContaining("policy BLOCK");
        proxy.clear();
        stuck.close();
        blocking.close();
    }
}
