package com.bluemarble.functions.core.config;

/** Where the game config document lives (an S3 object in production), read conditionally by ETag. */
public interface GameConfigSource {

    /** What a conditional read found. */
    sealed interface Fetch permits Unchanged, Missing, Changed {}

    /** The document's ETag is still the one the caller has. */
    record Unchanged() implements Fetch {}

    /** There is no document. */
    record Missing() implements Fetch {}

    /** A document with another ETag. */
    record Changed(String etag, byte[] body) implements Fetch {}

    /**
     * @param knownEtag the ETag of the document the caller has, or null
     * @throws RuntimeException when the source cannot be reached
     */
    Fetch fetchIfChanged(String knownEtag);

    /** Where the document lives, for logs. */
    String describe();
}
