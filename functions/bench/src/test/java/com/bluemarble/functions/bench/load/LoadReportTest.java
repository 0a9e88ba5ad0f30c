package com.bluemarble.functions.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoadReportTest {

    @Test
    void theReportShowsEachFunctionsLatencyOverTimeAndItsStatusMix(@TempDir Path dir) throws Exception {
        int n = 100;
        long[] starts = new long[n];
        long[] elapsed = new long[n];
        for (int i = 0; i < n; i++) {
            starts[i] = i * 100_000_000L; // one call every 100 ms over 10 s
            elapsed[i] = (i < 50 ? 5 : 50) * 1_000_000L; // slower in the second half
        }
        Path file = LoadReport.write(
                dir.resolve("load/report.html"),
                "./dev load: test <run>",
                10.0,
                List.of(
                        new LoadReport.Calls("trade", starts, elapsed, n, Map.of(200, 90, 422, 10)),
                        new LoadReport.Calls("terrainGet", new long[0], new long[0], 0, Map.of(-1, 3))));
        String html = Files.readString(file);
        assertThat(html)
                .startsWith("<!doctype html>")
                .contains("./dev load: test &lt;run&gt;")
                .contains("<h2>trade</h2>")
                .contains("200&times;90")
                .contains("422&times;10")
                .contains("no answer&times;3")
                .contains("<polyline");
        // p50 over the whole run is 5 ms, p99 50 ms; the chart's scale tops at the slowest slice.
        assertThat(html).contains("<td>5.00</td><td>50.0</td>").contains("50.0 ms</text>");
        assertThat(LoadReport.percentile(new double[] {1, 2, 3, 4}, 0.5)).isEqualTo(2);
    }
}
