package com.bluemarble.client;

import java.util.List;
import tools.jackson.databind.JsonNode;

/** Requests and answers of snapshotIngest and snapshotLoad. */
public final class Snapshots {
    private Snapshots() {}

    /**
     * A full snapshot ({@code state}) or a JSON Merge Patch delta ({@code baseVersion} +
     * {@code patch}) of one player.
     */
    public record Snapshot(String playerId, long version, JsonNode state, Long baseVersion, JsonNode patch) {
        public static Snapshot full(String playerId, long version, JsonNode state) {
            return new Snapshot(playerId, version, state, null, null);
        }

        public static Snapshot delta(String playerId, long version, long baseVersion, JsonNode patch) {
            return new Snapshot(playerId, version, null, baseVersion, patch);
        }
    }

    record Batch(List<Snapshot> snapshots) {}

    /** 202: SQS acknowledged every snapshot of the request. */
    public record Accepted(boolean accepted, int snapshots) {}

    record LoadRequest(String playerId) {}

    public record Loaded(String playerId, long version, JsonNode state) {}
}
