package com.bluemarble.functions.core.snapshot;

import static com.bluemarble.functions.core.snapshot.SnapshotServiceTest.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.bluemarble.functions.core.player.PlayerId;
import com.bluemarble.functions.core.snapshot.SnapshotWriter.Outcome;
import com.bluemarble.functions.core.snapshot.SnapshotWriter.QueuedMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class SnapshotWriterTest {

    private final InMemorySnapshotTable table = new InMemorySnapshotTable();
    private final InMemoryStateBlobStore blobs = new InMemoryStateBlobStore();
    private final SnapshotWriter writer =
            new SnapshotWriter(table, blobs, SnapshotLimits.defaults().withClaimCheckBytes(256));
    private final List<QueuedMessage> batch = new ArrayList<>();

    private String full(String player, long version, String state) {
        return add(new SnapshotMessage(PlayerId.of(player), version, null, StateDocument.inline(json(state))));
    }

    private String delta(String player, long version, long base, String patch) {
        return add(new SnapshotMessage(PlayerId.of(player), version, base, StateDocument.inline(json(patch))));
    }

    private String add(SnapshotMessage message) {
        String id = "m" + batch.size();
        batch.add(new QueuedMessage(id, message.encode()));
        return id;
    }

    private StoredSnapshot stored(String player) {
        return table.rows().get(PlayerId.of(player));
    }

    @Test
    void anUnreadableBodyFailsOnlyItselfNeverItsBatchMates() {
        String good = full("a", 1, "{\"v\":1}");
        batch.add(new QueuedMessage("null-body", null));
        batch.add(new QueuedMessage("not-json", "\ud800{"));
        batch.add(new QueuedMessage("wrong-types", "{\"playerId\":true,\"version\":\"1\",\"state\":[]}"));
        batch.add(new QueuedMessage("huge-version", "{\"playerId\":\"b\",\"version\":1e400,\"state\":{}}"));
        String other = full("c", 2, "{\"v\":2}");

        SnapshotWriter.BatchReport report = writer.write(batch);

        assertThat(report.failedMessageIds()).containsExactly("null-body", "not-json", "wrong-types", "huge-version");
        assertThat(report.outcomes().get(good)).isEqualTo(Outcome.WRITTEN);
        assertThat(report.outcomes().get(other)).isEqualTo(Outcome.WRITTEN);
        assertThat(report.count(Outcome.MALFORMED)).isEqualTo(4);
    }

    @Test
    void coalescesToOneWritePerPlayerWithTheHighestVersion() {
        String a1 = full("a", 1, "{\"v\":1}");
        String a3 = full("a", 3, "{\"v\":3}");
        String a2 = full("a", 2, "{\"v\":2}");
        String b5 = full("b", 5, "{\"v\":5}");
        String b5again = full("b", 5, "{\"v\":5}");

        SnapshotWriter.BatchReport report = writer.write(batch);

        assertThat(report.tableWrites()).isEqualTo(2);
        assertThat(table.attempts()).hasSize(2);
        assertThat(stored("a").version()).isEqualTo(3);
        assertThat(stored("b").state().inline()).isEqualTo(json("{\"v\":5}"));
        assertThat(report.outcomes())
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        a1,
                        Outcome.SUPERSEDED,
                        a3,
                        Outcome.WRITTEN,
                        a2,
                        Outcome.SUPERSEDED,
                        b5,
                        Outcome.WRITTEN,
                        b5again,
                        Outcome.SUPERSEDED));
        assertThat(report.failedMessageIds()).isEmpty();
    }

    @Test
    void anOlderVersionThanTheStoredOneIsSuccessNotFailure() {
        table.putIfNewer(new StoredSnapshot(PlayerId.of("a"), 10, StateDocument.inline(json("{\"v\":10}"))));
        String old = full("a", 4, "{\"v\":4}");

        SnapshotWriter.BatchReport report = writer.write(batch);

        assertThat(report.outcomes()).containsEntry(old, Outcome.SUPERSEDED);
        assertThat(report.failedMessageIds()).isEmpty();
        assertThat(stored("a").version()).isEqualTo(10);
    }

    @Test
    void deltasApplyInVersionOrderOntoTheStoredState() {
        table.putIfNewer(new StoredSnapshot(
                PlayerId.of("a"), 1, StateDocument.inline(json("{\"hp\":10,\"pos\":{\"x\":0,\"y\":0}}"))));
        delta("a", 3, 2, "{\"hp\":null}");
        delta("a", 2, 1, "{\"pos\":{\"x\":5}}");

        SnapshotWriter.BatchReport report = writer.write(batch);

        assertThat(report.failedMessageIds()).isEmpty();
        assertThat(report.tableWrites()).isEqualTo(1);
        assertThat(stored("a").version()).isEqualTo(3);
        assertThat(stored("a").state().inline()).isEqualTo(json("{\"pos\":{\"x\":5,\"y\":0}}"));
    }

    @Test
    void aDeltaWhoseBaseIsNotStoredWaitsAndIsNeverAppliedOutOfOrder() {
        table.putIfNewer(new StoredSnapshot(PlayerId.of("a"), 1, StateDocument.inline(json("{\"n\":1}"))));
        String d3 = delta("a", 3, 2, "{\"n\":3}");

        SnapshotWriter.BatchReport first = writer.write(batch);

        assertThat(first.failedMessageIds()).containsExactly(d3);
        assertThat(first.outcomes()).containsEntry(d3, Outcome.WAITING_FOR_BASE);
        assertThat(stored("a").version()).isEqualTo(1);

        batch.clear();
        delta("a", 2, 1, "{\"n\":2}");
        assertThat(writer.write(batch).failedMessageIds()).isEmpty();
        batch.clear();
        delta("a", 3, 2, "{\"n\":3}");
        assertThat(writer.write(batch).failedMessageIds()).isEmpty();
        assertThat(stored("a").state().inline()).isEqualTo(json("{\"n\":3}"));
    }

    @Test
    void aFullSnapshotSupersedesOlderDeltasAndNewerDeltasChainOntoIt() {
        String d2 = delta("a", 2, 1, "{\"old\":true}");
        String f5 = full("a", 5, "{\"n\":5}");
        String d6 = delta("a", 6, 5, "{\"m\":6}");

        SnapshotWriter.BatchReport report = writer.write(batch);

        assertThat(report.outcomes())
                .containsEntry(d2, Outcome.SUPERSEDED)
                .containsEntry(f5, Outcome.WRITTEN)
                .containsEntry(d6, Outcome.WRITTEN);
        assertThat(stored("a").version()).isEqualTo(6);
        assertThat(stored("a").state().inline()).isEqualTo(json("{\"n\":5,\"m\":6}"));
        assertThat(table.attempts()).hasSize(1);
    }

    @Test
    void aDeltaBasedOnAVersionAFullSnapshotSkippedCanNeverApply() {
        table.putIfNewer(new StoredSnapshot(PlayerId.of("a"), 5, StateDocument.inline(json("{\"n\":5}"))));
        String d7 = delta("a", 7, 4, "{\"n\":7}");

        SnapshotWriter.BatchReport report = writer.write(batch);

        assertThat(report.outcomes()).containsEntry(d7, Outcome.BASE_SUPERSEDED);
        assertThat(report.failedMessageIds()).containsExactly(d7);
    }

    @Test
    void malformedMessagesFailAloneAndTheirBatchMatesAreStored() {
        batch.add(new QueuedMessage("poison", "this is not json"));
        batch.add(new QueuedMessage("wrong-shape", "{\"playerId\":\"a\",\"version\":\"seven\",\"state\":{}}"));
        String ok = full("b", 1, "{}");

        SnapshotWriter.BatchReport report = writer.write(batch);

        assertThat(report.failedMessageIds()).containsExactly("poison", "wrong-shape");
        assertThat(report.outcomes()).containsEntry(ok, Outcome.WRITTEN);
    }

    @Test
    void anUnavailableTableFailsTheMessagesAndLosesNothing() {
        String a = full("a", 1, "{}");
        String b = delta("b", 2, 1, "{}");
        table.setUnavailable(true);

        SnapshotWriter.BatchReport report = writer.write(batch);

        assertThat(report.failedMessageIds()).containsExactlyInAnyOrder(a, b);
        assertThat(report.outcomes().values()).containsOnly(Outcome.STORE_FAILED);
        table.setUnavailable(false);
        assertThat(writer.write(batch).outcomes())
                .containsEntry(a, Outcome.WRITTEN)
                .containsEntry(b, Outcome.WAITING_FOR_BASE);
    }

    @Test
    void aLargeResultIsClaimCheckedAndTheTableKeepsThePointer() {
        ObjectNode big = json("{}");
        big.put("blob", "y".repeat(300));
        full("a", 1, "{\"n\":1}");
        add(new SnapshotMessage(PlayerId.of("a"), 2, 1L, StateDocument.inline(big)));

        writer.write(batch);

        assertThat(stored("a").state()).isEqualTo(StateDocument.stored("states/a/2.json"));
        assertThat(stored("a").state().resolve(blobs))
                .isEqualTo(json("{\"n\":1}").setAll(big));
    }
}
