package com.bluemarble.functions.core.snapshot;

import com.bluemarble.functions.core.error.DomainException;
import com.bluemarble.functions.core.error.ErrorCode;
import com.bluemarble.functions.core.player.PlayerId;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.annotation.JsonDeserialize;
import tools.jackson.databind.node.ObjectNode;

/**
 * The body of {@code snapshotIngest} as parsed: one snapshot, or {@code {"snapshots": [...]}}.
 * One snapshot is {@code {playerId, version, state}} or, for a delta,
 * {@code {playerId, version, baseVersion, patch}} with a JSON Merge Patch (RFC 7386).
 * Fields are nullable here so that {@link #validate} can name what is missing.
 */
public record SnapshotIngestRequest(
        String playerId,
        Long version,
        Long baseVersion,

        @JsonDeserialize(using = ExactJson.Deserializer.class)
        JsonNode state,

        @JsonDeserialize(using = ExactJson.Deserializer.class)
        JsonNode patch,

        List<SnapshotIngestRequest> snapshots) {

    public static SnapshotIngestRequest full(String playerId, long version, JsonNode state) {
        return new SnapshotIngestRequest(playerId, version, null, state, null, null);
    }

    public static SnapshotIngestRequest delta(String playerId, long version, long baseVersion, JsonNode patch) {
        return new SnapshotIngestRequest(playerId, version, baseVersion, null, patch, null);
    }

    public static SnapshotIngestRequest batch(List<SnapshotIngestRequest> snapshots) {
        return new SnapshotIngestRequest(null, null, null, null, null, snapshots);
    }

    /** Every snapshot of the request, checked; the first violation is a 400 naming where it is. */
    public List<SnapshotMessage> validate(SnapshotLimits limits) {
        if (snapshots == null) {
            return List.of(validateOne(this, "", limits));
        }
        if (playerId != null || version != null || baseVersion != null || state != null || patch != null) {
            throw new DomainException(
                    ErrorCode.INVALID_REQUEST, "send either one snapshot or {\"snapshots\": [...]}, not both");
        }
        if (snapshots.isEmpty()) {
            throw new DomainException(ErrorCode.EMPTY_BATCH, "snapshots must hold at least one snapshot");
        }
        if (snapshots.size() > limits.maxSnapshotsPerRequest()) {
            throw new DomainException(
                    ErrorCode.TOO_MANY_SNAPSHOTS,
                    "snapshots holds " + snapshots.size() + " snapshots; at most " + limits.maxSnapshotsPerRequest()
                            + " are allowed per request");
        }
        List<SnapshotMessage> messages = new ArrayList<>(snapshots.size());
        for (int i = 0; i < snapshots.size(); i++) {
            SnapshotIngestRequest item = snapshots.get(i);
            String where = "snapshots[" + i + "]";
            if (item == null) {
                throw new DomainException(ErrorCode.MISSING_FIELD, where + " is null");
            }
            if (item.snapshots() != null) {
                throw new DomainException(ErrorCode.INVALID_REQUEST, where + " must not hold snapshots itself");
            }
            messages.add(validateOne(item, where + ".", limits));
        }
        return messages;
    }

    private static SnapshotMessage validateOne(SnapshotIngestRequest item, String where, SnapshotLimits limits) {
        try {
            PlayerId player = PlayerId.of(item.playerId());
            if (item.version() == null) {
                throw new DomainException(ErrorCode.MISSING_FIELD, "version is required");
            }
            if (item.version() < 1) {
                throw new DomainException(ErrorCode.INVALID_VERSION, "version must be at least 1");
            }
            boolean hasState = item.state() != null && !item.state().isNull();
            boolean hasPatch = item.patch() != null && !item.patch().isNull();
            if (hasState && hasPatch) {
                throw new DomainException(
                        ErrorCode.INVALID_SNAPSHOT,
                        "send either state (a full snapshot) or patch with baseVersion (a delta), not both");
            }
            if (hasPatch && item.baseVersion() == null) {
                throw new DomainException(ErrorCode.MISSING_FIELD, "baseVersion is required with patch");
            }
            if (!hasPatch && item.baseVersion() != null) {
                throw new DomainException(ErrorCode.INVALID_SNAPSHOT, "baseVersion is only allowed with patch");
            }
            if (!hasState && !hasPatch) {
                throw new DomainException(
                        ErrorCode.MISSING_FIELD, "state is required (or patch with baseVersion for a delta)");
            }
            String field = hasState ? "state" : "patch";
            JsonNode document = hasState ? item.state() : item.patch();
            if (!document.isObject()) {
                throw new DomainException(ErrorCode.INVALID_STATE, field + " must be a JSON object");
            }
            checkNoEconomy((ObjectNode) document, field, limits);
            String uncarriable = QueueText.firstUncarriablePath(document, field);
            if (uncarriable != null) {
                throw new DomainException(
                        ErrorCode.UNSUPPORTED_CHARACTER,
                        uncarriable + " holds a lone surrogate, U+FFFE or U+FFFF, which the snapshot queue cannot"
                                + " carry; send valid Unicode text");
            }
            long bytes = SnapshotJson.bytes(document).length;
            if (bytes > limits.maxDocumentBytes()) {
                throw new DomainException(
                        ErrorCode.STATE_TOO_LARGE,
                        field + " is " + bytes + " bytes of JSON; at most " + limits.maxDocumentBytes()
                                + " are allowed");
            }
            return new SnapshotMessage(
                    player, item.version(), hasPatch ? item.baseVersion() : null, StateDocument.inline((ObjectNode)
                            document));
        } catch (DomainException e) {
            throw where.isEmpty() ? e : new DomainException(e.errorCode(), where + e.getMessage(), e.details(), e);
        }
    }

    /** Economic data never travels the write-behind path: it lives only in Spanner. */
    private static void checkNoEconomy(ObjectNode document, String field, SnapshotLimits limits) {
        for (String key : document.propertyNames()) {
            if (limits.isEconomyKey(key)) {
                throw new DomainException(
                        ErrorCode.ECONOMY_FIELD,
                        field + "." + key
                                + " looks like economic data (currency and items live only in the economy, never in a snapshot); "
                                + "top-level keys refused: " + new java.util.TreeSet<>(limits.economyKeys()));
            }
        }
    }
}
