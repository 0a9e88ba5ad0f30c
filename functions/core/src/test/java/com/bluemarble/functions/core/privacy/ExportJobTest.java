package com.bluemarble.functions.core.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.bluemarble.functions.core.error.DomainException;
import com.bluemarble.functions.core.error.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class ExportJobTest {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final Duration URL_VALIDITY = Duration.ofHours(1);

    static final class World {
        final ErasureSagaTest.World stores;
        final InMemoryExportLog log = new InMemoryExportLog();
        final InMemoryExportBucket bucket = new InMemoryExportBucket();
        final ExportJob job;

        World(FakeDataStore.Faults faults) {
            stores = new ErasureSagaTest.World(faults);
            job = new ExportJob(log, stores.stores(), bucket, ErasureSagaTest.CLOCK, URL_VALIDITY);
        }
    }

    @Test
    void theDocumentHoldsEachStoresExportOfThePlayerAndNothingElse() throws Exception {
        World world = new World(ErasureSagaTest.NO_FAULTS);
        UUID exportId = UUID.randomUUID();
        ExportJob.Progress started = world.job.start(exportId, ErasureSagaTest.ANN);
        assertThat(started.state()).isEqualTo(ExportJob.State.RUNNING);
        assertThat(started.url()).isEmpty();
        assertThat(started.stepsPending())
                .containsExactly("export-economy", "export-snapshots", "export-leaderboards", "assemble");

        assertThatThrownBy(() -> world.job.runStep(exportId, "assemble"))
                .extracting(e -> ((DomainException) e).errorCode())
                .isEqualTo(ErrorCode.STEP_OUT_OF_ORDER);
        ExportJob.Progress done = world.job.runPending(exportId);

        assertThat(done.state()).isEqualTo(ExportJob.State.DONE);
        assertThat(done.url()).contains("memory://exports/exports/" + exportId + ".json?validFor=3600");
        assertThat(world.bucket.keys())
                .containsExactlyInAnyOrder(
                        "exports/" + exportId + "/parts/economy.json",
                        "exports/" + exportId + "/parts/snapshots.json",
                        "exports/" + exportId + "/parts/leaderboards.json",
                        "exports/" + exportId + ".json");
        var document =
                JSON.readTree(world.bucket.get(ExportJob.documentKey(exportId)).orElseThrow());
        assertThat(document.propertyNames())
                .containsExactly("exportId", "playerId", "exportedAt", "economy", "snapshots", "leaderboards");
        assertThat(document.get("exportId").asString()).isEqualTo(exportId.toString());
        assertThat(document.get("playerId").asString()).isEqualTo("ann");
        assertThat(document.get("exportedAt").asString()).isEqualTo("2026-11-29T06:00:00Z");
        assertThat(JSON.treeToValue(document.get("economy"), Map.class))
                .isEqualTo(Map.of("player", "ann", "data", Map.of("gold", 100)));
        assertThat(JSON.treeToValue(document.get("snapshots"), Map.class))
                .isEqualTo(Map.of("player", "ann", "data", Map.of("state", Map.of("zone", "harbor"))));
        assertThat(new String(world.bucket.get(ExportJob.documentKey(exportId)).orElseThrow(), StandardCharsets.UTF_8))
                .doesNotContain("\"bo\"");

        assertThat(world.job.runStep(exportId, "assemble")).isEqualTo(ErasureSaga.Outcome.ALREADY_DONE);
        assertThat(world.job.unfinished(10)).isEmpty();
    }

    @Test
    void badRequests() {
        World world = new World(ErasureSagaTest.NO_FAULTS);
        UUID exportId = UUID.randomUUID();
        world.job.start(exportId, ErasureSagaTest.ANN);
        assertThatThrownBy(() -> world.job.start(exportId, ErasureSagaTest.BO))
                .extracting(e -> ((DomainException) e).errorCode())
                .isEqualTo(ErrorCode.EXPORT_ID_REUSED);
        assertThatThrownBy(() -> world.job.progress(UUID.randomUUID()))
                .extracting(e -> ((DomainException) e).errorCode())
                .isEqualTo(ErrorCode.UNKNOWN_EXPORT);
        assertThatThrownBy(() -> world.job.runStep(exportId, "erase-economy"))
                .extracting(e -> ((DomainException) e).errorCode())
                .isEqualTo(ErrorCode.INVALID_ERASURE_STEP);
        assertThat(world.bucket.keys()).isEmpty();
    }

    @Test
    void aPartThatCannotBeProducedAfterTheRetriesFailsTheExportForGood() {
        List<Integer> failed = new ArrayList<>();
        World world = new World(call -> {
            failed.add(call);
            return FakeDataStore.Fault.BEFORE; // every store call fails
        });
        UUID exportId = UUID.randomUUID();
        world.job.start(exportId, ErasureSagaTest.ANN);
        List<Duration> waits = new ArrayList<>();
        try (LocalPrivacyDriver driver = new LocalPrivacyDriver(
                null,
                world.job,
                new LocalPrivacyDriver.Backoff(Duration.ofMillis(100), Duration.ofMillis(250), 4),
                waits::add,
                1)) {
            assertThat(driver.runExport(exportId)).isFalse();
        }
        assertThat(failed).hasSize(4);
        assertThat(waits).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(250));
        ExportJob.Progress progress = world.job.progress(exportId);
        assertThat(progress.state()).isEqualTo(ExportJob.State.FAILED);
        assertThat(progress.record().failure())
                .hasValueSatisfying(f -> assertThat(f).contains("export-economy failed 4 times"));
        assertThatThrownBy(() -> world.job.runStep(exportId, "export-economy"))
                .extracting(e -> ((DomainException) e).errorCode())
                .isEqualTo(ErrorCode.EXPORT_FAILED);
        assertThat(world.job.unfinished(10)).isEmpty();
    }

    @Property(tries = 200)
    void anyCrashPointsGiveTheSameDocument(@ForAll("faults") Map<Integer, FakeDataStore.Fault> faults) {
        World reference = new World(ErasureSagaTest.NO_FAULTS);
        UUID exportId = UUID.randomUUID();
        reference.job.start(exportId, ErasureSagaTest.ANN);
        reference.job.runPending(exportId);

        World world = new World(call -> faults.getOrDefault(call, FakeDataStore.Fault.NONE));
        world.job.start(exportId, ErasureSagaTest.ANN);
        try (LocalPrivacyDriver driver = new LocalPrivacyDriver(
                null, world.job, new LocalPrivacyDriver.Backoff(Duration.ZERO, Duration.ZERO, 20), d -> {}, 1)) {
            assertThat(driver.runExport(exportId)).isTrue();
        }
        assertThat(world.bucket.get(ExportJob.documentKey(exportId)).orElseThrow())
                .isEqualTo(reference.bucket.get(ExportJob.documentKey(exportId)).orElseThrow());
    }

    @Provide
    Arbitrary<Map<Integer, FakeDataStore.Fault>> faults() {
        return Arbitraries.maps(
                        Arbitraries.integers().between(0, 12),
                        Arbitraries.of(FakeDataStore.Fault.BEFORE, FakeDataStore.Fault.AFTER))
                .ofMaxSize(6);
    }

    @Test
    void theLocalDriverRunsInTheBackgroundAndResumesWhatIsUnfinished() throws Exception {
        ErasureSagaTest.World erasures = new ErasureSagaTest.World(ErasureSagaTest.NO_FAULTS);
        World exports = new World(ErasureSagaTest.NO_FAULTS);
        UUID eraseId = UUID.randomUUID();
        UUID exportId = UUID.randomUUID();
        erasures.saga.request(eraseId, ErasureSagaTest.ANN, "r"); // a process that stopped after the 202
        exports.job.start(exportId, ErasureSagaTest.BO);
        try (LocalPrivacyDriver driver = new LocalPrivacyDriver(
                erasures.saga,
                exports.job,
                new LocalPrivacyDriver.Backoff(Duration.ofMillis(10), Duration.ofMillis(100), 3),
                2)) {
            assertThat(driver.resumeUnfinished()).isEqualTo(2);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while ((!erasures.saga.unfinished(10).isEmpty()
                            || !exports.job.unfinished(10).isEmpty())
                    && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
        }
        assertThat(erasures.saga.progress(eraseId).state()).isEqualTo(ErasureSaga.State.DONE);
        assertThat(exports.job.progress(exportId).state()).isEqualTo(ExportJob.State.DONE);
    }
}
