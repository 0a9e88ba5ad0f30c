package com.bluemarble.functions.core.terrain;

/** A chunk's bytes (as the editor sent them, uncompressed) and the ETag of the stored version. */
public record StoredChunk(ChunkAddress address, byte[] data, String etag) {}
