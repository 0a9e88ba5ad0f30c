package com.bluemarble.functions.core.terrain;

import com.bluemarble.functions.core.error.DomainException;
import com.bluemarble.functions.core.error.ErrorKind;

/** 409: the chunk exists (create) or changed since the caller read it (replace). Carries the current ETag. */
public final class ChunkConflictException extends DomainException {

    private final String currentEtag;

    public ChunkConflictException(String code, String message, String currentEtag) {
        super(ErrorKind.CONFLICT, code, message);
        this.currentEtag = currentEtag;
    }

    /** The chunk's ETag now, or null when it was deleted meanwhile. */
    public String currentEtag() {
        return currentEtag;
    }
}
