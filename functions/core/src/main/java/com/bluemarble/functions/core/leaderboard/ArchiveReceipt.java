package com.bluemarble.functions.core.leaderboard;

/**
 * Where a season shard was archived and how to verify it.
 *
 * @param location e.g. {@code s3://bucket/leaderboards/weekly-score/2026-W47/eu-west-1.tsv.gz}
 * @param sha256 hex SHA-256 of the stored (compressed) bytes
 */
public record ArchiveReceipt(String location, String sha256, int entries, long bytes) {}
