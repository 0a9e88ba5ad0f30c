package com.bluemarble.functions.app.terrain;

import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code bluemarble.terrain.*}; in Lambda the bucket comes from BLUEMARBLE_TERRAIN_BUCKET.
 *
 * @param worlds worlds that exist (others are 404 UNKNOWN_WORLD)
 * @param maxChunkBytes uncompressed size cap of one chunk
 * @param maxParallelReads S3 reads in flight at once for region reads (per process)
 */
@ConfigurationProperties("bluemarble.terrain")
public record TerrainProperties(String bucket, Set<String> worlds, int maxChunkBytes, int maxParallelReads) {}
