package com.bluemarble.functions.core.terrain;

import com.bluemarble.functions.core.error.DomainException;
import com.bluemarble.functions.core.error.ErrorCode;
import java.util.Collections;

/**
 * 409: the chunk exists (create) or changed since the caller read it (replace). Carries the
 * current ETag, which the error body shows as {@code etag} (left out when the chunk is gone).
 */
public final class ChunkConflictException extends DomainException {

    private final String currentEtag;

    public ChunkConflictException(ErrorCode code, String message, String currentEtag) {
        super(code, message, Collections.singletonMap("etag", currentEtag));
        this.currentEtag = currentEtag;
    }

    /** The chunk's ETag now, or null when it was deleted meanwhile. */
    public String currentEtag() {
        return currentEtag;
    }
}
