package com.bluemarble.functions.app.terrain;

import com.bluemarble.functions.adapter.s3.terrain.S3TerrainStore;
import com.bluemarble.functions.aws.AwsClientConfigurer;
import com.bluemarble.functions.core.terrain.TerrainService;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.services.s3.S3Client;

/** Terrain wiring: its own S3 client (bean {@code terrainS3}) and a bounded pool for region reads. */
@Configuration(proxyBeanMethods = false)
public class TerrainConfiguration {

    @Bean(destroyMethod = "close")
    S3Client terrainS3(AwsClientConfigurer aws) {
        return aws.configure(S3Client.builder(), Duration.ofSeconds(10)).build();
    }

    @Bean(destroyMethod = "shutdownNow")
    ExecutorService terrainReaders(TerrainProperties properties) {
        return Executors.newFixedThreadPool(properties.maxParallelReads(), runnable -> {
            Thread thread = new Thread(runnable, "terrain-read");
            thread.setDaemon(true);
            return thread;
        });
    }

    @Bean
    TerrainService terrainService(
            @Qualifier("terrainS3") S3Client s3,
            TerrainProperties properties,
            @Qualifier("terrainReaders") ExecutorService readers) {
        if (properties.bucket() == null || properties.bucket().isBlank()) {
            throw new IllegalStateException("bluemarble.terrain.bucket (BLUEMARBLE_TERRAIN_BUCKET) is not set");
        }
        return new TerrainService(
                new S3TerrainStore(s3, properties.bucket(), properties.maxChunkBytes()),
                properties.worlds(),
                properties.maxChunkBytes(),
                properties.maxParallelReads(),
                readers);
    }
}
