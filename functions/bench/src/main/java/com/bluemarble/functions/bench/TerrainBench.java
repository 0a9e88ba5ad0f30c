package com.bluemarble.functions.bench;

import com.bluemarble.functions.adapter.s3.terrain.ChunkKeys;
import com.bluemarble.functions.bench.report.Goal;
import com.bluemarble.functions.bench.report.Ratios;
import com.bluemarble.functions.bench.report.Report;
import com.bluemarble.functions.bench.report.Row;
import com.bluemarble.functions.core.terrain.ChunkAddress;
import com.bluemarble.functions.core.terrain.StoredChunk;
import com.bluemarble.functions.core.terrain.TerrainService;
import com.bluemarble.functions.emulators.Emulators;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Terrain chunk put/get through TerrainService and the S3 adapter (validation, zstd, SHA-256,
 * conditional create) against bare S3 PutObject/GetObject of the same raw bytes, on the same
 * emulator, sequential, interleaved blocks; and the stored (compressed) size of realistic
 * height-field chunks read back from S3, against gzip of the same bytes.
 */
final class TerrainBench {

    private static final int SIZE = 128; // 128 x 128 16-bit heights = 32 KiB per chunk
    private static final int BLOCK = 20;

    static void run(BenchEnv env, Report report, int perSide) throws IOException {
        TerrainService service = env.context.getBean(TerrainService.class);
        String bucket = env.aws.bucket("bluemarble-terrain");
        HeightField field = new HeightField(42);
        int warm = 20;
        int total = perSide + warm;
        byte[][] chunks = new byte[total][];
        for (int i = 0; i < total; i++) {
            chunks[i] = field.chunk(i % 40, i / 40, SIZE);
        }
        try (S3Client s3 = Emulators.aws()
                .clients()
                .configure(S3Client.builder(), Duration.ofSeconds(10))
                .build()) {
            Samples adapterPut = new Samples(perSide);
            Samples barePut = new Samples(perSide);
            Samples adapterGet = new Samples(perSide);
            Samples bareGet = new Samples(perSide);
            Samples discard = new Samples(64);
            int next = 0;
            while (next < total) {
                int end = Math.min(total, next + BLOCK);
                for (int i = next; i < end; i++) {
                    ChunkAddress address = new ChunkAddress("earth", 0, i % 40, i / 40);
                    long start = System.nanoTime();
                    service.put(address, chunks[i], null);
                    (i < warm ? discard : adapterPut).add(System.nanoTime() - start);
                }
                for (int i = next; i < end; i++) {
                    String key = "bare/" + i;
                    long start = System.nanoTime();
                    s3.putObject(r -> r.bucket(bucket).key(key), RequestBody.fromBytes(chunks[i]));
                    (i < warm ? discard : barePut).add(System.nanoTime() - start);
                }
                for (int i = next; i < end; i++) {
                    ChunkAddress address = new ChunkAddress("earth", 0, i % 40, i / 40);
                    long start = System.nanoTime();
                    StoredChunk chunk = service.get(address);
                    (i < warm ? discard : adapterGet).add(System.nanoTime() - start);
                    if (!Arrays.equals(chunk.data(), chunks[i])) {
                        throw new IllegalStateException("terrainGet returned other bytes for " + address);
                    }
                }
                for (int i = next; i < end; i++) {
                    String key = "bare/" + i;
                    long start = System.nanoTime();
                    byte[] bytes =
                            s3.getObjectAsBytes(r -> r.bucket(bucket).key(key)).asByteArray();
                    (i < warm ? discard : bareGet).add(System.nanoTime() - start);
                    if (bytes.length != chunks[i].length) {
                        throw new IllegalStateException("bare get returned " + bytes.length + " bytes");
                    }
                }
                next = end;
            }
            String how = perSide + " chunks of " + SIZE + "x" + SIZE + " 16-bit heights (" + chunks[0].length / 1024
                    + " KiB) per side, sequential, interleaved blocks of " + BLOCK;
            report.add(Row.of(
                    "terrain put: adapter vs bare S3 PutObject",
                    adapterPut.sequentialThroughput(),
                    barePut.sequentialThroughput(),
                    Goal.ratioAtLeast(0.9),
                    "puts/s",
                    how + "; adapter p50 "
                            + Ratios.format(adapterPut.percentiles().p50Millis()) + " ms vs bare "
                            + Ratios.format(barePut.percentiles().p50Millis()) + " ms"));
            report.add(Row.of(
                    "terrain get: adapter vs bare S3 GetObject",
                    adapterGet.sequentialThroughput(),
                    bareGet.sequentialThroughput(),
                    Goal.ratioAtLeast(0.9),
                    "gets/s",
                    how + "; adapter p50 "
                            + Ratios.format(adapterGet.percentiles().p50Millis()) + " ms vs bare "
                            + Ratios.format(bareGet.percentiles().p50Millis()) + " ms"));

            long raw = 0;
            long stored = 0;
            long gzip = 0;
            for (int i = warm; i < total; i++) {
                ChunkAddress address = new ChunkAddress("earth", 0, i % 40, i / 40);
                raw += chunks[i].length;
                stored += s3.headObject(r -> r.bucket(bucket).key(ChunkKeys.key(address)))
                        .contentLength();
                gzip += gzipped(chunks[i]);
            }
            report.add(Row.of(
                    "terrain compression ratio (raw/stored): adapter zstd vs gzip -6",
                    (double) raw / stored,
                    (double) raw / gzip,
                    Goal.none(),
                    "x",
                    perSide
                            + " height-field chunks (fractal value noise + jitter); stored sizes read back from S3 (HeadObject): "
                            + raw + " raw bytes -> " + stored + " stored; gzip " + gzip));
        }
    }

    private static long gzipped(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        }
        return out.size();
    }

    private TerrainBench() {}
}
