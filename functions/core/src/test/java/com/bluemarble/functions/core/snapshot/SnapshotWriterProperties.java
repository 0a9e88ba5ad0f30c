package com.bluemarble.functions.core.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import com.bluemarble.functions.core.player.PlayerId;
import com.bluemarble.functions.core.snapshot.SnapshotWriter.QueuedMessage;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Whatever the delivery (duplicates, any order, any batching, failed messages redelivered), the
 * writer converges to the state of applying every update in version order, and every state it
 * ever stores is exactly the in-order state of its version (so no version regresses or is wrong).
 */
class SnapshotWriterProperties {

    /** One update of a player's history: a full state, or a patch from the previous version. */
    record Step(boolean full, Map<String, Integer> values, Set<String> removals) {}

    @Provide
    Arbitrary<Step> steps() {
        Arbitrary<String> keys = Arbitraries.of("hp", "x", "y", "quest", "zone");
        return Combinators.combine(
                        Arbitraries.of(true, false, false),
                        Arbitraries.maps(keys, Arbitraries.integers().between(0, 99))
                                .ofMaxSize(3),
                        keys.set().ofMaxSize(2))
                .as(Step::new);
    }

    @Property(tries = 200)
    void outOfOrderDuplicatedDeliveryConvergesToInOrderApplication(
            @ForAll @Size(min = 1, max = 4)
                    List<@Size(min = 1, max = 8) List<@net.jqwik.api.From("steps") Step>> histories,
            @ForAll @IntRange(min = 1, max = 10) int maxBatch,
            @ForAll long seed) {
        Random random = new Random(seed);
        InMemorySnapshotTable table = new InMemorySnapshotTable();
        InMemoryStateBlobStore blobs = new InMemoryStateBlobStore();
        // a low claim-check threshold so that some states and patches travel through the blob store
        SnapshotWriter writer =
                new SnapshotWriter(table, blobs, SnapshotLimits.defaults().withClaimCheckBytes(24));

        Map<PlayerId, Map<Long, ObjectNode>> expected = new HashMap<>();
        List<String> bodies = new ArrayList<>();
        for (int p = 0; p < histories.size(); p++) {
            PlayerId player = PlayerId.of("p" + p);
            ObjectNode state = SnapshotJson.NODES.objectNode();
            Map<Long, ObjectNode> byVersion = new HashMap<>();
            List<Step> history = histories.get(p);
            for (int i = 0; i < history.size(); i++) {
                long version = i + 1;
                Step step = history.get(i);
                SnapshotMessage message;
                if (step.full() || i == 0) {
                    state = SnapshotJson.NODES.objectNode();
                    step.values().forEach(state::put);
                    message = new SnapshotMessage(
                            player,
                            version,
                            null,
                            document(state.deepCopy(), StateBlobKeys.state(player, version), blobs));
                } else {
                    ObjectNode patch = SnapshotJson.NODES.objectNode();
                    step.removals().forEach(patch::putNull);
                    step.values().forEach(patch::put);
                    state = (ObjectNode) JsonMergePatch.apply(state, patch);
                    message = new SnapshotMessage(
                            player, version, version - 1, document(patch, StateBlobKeys.patch(player, version), blobs));
                }
                byVersion.put(version, state.deepCopy());
                bodies.add(message.encode());
            }
            expected.put(player, byVersion);
        }

        Deque<QueuedMessage> queue = new ArrayDeque<>();
        List<QueuedMessage> deliveries = new ArrayList<>();
        int id = 0;
        for (String body : bodies) {
            int copies = 1 + random.nextInt(3);
            for (int c = 0; c < copies; c++) {
                deliveries.add(new QueuedMessage("m" + id++, body));
            }
        }
        Collections.shuffle(deliveries, random);
        queue.addAll(deliveries);

        int batches = 0;
        while (!queue.isEmpty()) {
            assertThat(++batches).as("the queue drains").isLessThan(10_000);
            List<QueuedMessage> batch = new ArrayList<>();
            int size = 1 + random.nextInt(maxBatch);
            while (batch.size() < size && !queue.isEmpty()) {
                batch.add(queue.poll());
            }
            SnapshotWriter.BatchReport report = writer.write(batch);
            Set<PlayerId> players = new HashSet<>();
            batch.forEach(m -> players.add(SnapshotMessage.decode(m.body()).playerId()));
            assertThat(report.tableWrites()).isLessThanOrEqualTo(players.size());
            assertThat(report.count(SnapshotWriter.Outcome.BASE_SUPERSEDED)
                            + report.count(SnapshotWriter.Outcome.MALFORMED))
                    .isZero();
            Set<String> failed = report.failedMessageIds();
            batch.stream().filter(m -> failed.contains(m.messageId())).forEach(queue::add); // redelivery
        }

        for (InMemorySnapshotTable.Attempt attempt : table.attempts()) {
            StoredSnapshot written = attempt.snapshot();
            assertThat(written.state().resolve(blobs))
                    .as("state written for %s at version %d", written.playerId(), written.version())
                    .isEqualTo(expected.get(written.playerId()).get(written.version()));
        }
        Map<PlayerId, Long> lastWritten = new HashMap<>();
        for (InMemorySnapshotTable.Attempt attempt : table.attempts()) {
            if (attempt.result() == SnapshotTable.WriteResult.WRITTEN) {
                Long previous = lastWritten.put(
                        attempt.snapshot().playerId(), attempt.snapshot().version());
                assertThat(previous == null || previous < attempt.snapshot().version())
                        .as("no stored version regresses")
                        .isTrue();
            }
        }
        for (Map.Entry<PlayerId, Map<Long, ObjectNode>> player : expected.entrySet()) {
            long highest = player.getValue().size();
            StoredSnapshot stored = table.rows().get(player.getKey());
            assertThat(stored.version()).isEqualTo(highest);
            assertThat((JsonNode) stored.state().resolve(blobs))
                    .isEqualTo(player.getValue().get(highest));
        }
    }

    private static StateDocument document(ObjectNode json, String key, StateBlobStore blobs) {
        return StateDocument.inline(json).claimCheckedIfLarger(24, key, blobs);
    }
}
