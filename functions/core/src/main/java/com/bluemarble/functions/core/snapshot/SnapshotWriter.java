package com.bluemarble.functions.core.snapshot;

import com.bluemarble.functions.core.player.PlayerId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The batch writer behind the queue. Per player in a batch it keeps only the newest result:
 * the highest full snapshot, then the deltas that chain onto it (or onto the stored snapshot) in
 * version order. One conditional write per player, so a lower or equal version never overwrites a
 * higher one; losing that race is success (the message is superseded), not failure. Only messages
 * that really failed are reported, so the queue redelivers those alone.
 *
 * <p>Players are independent, so with an {@link Executor} they are written concurrently (the
 * executor's threads bound how many at once): a batch of thousands of players takes about
 * players / threads round trips instead of one per player.
 */
public final class SnapshotWriter {

    /** A message as the queue delivered it. */
    public record QueuedMessage(String messageId, String body) {}

    public enum Outcome {
        /** Part of the state this batch stored. */
        WRITTEN(false),
        /** Older than, or equal to, a state already stored or written by this batch: nothing to do. */
        SUPERSEDED(false),
        /** A delta whose base version is not stored yet: redelivered later, never applied out of order. */
        WAITING_FOR_BASE(true),
        /** A delta whose base version was skipped by a newer full snapshot: it can never apply (ends in the DLQ). */
        BASE_SUPERSEDED(true),
        /** Not a snapshot message at all (ends in the DLQ). */
        MALFORMED(true),
        /** A store failed while handling the player; the message is redelivered. */
        STORE_FAILED(true),
        /**
         * The player is frozen for erasure: the message is dropped, never written, and the player's
         * snapshot and claim-checked blobs (every version) are deleted.
         */
        ERASED(false);

        private final boolean failure;

        Outcome(boolean failure) {
            this.failure = failure;
        }

        public boolean isFailure() {
            return failure;
        }
    }

    /**
     * @param outcomes per message id, in delivery order
     * @param reasons per failed message id, why
     * @param tableWrites conditional writes issued (one per player with something new)
     */
    public record BatchReport(Map<String, Outcome> outcomes, Map<String, String> reasons, int tableWrites) {

        public Set<String> failedMessageIds() {
            return outcomes.entrySet().stream()
                    .filter(e -> e.getValue().isFailure())
                    .map(Map.Entry::getKey)
                    .collect(Collectors.toCollection(java.util.LinkedHashSet::new));
        }

        public long count(Outcome outcome) {
            return outcomes.values().stream().filter(outcome::equals).count();
        }
    }

    private record Received(String messageId, SnapshotMessage message) {}

    private final SnapshotTable table;
    private final StateBlobStore blobs;
    private final SnapshotLimits limits;

    private final Executor players;
    private final SnapshotErasures erasures;

    /** Writes the players of a batch one after the other. */
    public SnapshotWriter(SnapshotTable table, StateBlobStore blobs, SnapshotLimits limits) {
        this(table, blobs, limits, Runnable::run);
    }

    /**
     * @param players runs each player's resolve-and-write; a bounded pool bounds the concurrency
     */
    public SnapshotWriter(SnapshotTable table, StateBlobStore blobs, SnapshotLimits limits, Executor players) {
        this(table, blobs, limits, players, SnapshotErasures.NONE);
    }

    /**
     * @param erasures the players frozen for erasure: read once per batch before writing (their
     *     messages are dropped) and once more after, for the players written (a freeze that landed
     *     in between: what was just written is deleted again)
     */
    public SnapshotWriter(
            SnapshotTable table,
            StateBlobStore blobs,
            SnapshotLimits limits,
            Executor players,
            SnapshotErasures erasures) {
        this.table = table;
        this.blobs = blobs;
        this.limits = limits;
        this.players = players;
        this.erasures = erasures;
    }

    /**
     * Deletes everything the snapshot path holds for an erased player: the table item, then every
     * claim-checked state and patch with all their versions. Idempotent.
     */
    static void purge(PlayerId player, SnapshotTable table, StateBlobStore blobs) {
        table.delete(player);
        for (String prefix : StateBlobKeys.prefixesOf(player)) {
            blobs.deleteEveryVersion(prefix);
        }
    }

    public BatchReport write(List<QueuedMessage> batch) {
        Map<String, Outcome> outcomes = new LinkedHashMap<>();
        Map<String, String> reasons = new LinkedHashMap<>();
        Map<PlayerId, List<Received>> byPlayer = new LinkedHashMap<>();
        for (QueuedMessage queued : batch) {
            outcomes.put(queued.messageId(), null);
            try {
                SnapshotMessage message = SnapshotMessage.decode(queued.body());
                byPlayer.computeIfAbsent(message.playerId(), p -> new ArrayList<>())
                        .add(new Received(queued.messageId(), message));
            } catch (SnapshotMessage.MalformedMessageException e) {
                outcomes.put(queued.messageId(), Outcome.MALFORMED);
                reasons.put(queued.messageId(), e.getMessage());
            }
        }
        Set<PlayerId> erased;
        try {
            erased = erasures.marked(byPlayer.keySet());
        } catch (RuntimeException e) {
            // Whether a player is erased is unknown: write nobody, redeliver everything readable.
            byPlayer.values()
                    .forEach(received -> received.forEach(r -> {
                        outcomes.put(r.messageId(), Outcome.STORE_FAILED);
                        reasons.put(r.messageId(), e.toString());
                    }));
            return new BatchReport(outcomes, reasons, 0);
        }
        List<CompletableFuture<PlayerBatch>> resolving = new ArrayList<>(byPlayer.size());
        for (Map.Entry<PlayerId, List<Received>> player : byPlayer.entrySet()) {
            PlayerBatch playerBatch = new PlayerBatch(player.getKey(), player.getValue());
            resolving.add(
                    erased.contains(player.getKey())
                            ? CompletableFuture.supplyAsync(playerBatch::purgeOrFail, players)
                            : CompletableFuture.supplyAsync(playerBatch::resolveOrFail, players));
        }
        int writes = 0;
        List<PlayerBatch> written = new ArrayList<>();
        for (CompletableFuture<PlayerBatch> done : resolving) {
            PlayerBatch playerBatch = done.join(); // resolveOrFail and purgeOrFail never throw
            writes += playerBatch.wrote ? 1 : 0;
            if (playerBatch.wrote) {
                written.add(playerBatch);
            }
            outcomes.putAll(playerBatch.outcomes);
            reasons.putAll(playerBatch.reasons);
        }
        purgeFrozenMeanwhile(written, outcomes, reasons);
        return new BatchReport(outcomes, reasons, writes);
    }

    /**
     * A freeze may land between the first read of the marks and a write: the written players are
     * read again, and whoever is marked now has what was just written deleted (the erasure's own
     * delete may already have run). If the marks cannot be read, the written players' messages are
     * redelivered, and the redelivery drops them and purges the player.
     */
    private void purgeFrozenMeanwhile(
            List<PlayerBatch> written, Map<String, Outcome> outcomes, Map<String, String> reasons) {
        if (written.isEmpty()) {
            return;
        }
        Set<PlayerId> frozen;
        try {
            frozen = erasures.marked(written.stream().map(b -> b.player).toList());
        } catch (RuntimeException e) {
            written.forEach(b -> b.fail(e, outcomes, reasons));
            return;
        }
        for (PlayerBatch playerBatch : written) {
            if (frozen.contains(playerBatch.player)) {
                playerBatch.purgeOrFail();
                outcomes.putAll(playerBatch.outcomes);
                reasons.putAll(playerBatch.reasons);
            }
        }
    }

    /** The state this batch will write for one player: a version and a document. */
    private record Candidate(long version, StateDocument document, boolean isNew) {}

    private final class PlayerBatch {
        private final PlayerId player;
        private final List<Received> messages;
        private final Map<String, Outcome> outcomes = new LinkedHashMap<>();
        private final Map<String, String> reasons = new LinkedHashMap<>();
        private boolean wrote;

        PlayerBatch(PlayerId player, List<Received> messages) {
            this.player = player;
            this.messages = messages;
        }

        /** Resolves the player; a store failure marks all its messages STORE_FAILED (redelivered). */
        PlayerBatch resolveOrFail() {
            try {
                wrote = resolve();
            } catch (RuntimeException e) {
                // Store unavailable (or a claim-checked blob unreadable): the player's messages are redelivered.
                outcomes.clear();
                reasons.clear();
                fail(e, outcomes, reasons);
            }
            return this;
        }

        /** Drops the messages of a player frozen for erasure and purges the player; a store failure redelivers them. */
        PlayerBatch purgeOrFail() {
            outcomes.clear();
            reasons.clear();
            try {
                purge(player, table, blobs);
                for (Received received : messages) {
                    outcomes.put(received.messageId(), Outcome.ERASED);
                }
            } catch (RuntimeException e) {
                fail(e, outcomes, reasons);
            }
            return this;
        }

        void fail(RuntimeException e, Map<String, Outcome> into, Map<String, String> why) {
            for (Received received : messages) {
                into.put(received.messageId(), Outcome.STORE_FAILED);
                why.put(received.messageId(), e.toString());
            }
        }

        /** Decides every message's outcome; returns whether a table write was issued. */
        boolean resolve() {
            Received bestFull = messages.stream()
                    .filter(r -> !r.message().isDelta())
                    .max(Comparator.comparingLong(r -> r.message().version()))
                    .orElse(null);
            List<Received> deltas = messages.stream()
                    .filter(r -> r.message().isDelta())
                    .sorted(Comparator.comparingLong(r -> r.message().version()))
                    .toList();
            long fullVersion = bestFull == null ? 0 : bestFull.message().version();

            Candidate base = bestFull == null
                    ? null
                    : new Candidate(fullVersion, bestFull.message().document(), true);
            List<Received> contributing = new ArrayList<>();
            if (bestFull != null) {
                contributing.add(bestFull);
            }
            // The stored snapshot matters only to deltas newer than the batch's best full snapshot.
            if (deltas.stream().anyMatch(d -> d.message().version() > fullVersion)) {
                StoredSnapshot stored = table.find(player).orElse(null);
                if (stored != null && stored.version() >= fullVersion) {
                    base = new Candidate(stored.version(), stored.state(), false);
                    contributing.clear();
                }
            }
            for (Received full : messages) {
                if (!full.message().isDelta() && !contributing.contains(full)) {
                    outcomes.put(full.messageId(), Outcome.SUPERSEDED);
                }
            }
            ObjectNode state = null;
            for (Received delta : deltas) {
                SnapshotMessage d = delta.message();
                if (base != null && d.version() <= base.version()) {
                    outcomes.put(delta.messageId(), Outcome.SUPERSEDED);
                } else if (base != null && d.baseVersion() == base.version()) {
                    if (state == null) {
                        state = base.document().resolve(blobs);
                    }
                    JsonNode patched = JsonMergePatch.apply(state, d.document().resolve(blobs));
                    state = (ObjectNode) patched; // a patch is always an object, so the result is one
                    base = new Candidate(d.version(), StateDocument.inline(state), true);
                    contributing.add(delta);
                } else if (base == null || d.baseVersion() > base.version()) {
                    outcomes.put(delta.messageId(), Outcome.WAITING_FOR_BASE);
                    reasons.put(
                            delta.messageId(),
                            "delta " + d.version() + " of " + player + " needs version " + d.baseVersion() + "; "
                                    + (base == null
                                            ? "nothing is stored"
                                            : "version " + base.version() + " is the newest known"));
                } else {
                    outcomes.put(delta.messageId(), Outcome.BASE_SUPERSEDED);
                    reasons.put(
                            delta.messageId(),
                            "delta " + d.version() + " of " + player + " is based on version " + d.baseVersion()
                                    + ", but version " + base.version() + " (a full snapshot) replaced it");
                }
            }
            if (base == null || !base.isNew()) {
                return false;
            }
            SnapshotTable.WriteResult result =
                    table.putIfNewer(StoredSnapshot.forTable(player, base.version(), base.document(), limits, blobs));
            Outcome outcome = result == SnapshotTable.WriteResult.WRITTEN ? Outcome.WRITTEN : Outcome.SUPERSEDED;
            for (Received received : contributing) {
                outcomes.put(received.messageId(), outcome);
            }
            return true;
        }
    }
}
