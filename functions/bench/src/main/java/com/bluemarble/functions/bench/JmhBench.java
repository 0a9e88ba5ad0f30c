package com.bluemarble.functions.bench;

import com.bluemarble.functions.bench.jmh.ChunkCodecBenchmark;
import com.bluemarble.functions.bench.report.Goal;
import com.bluemarble.functions.bench.report.Report;
import com.bluemarble.functions.bench.report.Row;
import java.util.Collection;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/** Runs the JMH benchmarks (one fork, short and bounded) and turns their scores into report rows. */
final class JmhBench {

    static void run(Report report, boolean quick) throws Exception {
        Options options = new OptionsBuilder()
                .include(ChunkCodecBenchmark.class.getName() + ".*")
                .forks(1)
                .warmupIterations(quick ? 1 : 2)
                .warmupTime(TimeValue.seconds(1))
                .measurementIterations(quick ? 2 : 4)
                .measurementTime(TimeValue.seconds(1))
                .threads(1)
                .build();
        Collection<RunResult> results = new Runner(options).run();
        double zstd = Double.NaN;
        double gzip = Double.NaN;
        String zstdError = "";
        for (RunResult result : results) {
            String name = result.getParams().getBenchmark();
            double score = result.getPrimaryResult().getScore();
            if (name.endsWith("zstdLevel3")) {
                zstd = score;
                zstdError = String.format("+-%.0f", result.getPrimaryResult().getScoreError());
            } else if (name.endsWith("gzipLevel6")) {
                gzip = score;
            }
        }
        double chunkMb = 128 * 128 * 2 / 1_048_576.0;
        report.add(Row.of(
                "terrain codec encode throughput (JMH, in-process): zstd -3 vs gzip -6",
                zstd * chunkMb,
                gzip * chunkMb,
                Goal.none(),
                "MB/s",
                String.format(
                        "one 32 KiB height-field chunk per op, 1 fork, 1 thread; zstd %.0f ops/s %s (99.9%% CI)",
                        zstd, zstdError)));
    }

    private JmhBench() {}
}
