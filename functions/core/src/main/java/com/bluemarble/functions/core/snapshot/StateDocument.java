package com.bluemarble.functions.core.snapshot;

import com.bluemarble.functions.core.error.DomainException;
import com.bluemarble.functions.core.error.ErrorCode;
import java.util.Objects;
import tools.jackson.databind.node.ObjectNode;

/**
 * A JSON object (a state or a merge patch) carried inline, or kept in the blob store under
 * {@code blobKey} when it is too large for a queue message or a table item (claim check).
 */
public record StateDocument(ObjectNode inline, String blobKey) {

    public StateDocument {
        if ((inline == null) == (blobKey == null)) {
            throw new IllegalArgumentException("a document is either inline or in the blob store");
        }
    }

    public static StateDocument inline(ObjectNode json) {
        return new StateDocument(Objects.requireNonNull(json), null);
    }

    public static StateDocument stored(String blobKey) {
        return new StateDocument(null, Objects.requireNonNull(blobKey));
    }

    public boolean isStored() {
        return blobKey != null;
    }

    /** The JSON object itself, fetched from the blob store when it lives there. */
    public ObjectNode resolve(StateBlobStore blobs) {
        if (inline != null) {
            return inline;
        }
        byte[] json = blobs.get(blobKey)
                .orElseThrow(() -> new DomainException(
                        ErrorCode.MISSING_STATE_BLOB, "the state blob " + blobKey + " is missing from the blob store"));
        return SnapshotJson.object(json, "blob " + blobKey);
    }

    /**
     * The same document, moved to the blob store under {@code key} if its compact JSON is larger
     * than {@code claimCheckBytes}. The blob is written before anything refers to it.
     */
    public StateDocument claimCheckedIfLarger(long claimCheckBytes, String key, StateBlobStore blobs) {
        if (inline == null) {
            return this;
        }
        byte[] json = SnapshotJson.bytes(inline);
        if (json.length <= claimCheckBytes) {
            return this;
        }
        blobs.put(key, json);
        return stored(key);
    }
}
