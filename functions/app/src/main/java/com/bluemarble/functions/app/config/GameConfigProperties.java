package com.bluemarble.functions.app.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code bluemarble.config.*}; in Lambda the bucket comes from BLUEMARBLE_CONFIG_BUCKET.
 * An empty bucket means no hot reload: the deployment's {@code bluemarble.economy.*} rules stay.
 *
 * @param key the document's key in the bucket
 * @param pollInterval the document is re-checked (by ETag) at most this often
 */
@ConfigurationProperties("bluemarble.config")
public record GameConfigProperties(String bucket, String key, Duration pollInterval) {}
