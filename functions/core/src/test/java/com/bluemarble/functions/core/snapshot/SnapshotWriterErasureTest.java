package com.bluemarble.functions.core.snapshot;

import static com.bluemarble.functions.core.snapshot.SnapshotServiceTest.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.bluemarble.functions.core.player.PlayerId;
import com.bluemarble.functions.core.snapshot.SnapshotWriter.Outcome;
import com.bluemarble.functions.core.snapshot.SnapshotWriter.QueuedMessage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The writer and the erasure marks: a frozen player's messages are dropped and the player purged;
 * a freeze landing between the writer's read of the marks and its write is caught by the second
 * read; marks that cannot be read write nobody (every message is redelivered).
 */
class SnapshotWriterErasureTest {

    private final InMemorySnapshotTable table = new InMemorySnapshotTable();
    private final InMemoryStateBlobStore blobs = new InMemoryStateBlobStore();
    private final InMemorySnapshotErasures marks = new InMemorySnapshotErasures();
    private final SnapshotWriter writer =
            new SnapshotWriter(table, blobs, SnapshotLimits.defaults().withClaimCheckBytes(256), Runnable::run, marks);
    private final List<QueuedMessage> batch = new ArrayList<>();

    private String full(String player, long version, String state) {
        String id = "m" + batch.size();
        SnapshotMessage message =
                new SnapshotMessage(PlayerId.of(player), version, null, StateDocument.inline(json(state)));
        batch.add(new QueuedMessage(id, message.encode()));
        return id;
    }

    private static String big(int version) {
        return "{\"v\":" + version + ",\"pad\":\"" + "p".repeat(400) + "\"}"; // above the 256-byte claim check
    }

    @Test
    void aFrozenPlayersMessagesAreDroppedAndThePlayerPurgedWhileOthersAreWritten() {
        table.putIfNewer(StoredSnapshot.forTable(
                PlayerId.of("gone"),
                1,
                StateDocument.inline(json(big(1))),
                SnapshotLimits.defaults().withClaimCheckBytes(256),
                blobs));
        blobs.put(StateBlobKeys.patch(PlayerId.of("gone"), 2), "{}".getBytes());
        marks.mark(PlayerId.of("gone"));
        String dropped = full("gone", 3, big(3));
        String written = full("kept", 1, "{\"v\":1}");

        SnapshotWriter.BatchReport report = writer.write(batch);

        assertThat(report.outcomes()).containsEntry(dropped, Outcome.ERASED).containsEntry(written, Outcome.WRITTEN);
        assertThat(report.failedMessageIds()).isEmpty();
        assertThat(table.rows()).containsOnlyKeys(PlayerId.of("kept"));
        assertThat(blobs.blobs().keySet()).noneMatch(key -> key.contains("/gone/"));
        assertThat(marks.reads.get())
                .as("one read before writing, one after for the written players")
                .isEqualTo(2);
    }

    @Test
    void aFreezeBetweenTheFirstReadAndTheWriteIsCaughtAfterTheWriteAndWhatWasWrittenIsDeleted() {
        String id = full("racer", 5, big(5));
        marks.beforeRead = () -> {
            if (marks.reads.get() == 1) { // after the first read, before the second: the write happened in between
                marks.marked.add(PlayerId.of("racer"));
            }
        };

        SnapshotWriter.BatchReport report = writer.write(batch);

        assertThat(table.attempts()).hasSize(1); // it was written...
        assertThat(report.outcomes()).containsEntry(id, Outcome.ERASED);
        assertThat(table.rows()).isEmpty(); // ...and deleted again, with its claim-checked state
        assertThat(blobs.blobs()).isEmpty();
        assertThat(report.tableWrites()).isEqualTo(1);
    }

    @Test
    void marksThatCannotBeReadWriteNobodyAndEveryMessageIsRedelivered() {
        String a = full("a", 1, "{\"v\":1}");
        String b = full("b", 1, "{\"v\":1}");
        batch.add(new QueuedMessage("junk", "not json"));
        marks.unavailable = true;

        SnapshotWriter.BatchReport report = writer.write(batch);

        assertThat(report.outcomes())
                .containsEntry(a, Outcome.STORE_FAILED)
                .containsEntry(b, Outcome.STORE_FAILED)
                .containsEntry("junk", Outcome.MALFORMED);
        assertThat(table.attempts()).isEmpty();
    }

    @Test
    void marksUnreadableAfterTheWriteRedeliverTheWrittenPlayersMessages() {
        String a = full("a", 1, "{\"v\":1}");
        marks.beforeRead = () -> marks.unavailable = marks.reads.get() == 1;

        SnapshotWriter.BatchReport report = writer.write(batch);

        assertThat(report.outcomes()).containsEntry(a, Outcome.STORE_FAILED);
        assertThat(report.failedMessageIds()).containsExactly(a);
    }
}
