package com.bluemarble.functions.core.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.bluemarble.functions.core.error.DomainException;
import com.bluemarble.functions.core.player.PlayerId;
import com.bluemarble.functions.core.snapshot.InMemorySnapshotTable;
import com.bluemarble.functions.core.snapshot.InMemoryStateBlobStore;
import com.bluemarble.functions.core.snapshot.SnapshotJson;
import com.bluemarble.functions.core.snapshot.SnapshotLimits;
import com.bluemarble.functions.core.snapshot.SnapshotTable;
import com.bluemarble.functions.core.snapshot.StateBlobKeys;
import com.bluemarble.functions.core.snapshot.StateDocument;
import com.bluemarble.functions.core.snapshot.StoredSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/** The snapshot exporter and restorer on the in-memory fakes. */
class SnapshotsBackupTest {

    private static final SnapshotLimits LIMITS = SnapshotLimits.defaults().withClaimCheckBytes(64);
    private static final String BIG = "{\"quests\":\"" + "q".repeat(200) + "\"}";

    private final InMemorySnapshotTable live = new InMemorySnapshotTable();
    private final InMemoryStateBlobStore blobs = new InMemoryStateBlobStore();

    private void store(String player, long version, String json) {
        live.putIfNewer(StoredSnapshot.forTable(
                PlayerId.of(player), version, StateDocument.inline(SnapshotJson.object(json, "t")), LIMITS, blobs));
    }

    private List<List<Object>> export(SnapshotsExporter exporter) {
        List<List<Object>> rows = new ArrayList<>();
        exporter.export(table -> {
            assertThat(table).isEqualTo(SnapshotsExporter.TABLE);
            return new EconomyExporter.TableWriter() {
                @Override
                public void row(List<Object> values) {
                    rows.add(values);
                }

                @Override
                public void close() {}
            };
        });
        return rows;
    }

    @Test
    void everySnapshotIsCopiedPageByPageWithClaimCheckedStatesInline() {
        for (int i = 0; i < 5; i++) {
            store("p" + i, 10 + i, i == 3 ? BIG : "{\"hp\":" + i + "}");
        }
        assertThat(live.rows().get(PlayerId.of("p3")).state().isStored()).isTrue();
        List<List<Object>> rows = export(new SnapshotsExporter(live, blobs, 2));
        assertThat(rows)
                .containsExactly(
                        List.of("p0", 10L, "{\"hp\":0}"),
                        List.of("p1", 11L, "{\"hp\":1}"),
                        List.of("p2", 12L, "{\"hp\":2}"),
                        List.of("p3", 13L, BIG),
                        List.of("p4", 14L, "{\"hp\":4}"));
    }

    @Test
    void aMissingBlobIsTakenFromTheNewerVersionThatReplacedItOrFailsTheBackup() {
        StoredSnapshot stale = new StoredSnapshot(PlayerId.of("ann"), 1, StateDocument.stored("states/ann/1.json"));
        // The scan saw version 1 (whose blob is gone); the table now holds version 2.
        SnapshotTable table = new SnapshotTable() {
            @Override
            public Optional<StoredSnapshot> find(PlayerId player) {
                return live.find(player);
            }

            @Override
            public WriteResult putIfNewer(StoredSnapshot snapshot) {
                return live.putIfNewer(snapshot);
            }

            @Override
            public void delete(PlayerId player) {

                live.delete(player);
            }

            @Override
            public Page scan(String cursor, int limit) {
                return new Page(List.of(stale), null);
            }
        };
        store("ann", 2, "{\"hp\":2}");
        assertThat(export(new SnapshotsExporter(table, blobs, 10))).containsExactly(List.of("ann", 2L, "{\"hp\":2}"));

        InMemorySnapshotTable onlyStale =
                new InMemorySnapshotTable(); // nothing newer: the backup fails, it never copies a hole
        onlyStale.putIfNewer(stale);
        assertThatThrownBy(() -> export(new SnapshotsExporter(onlyStale, blobs, 10)))
                .isInstanceOfSatisfying(
                        DomainException.class, e -> assertThat(e.code()).isEqualTo("MISSING_STATE_BLOB"));
    }

    @Test
    void aRestoreClaimChecksLargeStatesAgainAndNeverLowersAVersion() {
        InMemorySnapshotTable target = new InMemorySnapshotTable();
        InMemoryStateBlobStore targetBlobs = new InMemoryStateBlobStore();
        SnapshotsRestorer restorer = new SnapshotsRestorer(target, "restore", targetBlobs, LIMITS, 2);
        assertThat(restorer.targetIsEmpty()).isTrue();

        assertThat(restorer.write(SnapshotsExporter.TABLE, List.of("big", 4L, BIG)))
                .isTrue();
        StoredSnapshot big = target.rows().get(PlayerId.of("big"));
        assertThat(big.state().blobKey()).isEqualTo(StateBlobKeys.state(PlayerId.of("big"), 4));
        ObjectNode state = big.state().resolve(targetBlobs);
        assertThat(SnapshotJson.text(state)).isEqualTo(BIG);

        assertThat(restorer.write(SnapshotsExporter.TABLE, List.of("small", 2L, "{\"hp\":1}")))
                .isTrue();
        assertThat(target.rows().get(PlayerId.of("small")).state().isStored()).isFalse();
        assertThat(restorer.targetIsEmpty()).isFalse();

        target.putIfNewer(new StoredSnapshot(
                PlayerId.of("small"), 9, StateDocument.inline(SnapshotJson.object("{\"hp\":9}", "t"))));
        assertThat(restorer.write(SnapshotsExporter.TABLE, List.of("small", 2L, "{\"hp\":1}")))
                .as("kept newer")
                .isFalse();
        assertThat(target.rows().get(PlayerId.of("small")).version()).isEqualTo(9);
        assertThat(restorer.countRows()).isEqualTo(2);
    }
}
