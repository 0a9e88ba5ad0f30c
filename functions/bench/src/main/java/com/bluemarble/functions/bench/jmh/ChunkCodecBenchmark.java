package com.bluemarble.functions.bench.jmh;

import com.github.luben.zstd.Zstd;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * In-process (JMH): encoding one realistic 32 KiB height-field chunk with the terrain adapter's
 * codec (zstd level 3, as S3TerrainStore) vs gzip level 6, the usual alternative.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ChunkCodecBenchmark {

    private byte[] chunk;

    @Setup
    public void setUp() {
        chunk = com.bluemarble.functions.bench.HeightFieldAccess.chunk(3, 4);
    }

    @Benchmark
    public byte[] zstdLevel3() {
        return Zstd.compress(chunk, 3);
    }

    @Benchmark
    public int gzipLevel6() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(chunk.length);
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(chunk);
        }
        return out.size();
    }
}
