package com.bluemarble.functions.app.terrain;

import com.bluemarble.functions.app.JsonFunctions;
import com.bluemarble.functions.app.Reply;
import com.bluemarble.functions.core.error.DomainException;
import com.bluemarble.functions.core.error.ErrorCode;
import com.bluemarble.functions.core.telemetry.MetricNames;
import com.bluemarble.functions.core.telemetry.Metrics;
import com.bluemarble.functions.core.telemetry.Telemetry;
import com.bluemarble.functions.core.terrain.ChunkAddress;
import com.bluemarble.functions.core.terrain.ChunkRegion;
import com.bluemarble.functions.core.terrain.StoredChunk;
import com.bluemarble.functions.core.terrain.TerrainService;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;

/** {@code terrainPut}, {@code terrainGet}, {@code terrainGetRegion}: terrain chunks on S3. */
@Configuration(proxyBeanMethods = false)
public class TerrainFunctions {

    record Put(String world, Integer lod, Integer x, Integer z, String data, String ifMatch) {}

    record Get(String world, Integer lod, Integer x, Integer z) {}

    record GetRegion(String world, Integer lod, Integer minX, Integer minZ, Integer maxX, Integer maxZ) {}

    record EtagAnswer(String etag) {}

    record ChunkAnswer(String data, String etag) {}

    record RegionChunk(int x, int z, String data, String etag) {}

    record RegionAnswer(String world, int lod, List<RegionChunk> chunks) {}

    private static final int SMALL_REQUEST_BYTES = 4 * 1024;

    @Bean
    Function<Message<byte[]>, Message<byte[]>> terrainPut(TerrainService terrain) {
        // base64 grows data by 4/3; 4 KiB for the other fields.
        int maxRequest =
                (int) Math.min(Integer.MAX_VALUE, (long) terrain.maxChunkBytes() * 4 / 3 + 4 + SMALL_REQUEST_BYTES);
        return JsonFunctions.endpoint("terrainPut", Put.class, maxRequest, request -> {
            ChunkAddress address = ChunkAddress.of(request.world(), request.lod(), request.x(), request.z());
            if (request.data() == null) {
                throw new DomainException(ErrorCode.MISSING_FIELD, "data (base64) is required");
            }
            byte[] data;
            try {
                data = Base64.getDecoder().decode(request.data());
            } catch (IllegalArgumentException e) {
                throw new DomainException(ErrorCode.INVALID_FIELD, "data must be standard base64: " + e.getMessage());
            }
            Telemetry.metrics().put(MetricNames.TERRAIN_BYTES_IN, data.length, Metrics.Unit.BYTES);
            // A conflict (ChunkConflictException) answers 409 with the chunk's current etag as a detail.
            return Reply.ok(new EtagAnswer(terrain.put(address, data, request.ifMatch())));
        });
    }

    @Bean
    Function<Message<byte[]>, Message<byte[]>> terrainGet(TerrainService terrain) {
        return JsonFunctions.endpoint("terrainGet", Get.class, SMALL_REQUEST_BYTES, request -> {
            StoredChunk chunk = terrain.get(ChunkAddress.of(request.world(), request.lod(), request.x(), request.z()));
            Telemetry.metrics().put(MetricNames.TERRAIN_BYTES_OUT, chunk.data().length, Metrics.Unit.BYTES);
            return Reply.ok(new ChunkAnswer(Base64.getEncoder().encodeToString(chunk.data()), chunk.etag()));
        });
    }

    @Bean
    Function<Message<byte[]>, Message<byte[]>> terrainGetRegion(TerrainService terrain) {
        return JsonFunctions.endpoint("terrainGetRegion", GetRegion.class, SMALL_REQUEST_BYTES, request -> {
            if (request.lod() == null
                    || request.minX() == null
                    || request.minZ() == null
                    || request.maxX() == null
                    || request.maxZ() == null) {
                throw new DomainException(
                        ErrorCode.MISSING_FIELD, "world, lod, minX, minZ, maxX and maxZ are required");
            }
            ChunkRegion region = new ChunkRegion(
                    request.world(), request.lod(), request.minX(), request.minZ(), request.maxX(), request.maxZ());
            List<StoredChunk> stored = terrain.region(region);
            Telemetry.metrics()
                    .put(
                            MetricNames.TERRAIN_BYTES_OUT,
                            stored.stream().mapToLong(c -> c.data().length).sum(),
                            Metrics.Unit.BYTES);
            List<RegionChunk> chunks = stored.stream()
                    .map(c -> new RegionChunk(
                            c.address().x(),
                            c.address().z(),
                            Base64.getEncoder().encodeToString(c.data()),
                            c.etag()))
                    .toList();
            return Reply.ok(new RegionAnswer(region.world(), region.lod(), chunks));
        });
    }
}
