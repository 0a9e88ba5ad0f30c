package com.bluemarble.functions.core.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import com.bluemarble.functions.core.player.PlayerId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ErasureReplayTest {

    @Test
    void everyRecordedPlayerIsErasedAgainFromEveryStorePageByPage() {
        InMemoryErasureLog log = new InMemoryErasureLog();
        List<String> calls = new ArrayList<>();
        FakeDataStore economy = new FakeDataStore("economy", calls, call -> FakeDataStore.Fault.NONE);
        FakeDataStore snapshots = new FakeDataStore("snapshots", calls, call -> FakeDataStore.Fault.NONE);
        int erased = ErasureReplay.PAGE + 3; // more than one page of the log
        for (int i = 0; i < erased; i++) {
            PlayerId player = PlayerId.of(String.format("p%04d", i));
            log.record(UUID.randomUUID(), player, "r", Instant.EPOCH);
            // A restore brought the player back in both stores.
            economy.write(player, "gold", i);
            snapshots.write(player, "state", Map.of());
        }
        log.record(UUID.randomUUID(), PlayerId.of("p0000"), "asked twice", Instant.EPOCH);
        PlayerId kept = PlayerId.of("zed");
        economy.write(kept, "gold", 1);

        assertThat(new ErasureReplay(
                                log,
                                () -> new ErasureReplay.Target(log, List.of(economy, snapshots)),
                                ErasureSagaTest.CLOCK)
                        .reapply())
                .isEqualTo(erased);
        assertThat(economy.data).containsOnlyKeys(kept);
        assertThat(snapshots.data).isEmpty();
        assertThat(calls).hasSize(2 * erased);
        assertThat(ErasureReplay.NONE.reapply()).isZero();
        assertThat(log.unfinished(1000)).hasSize(erased + 1); // the live log is only read
    }

    @Test
    void aRestoreIntoAnotherDatabaseRecordsEachErasureThereDone() {
        InMemoryErasureLog live = new InMemoryErasureLog();
        InMemoryErasureLog restored = new InMemoryErasureLog();
        List<String> calls = new ArrayList<>();
        FakeDataStore economy = new FakeDataStore("economy", calls, call -> FakeDataStore.Fault.NONE);
        live.record(UUID.randomUUID(), PlayerId.of("ann"), "r", Instant.EPOCH);
        economy.write(PlayerId.of("ann"), "gold", 5);
        ErasureReplay replay = new ErasureReplay(
                live, () -> new ErasureReplay.Target(restored, List.of(economy)), ErasureSagaTest.CLOCK);

        assertThat(replay.reapply()).isEqualTo(1);
        assertThat(replay.reapply()).as("again: the same record, nothing left").isEqualTo(1);
        assertThat(economy.data).isEmpty();
        assertThat(restored.erasedPlayers(null, 10)).containsExactly(PlayerId.of("ann"));
        assertThat(restored.unfinished(10)).isEmpty();
    }
}
