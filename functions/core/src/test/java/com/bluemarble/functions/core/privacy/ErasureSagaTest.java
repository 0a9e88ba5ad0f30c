package com.bluemarble.functions.core.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.bluemarble.functions.core.error.DomainException;
import com.bluemarble.functions.core.error.ErrorCode;
import com.bluemarble.functions.core.player.PlayerId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class ErasureSagaTest {

    static final PlayerId ANN = PlayerId.of("ann");
    static final PlayerId BO = PlayerId.of("bo");
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-29T06:00:00Z"), ZoneOffset.UTC);

    /** The three stores, the log and the saga over them, with ann's and bo's data in every store. */
    static final class World {
        final List<String> calls = new ArrayList<>();
        final InMemoryErasureLog log = new InMemoryErasureLog();
        final FakeDataStore economy;
        final FakeDataStore snapshots;
        final FakeDataStore leaderboards;
        final ErasureSaga saga;

        World(FakeDataStore.Faults faults) {
            economy = new FakeDataStore("economy", calls, faults);
            snapshots = new FakeDataStore("snapshots", calls, faults);
            leaderboards = new FakeDataStore("leaderboards", calls, faults);
            saga = new ErasureSaga(log, stores(), CLOCK);
            for (PlayerId player : List.of(ANN, BO)) {
                economy.write(player, "gold", 100);
                snapshots.write(player, "state", Map.of("zone", "harbor"));
                leaderboards.write(player, "global-score", 4200);
            }
        }

        List<PlayerDataStore> stores() {
            return List.of(economy, snapshots, leaderboards);
        }

        /** What every store holds and which players each has frozen: the end state compared. */
        Map<String, Object> state() {
            return Map.of(
                    "data", List.of(economy.data, snapshots.data, leaderboards.data),
                    "frozen", List.of(snapshots.frozen, leaderboards.frozen));
        }
    }

    static final FakeDataStore.Faults NO_FAULTS = call -> FakeDataStore.Fault.NONE;

    @Test
    void theRequestFreezesBeforeItAnswersAndTheStepsEraseInOrder() {
        World world = new World(NO_FAULTS);
        UUID eraseId = UUID.randomUUID();
        ErasureSaga.Progress answered = world.saga.request(eraseId, ANN, "player asked (ticket 12)");

        assertThat(answered.state()).isEqualTo(ErasureSaga.State.RUNNING);
        assertThat(answered.stepsDone()).containsExactly("freeze-snapshots", "freeze-leaderboards");
        assertThat(answered.stepsPending()).containsExactly("erase-economy", "erase-snapshots", "erase-leaderboards");
        assertThat(world.snapshots.write(ANN, "state", Map.of())).isFalse();
        assertThat(world.leaderboards.write(ANN, "global-score", 1)).isFalse();
        assertThat(world.snapshots.write(BO, "state", Map.of("zone", "moon"))).isTrue();
        assertThat(world.calls).containsExactly("snapshots: freeze ann", "leaderboards: freeze ann");

        assertThat(world.saga.runPending(eraseId).state()).isEqualTo(ErasureSaga.State.DONE);
        assertThat(world.calls)
                .containsExactly(
                        "snapshots: freeze ann",
                        "leaderboards: freeze ann",
                        "economy: erase ann",
                        "snapshots: erase ann",
                        "leaderboards: erase ann");
        assertThat(world.economy.data).containsOnlyKeys(BO);
        assertThat(world.snapshots.data).containsOnlyKeys(BO);
        assertThat(world.leaderboards.data).containsOnlyKeys(BO);
        assertThat(world.saga.progress(eraseId).record().reason()).isEqualTo("player asked (ticket 12)");
        assertThat(world.saga.unfinished(10)).isEmpty();
    }

    @Test
    void aStepRunsOnceThenAnswersAlreadyDoneAndNeverBeforeItsPredecessors() {
        World world = new World(NO_FAULTS);
        UUID eraseId = UUID.randomUUID();
        world.saga.request(eraseId, ANN, "r");

        assertThatThrownBy(() -> world.saga.runStep(eraseId, "erase-snapshots"))
                .isInstanceOfSatisfying(DomainException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(ErrorCode.STEP_OUT_OF_ORDER);
                    assertThat(e.details()).containsEntry("pending", List.of("erase-economy"));
                });
        assertThat(world.economy.data).containsKey(ANN);
        assertThat(world.snapshots.data).containsKey(ANN);

        assertThat(world.saga.runStep(eraseId, "erase-economy")).isEqualTo(ErasureSaga.Outcome.DONE);
        int calls = world.calls.size();
        assertThat(world.saga.runStep(eraseId, "erase-economy")).isEqualTo(ErasureSaga.Outcome.ALREADY_DONE);
        assertThat(world.saga.runStep(eraseId, "freeze-snapshots")).isEqualTo(ErasureSaga.Outcome.ALREADY_DONE);
        assertThat(world.calls).hasSize(calls);
    }

    @Test
    void badRequestsAreRefusedAndChangeNothing() {
        World world = new World(NO_FAULTS);
        UUID eraseId = UUID.randomUUID();
        world.saga.request(eraseId, ANN, "r");
        Map<String, Object> before = world.state();

        assertThatThrownBy(() -> world.saga.request(eraseId, BO, "r"))
                .extracting(e -> ((DomainException) e).errorCode())
                .isEqualTo(ErrorCode.ERASE_ID_REUSED);
        assertThatThrownBy(() -> world.saga.runStep(eraseId, "erase-everything"))
                .extracting(e -> ((DomainException) e).errorCode())
                .isEqualTo(ErrorCode.INVALID_ERASURE_STEP);
        assertThatThrownBy(() -> world.saga.runStep(UUID.randomUUID(), "erase-economy"))
                .extracting(e -> ((DomainException) e).errorCode())
                .isEqualTo(ErrorCode.UNKNOWN_ERASURE);
        assertThatThrownBy(() -> world.saga.progress(UUID.randomUUID()))
                .extracting(e -> ((DomainException) e).errorCode())
                .isEqualTo(ErrorCode.UNKNOWN_ERASURE);
        assertThat(world.state()).isEqualTo(before);
        assertThat(world.log.erasedPlayers(null, 10)).containsExactly(ANN);
    }

    @Test
    void requestValidation() {
        assertThat(PrivacyRequests.id("eraseId", "3f2b8c1e-0c4d-4e8a-9a3b-2f1e0d9c8b7a"))
                .isEqualTo(UUID.fromString("3f2b8c1e-0c4d-4e8a-9a3b-2f1e0d9c8b7a"));
        for (String bad :
                List.of("3F2B8C1E-0C4D-4E8A-9A3B-2F1E0D9C8B7A", "3f2b8c1e0c4d4e8a9a3b2f1e0d9c8b7a", "1-2-3-4-5", "")) {
            assertThatThrownBy(() -> PrivacyRequests.id("eraseId", bad))
                    .extracting(e -> ((DomainException) e).errorCode())
                    .isEqualTo(ErrorCode.INVALID_ID);
        }
        assertThatThrownBy(() -> PrivacyRequests.id("eraseId", null))
                .extracting(e -> ((DomainException) e).errorCode())
                .isEqualTo(ErrorCode.MISSING_FIELD);
        assertThat(PrivacyRequests.reason("x".repeat(200))).hasSize(200);
        assertThat(PrivacyRequests.reason("😀".repeat(200))).hasSize(400); // characters, not UTF-16 units
        for (String bad : List.of("", "   ", "x".repeat(201), "line\nbreak", "\uD800")) {
            assertThatThrownBy(() -> PrivacyRequests.reason(bad))
                    .extracting(e -> ((DomainException) e).errorCode())
                    .isEqualTo(ErrorCode.INVALID_FIELD);
        }
        assertThatThrownBy(() -> PrivacyRequests.player("not a player"))
                .extracting(e -> ((DomainException) e).errorCode())
                .isEqualTo(ErrorCode.INVALID_PLAYER_ID);
    }

    @Test
    void erasingTwiceIsOneErasure() {
        World world = new World(NO_FAULTS);
        UUID eraseId = UUID.randomUUID();
        world.saga.request(eraseId, ANN, "r");
        world.saga.runPending(eraseId);
        Map<String, Object> once = world.state();
        ErasureRecord first = world.saga.progress(eraseId).record();

        // The same request again: the same record, nothing runs.
        int calls = world.calls.size();
        assertThat(world.saga.request(eraseId, ANN, "another reason").record()).isEqualTo(first);
        assertThat(world.saga.runPending(eraseId).state()).isEqualTo(ErasureSaga.State.DONE);
        assertThat(world.calls).hasSize(calls);
        // A second erasure of the same player: recorded, its steps find nothing left.
        UUID again = UUID.randomUUID();
        world.saga.request(again, ANN, "asked twice");
        world.saga.runPending(again);
        assertThat(world.state()).isEqualTo(once);
        assertThat(world.log.erasedPlayers(null, 10)).containsExactly(ANN);
    }

    /**
     * Faults at random calls (a store down before its effect, or the process dying after it, before
     * the step is recorded), and a driver that is retried until it finishes: the end state is the one
     * of a run without faults, and no erase ever ran before both freezes took effect.
     */
    @Property(tries = 300)
    void anyCrashPointsReachTheSameEndState(@ForAll("faults") Map<Integer, FakeDataStore.Fault> faults) {
        World reference = new World(NO_FAULTS);
        UUID eraseId = UUID.randomUUID();
        reference.saga.request(eraseId, ANN, "r");
        reference.saga.runPending(eraseId);

        World world = new World(call -> faults.getOrDefault(call, FakeDataStore.Fault.NONE));
        LocalPrivacyDriver driver = new LocalPrivacyDriver(
                world.saga, null, new LocalPrivacyDriver.Backoff(Duration.ZERO, Duration.ZERO, 2), d -> {}, 1);
        int requests = 0;
        while (true) { // playerErase answers 503 until its freeze steps are done; the caller retries
            requests++;
            try {
                world.saga.request(eraseId, ANN, "r");
                break;
            } catch (FakeDataStore.CrashException e) {
                assertThat(requests).isLessThan(40);
            }
        }
        int starts = 0;
        while (!driver.runErasure(eraseId)) { // the driver gave up or died: the next start resumes
            assertThat(++starts).isLessThan(40);
        }
        driver.close();

        assertThat(world.state()).isEqualTo(reference.state());
        assertThat(world.saga.progress(eraseId).state()).isEqualTo(ErasureSaga.State.DONE);
        assertThat(world.saga.unfinished(10)).isEmpty();
        Set<String> frozenBy = new java.util.HashSet<>();
        for (int i = 0; i < world.calls.size(); i++) {
            String call = world.calls.get(i);
            FakeDataStore.Fault fault = faults.getOrDefault(i, FakeDataStore.Fault.NONE);
            if (call.contains(": erase")) {
                assertThat(frozenBy).as("stores frozen before " + call).contains("snapshots", "leaderboards");
            }
            if (call.contains(": freeze") && fault != FakeDataStore.Fault.BEFORE) {
                frozenBy.add(call.substring(0, call.indexOf(':')));
            }
        }
    }

    @Provide
    Arbitrary<Map<Integer, FakeDataStore.Fault>> faults() {
        return Arbitraries.maps(
                        Arbitraries.integers().between(0, 30),
                        Arbitraries.of(FakeDataStore.Fault.BEFORE, FakeDataStore.Fault.AFTER))
                .ofMaxSize(12);
    }

    @Test
    void theStoresMustBeTheThreeOfTheContract() {
        World world = new World(NO_FAULTS);
        assertThatThrownBy(() -> new ErasureSaga(world.log, List.of(world.economy, world.snapshots), CLOCK))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(ErasureSaga.STEPS.stream()
                        .map(s -> s.substring(s.indexOf('-') + 1))
                        .collect(Collectors.toSet()))
                .containsExactlyInAnyOrderElementsOf(ErasureSaga.STORES);
    }
}
