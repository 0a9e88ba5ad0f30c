package com.bluemarble.functions.core.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.bluemarble.functions.core.error.DomainException;
import com.bluemarble.functions.core.error.ErrorKind;
import com.bluemarble.functions.core.player.PlayerId;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class SnapshotServiceTest {

    private final InMemorySnapshotQueue queue = new InMemorySnapshotQueue();
    private final InMemorySnapshotTable table = new InMemorySnapshotTable();
    private final InMemoryStateBlobStore blobs = new InMemoryStateBlobStore();
    private final SnapshotLimits limits =
            SnapshotLimits.defaults().withMaxDocumentBytes(4096).withClaimCheckBytes(512);
    private final SnapshotService service = new SnapshotService(queue, table, blobs, limits);

    static ObjectNode json(String text) {
        return (ObjectNode) SnapshotJson.MAPPER.readTree(text);
    }

    private void assertInvalid(SnapshotIngestRequest request, String code, String messagePart) {
        assertThatThrownBy(() -> service.ingest(request)).isInstanceOfSatisfying(DomainException.class, e -> {
            assertThat(e.kind()).isEqualTo(ErrorKind.INVALID);
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.getMessage()).contains(messagePart);
        });
        assertThat(queue.bodies()).as("nothing enqueued").isEmpty();
        assertThat(blobs.blobs()).as("nothing claim-checked").isEmpty();
    }

    @Test
    void acceptsOneSnapshotAndEnqueuesItInline() {
        int accepted = service.ingest(SnapshotIngestRequest.full("p-1", 3, json("{\"pos\":[1,2,3]}")));

        assertThat(accepted).isEqualTo(1);
        SnapshotMessage queued = SnapshotMessage.decode(queue.bodies().get(0));
        assertThat(queued)
                .isEqualTo(new SnapshotMessage(
                        PlayerId.of("p-1"), 3, null, StateDocument.inline(json("{\"pos\":[1,2,3]}"))));
    }

    @Test
    void largeDocumentsGoToTheBlobStoreAndTheMessageCarriesTheKey() {
        ObjectNode big = json("{}");
        big.put("blob", "x".repeat(1000));
        service.ingest(SnapshotIngestRequest.batch(
                List.of(SnapshotIngestRequest.full("p-1", 1, big), SnapshotIngestRequest.delta("p-1", 2, 1, big))));

        List<SnapshotMessage> queued =
                queue.bodies().stream().map(SnapshotMessage::decode).toList();
        assertThat(queued.get(0).document()).isEqualTo(StateDocument.stored("states/p-1/1.json"));
        assertThat(queued.get(1).document()).isEqualTo(StateDocument.stored("patches/p-1/2.json"));
        assertThat(queue.bodies().get(0).length()).isLessThan(200);
        assertThat(queued.get(0).document().resolve(blobs)).isEqualTo(big);
    }

    @Test
    void missingVersionIsRejected() {
        assertInvalid(
                new SnapshotIngestRequest("p-1", null, null, json("{}"), null, null),
                "MISSING_FIELD",
                "version is required");
    }

    @Test
    void zeroOrNegativeVersionIsRejected() {
        assertInvalid(SnapshotIngestRequest.full("p-1", 0, json("{}")), "INVALID_VERSION", "at least 1");
        assertInvalid(SnapshotIngestRequest.full("p-1", -5, json("{}")), "INVALID_VERSION", "at least 1");
    }

    @Test
    void badPlayerIdIsRejected() {
        assertInvalid(SnapshotIngestRequest.full("no spaces", 1, json("{}")), "INVALID_PLAYER_ID", "playerId");
        assertInvalid(SnapshotIngestRequest.full(null, 1, json("{}")), "MISSING_FIELD", "playerId");
    }

    @Test
    void oversizedStateIsRejected() {
        ObjectNode huge = json("{}");
        huge.put("blob", "x".repeat(5000));
        assertInvalid(SnapshotIngestRequest.full("p-1", 1, huge), "STATE_TOO_LARGE", "at most 4096");
    }

    @Test
    void economyFieldsAtTheTopLevelOfStateOrPatchAreRejected() {
        for (String key : List.of("currency", "Items", "inventory", "wallet", "balances", "GOLD")) {
            assertInvalid(
                    SnapshotIngestRequest.full("p-1", 1, json("{\"" + key + "\": 1}")),
                    "ECONOMY_FIELD",
                    "state." + key);
            assertInvalid(
                    SnapshotIngestRequest.delta("p-1", 2, 1, json("{\"" + key + "\": null}")),
                    "ECONOMY_FIELD",
                    "patch." + key);
        }
    }

    @Test
    void economyWordsBelowTheTopLevelAreGameStateNotEconomy() {
        service.ingest(SnapshotIngestRequest.full("p-1", 1, json("{\"quests\":{\"q1\":{\"reward\":{\"gold\":5}}}}")));
        assertThat(queue.bodies()).hasSize(1);
    }

    @Test
    void stateMustBeAnObjectAndExactlyOneOfStateOrPatch() {
        assertInvalid(
                new SnapshotIngestRequest("p-1", 1L, null, SnapshotJson.MAPPER.readTree("[1]"), null, null),
                "INVALID_STATE",
                "JSON object");
        assertInvalid(
                new SnapshotIngestRequest("p-1", 1L, null, null, null, null), "MISSING_FIELD", "state is required");
        assertInvalid(
                new SnapshotIngestRequest("p-1", 2L, 1L, json("{}"), json("{}"), null), "INVALID_SNAPSHOT", "not both");
        assertInvalid(
                new SnapshotIngestRequest("p-1", 2L, null, null, json("{}"), null), "MISSING_FIELD", "baseVersion");
        assertInvalid(SnapshotIngestRequest.delta("p-1", 2, 2, json("{}")), "INVALID_BASE_VERSION", "below version");
    }

    @Test
    void oneBadSnapshotInABatchRejectsTheWholeBatchAndSaysWhich() {
        JsonNode ok = json("{\"hp\":3}");
        assertInvalid(
                SnapshotIngestRequest.batch(List.of(
                        SnapshotIngestRequest.full("p-1", 1, ok),
                        SnapshotIngestRequest.full("p-2", 1, json("{\"wallet\":{}}")))),
                "ECONOMY_FIELD",
                "snapshots[1].state.wallet");
        assertInvalid(SnapshotIngestRequest.batch(List.of()), "EMPTY_BATCH", "at least one");
    }

    @Test
    void unavailableQueueIsA503AndNothingIsAccepted() {
        queue.setUnavailable(true);
        assertThatThrownBy(() -> service.ingest(SnapshotIngestRequest.full("p-1", 1, json("{}"))))
                .isInstanceOfSatisfying(
                        DomainException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.UNAVAILABLE));
    }

    @Test
    void loadReturnsTheStoredStateOr404() {
        assertThatThrownBy(() -> service.load(PlayerId.of("nobody")))
                .isInstanceOfSatisfying(
                        DomainException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.NOT_FOUND));
        blobs.put("states/p-9/4.json", "{\"big\":true}".getBytes());
        table.putIfNewer(new StoredSnapshot(PlayerId.of("p-9"), 4, StateDocument.stored("states/p-9/4.json")));

        assertThat(service.load(PlayerId.of("p-9")))
                .isEqualTo(new LoadedSnapshot(PlayerId.of("p-9"), 4, json("{\"big\":true}")));
    }
}
