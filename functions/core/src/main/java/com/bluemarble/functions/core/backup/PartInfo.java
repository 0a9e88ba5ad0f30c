package com.bluemarble.functions.core.backup;

/**
 * One stored part of a table: gzip-compressed NDJSON, one row per line.
 *
 * @param bytes stored (compressed) size
 * @param sha256 hex SHA-256 of the stored bytes
 */
public record PartInfo(String key, long rows, long bytes, String sha256) {}
