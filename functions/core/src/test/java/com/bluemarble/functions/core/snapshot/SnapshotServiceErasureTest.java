package com.bluemarble.functions.core.snapshot;

import static com.bluemarble.functions.core.snapshot.SnapshotServiceTest.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.bluemarble.functions.core.error.DomainException;
import com.bluemarble.functions.core.player.PlayerId;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Ingest and load of a player frozen for erasure: 410, before and (for ingest) after enqueuing. */
class SnapshotServiceErasureTest {

    private final InMemorySnapshotErasures marks = new InMemorySnapshotErasures();
    private final InMemorySnapshotTable table = new InMemorySnapshotTable();
    private final InMemoryStateBlobStore blobs = new InMemoryStateBlobStore();
    private final List<String> enqueued = new java.util.ArrayList<>();
    private Runnable whileEnqueuing = () -> {};
    private final SnapshotService service = new SnapshotService(
            bodies -> {
                whileEnqueuing.run();
                enqueued.addAll(bodies);
            },
            table,
            blobs,
            SnapshotLimits.defaults(),
            marks);

    private static void assertGone(Runnable call, String player) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(DomainException.class, e -> {
            assertThat(e.code()).isEqualTo("PLAYER_DATA_ERASED");
            assertThat(e.getMessage()).contains(player);
        });
    }

    @Test
    void aBatchNamingAFrozenPlayerEnqueuesNothingAndLoadIsGone() {
        marks.mark(PlayerId.of("gone"));
        SnapshotIngestRequest batch = SnapshotIngestRequest.batch(List.of(
                SnapshotIngestRequest.full("kept", 1, json("{\"v\":1}")),
                SnapshotIngestRequest.full("gone", 1, json("{\"v\":1}"))));

        assertGone(() -> service.ingest(batch), "gone");
        assertGone(() -> service.load(PlayerId.of("gone")), "gone");

        assertThat(enqueued).isEmpty();
        assertThat(marks.reads.get()).as("one read per request").isEqualTo(2);
    }

    @Test
    void aFreezeLandingWhileEnqueuingIsSeenByTheSecondReadSoNo202FollowsTheFreeze() {
        whileEnqueuing = () -> marks.mark(PlayerId.of("racer"));

        assertGone(() -> service.ingest(SnapshotIngestRequest.full("racer", 1, json("{\"v\":1}"))), "racer");

        assertThat(enqueued).hasSize(1); // enqueued, and the writer drops it (SnapshotWriterErasureTest)
        assertThat(service.ingest(SnapshotIngestRequest.full("other", 1, json("{\"v\":1}"))))
                .isEqualTo(1);
    }
}
