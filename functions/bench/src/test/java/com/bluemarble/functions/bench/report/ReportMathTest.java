package com.bluemarble.functions.bench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class ReportMathTest {

    @Test
    void ratioIsValueOverBaselineAndNaNWhenNotMeasurable() {
        assertThat(Ratios.ratio(90, 100)).isEqualTo(0.9);
        assertThat(Ratios.ratio(1, 0)).isNaN();
        assertThat(Ratios.ratio(Double.NaN, 3)).isNaN();
        assertThat(Ratios.ratio(3, Double.NaN)).isNaN();
    }

    @Test
    void goalsDecideOnRatioValueOrOverhead() {
        assertThat(Goal.ratioAtLeast(0.9).evaluate(90, 100)).isTrue();
        assertThat(Goal.ratioAtLeast(0.9).evaluate(89.9, 100)).isFalse();
        assertThat(Goal.ratioAtMost(0.05).evaluate(50, 1000)).isTrue();
        assertThat(Goal.ratioAtMost(0.05).evaluate(51, 1000)).isFalse();
        assertThat(Goal.valueAtMost(5, "ms").evaluate(4.99, 0.3)).isTrue();
        assertThat(Goal.valueAtMost(5, "ms").evaluate(5.01, 0.3)).isFalse();
        assertThat(Goal.overheadAtMost(2, "ms").evaluate(12, 10)).isTrue();
        assertThat(Goal.overheadAtMost(2, "ms").evaluate(12.5, 10)).isFalse();
        assertThat(Goal.none().evaluate(1, 1)).isNull();
    }

    @Test
    void unmeasuredFiguresNeverPass() {
        assertThat(Goal.ratioAtLeast(0.9).evaluate(Double.NaN, 100)).isFalse();
        assertThat(Goal.ratioAtLeast(0.9).evaluate(100, 0)).isFalse();
        assertThat(Goal.valueAtMost(5, "ms").evaluate(Double.NaN, 1)).isFalse();
        assertThat(Goal.overheadAtMost(2, "ms").evaluate(1, Double.NaN)).isFalse();
        Row failed = Row.failed("x", Goal.ratioAtLeast(0.9), "ops/s", "boom");
        assertThat(failed.pass()).isFalse();
        assertThat(failed.missed()).isTrue();
        assertThat(Row.skipped("y", Goal.none(), "ms", "no PostgreSQL").pass()).isNull();
    }

    @Test
    void rowCarriesRatioAndVerdict() {
        Row row = Row.of("trade throughput", 45, 50, Goal.ratioAtLeast(0.9), "ops/s", "n=300");
        assertThat(row.ratio()).isEqualTo(0.9);
        assertThat(row.pass()).isTrue();
        assertThat(row.goal()).isEqualTo("ratio >= 0.9");
    }

    @Test
    void nearestRankPercentiles() {
        long[] hundred = LongStream.rangeClosed(1, 100).toArray();
        assertThat(Percentiles.nearestRank(hundred, 50)).isEqualTo(50);
        assertThat(Percentiles.nearestRank(hundred, 99)).isEqualTo(99);
        assertThat(Percentiles.nearestRank(hundred, 100)).isEqualTo(100);
        long[] ten = LongStream.rangeClosed(1, 10).toArray();
        assertThat(Percentiles.nearestRank(ten, 99)).isEqualTo(10);
        assertThat(Percentiles.nearestRank(ten, 50)).isEqualTo(5);
        assertThat(Percentiles.nearestRank(new long[] {7}, 1)).isEqualTo(7);
        assertThatThrownBy(() -> Percentiles.nearestRank(new long[0], 50)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Percentiles.nearestRank(ten, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void percentilesOfUnsortedNanosInMillis() {
        long[] nanos = new long[200];
        for (int i = 0; i < nanos.length; i++) {
            nanos[i] = (long) ((nanos.length - i) * 1_000_000L); // 200 ms .. 1 ms, descending
        }
        Percentiles p = Percentiles.of(nanos, 200);
        assertThat(p.count()).isEqualTo(200);
        assertThat(p.p50Millis()).isEqualTo(100.0);
        assertThat(p.p99Millis()).isEqualTo(198.0);
        assertThat(p.maxMillis()).isEqualTo(200.0);
        assertThat(p.meanMillis()).isCloseTo(100.5, within(1e-9));
        // only the first count samples are used
        assertThat(Percentiles.of(new long[] {5_000_000, 1_000_000, 999_000_000}, 2)
                        .maxMillis())
                .isEqualTo(5.0);
    }

    @Test
    void reportJsonHasTheContractFieldsAndNullForUnmeasured() {
        Report report = new Report("t");
        report.add(Row.of("a \"quoted\" metric", 0.5, 2, Goal.ratioAtLeast(0.9), "ops/s", "n=1"));
        report.add(Row.skipped("pg rank p99", Goal.none(), "ms", "PostgreSQL not reachable"));
        String json = report.json();
        assertThat(json)
                .contains("\"metric\": \"a \\\"quoted\\\" metric\", \"value\": 0.5, \"baseline\": 2, \"ratio\": 0.25, "
                        + "\"goal\": \"ratio >= 0.9\", \"pass\": false");
        assertThat(json)
                .contains("\"metric\": \"pg rank p99\", \"value\": null, \"baseline\": null, \"ratio\": null, "
                        + "\"goal\": \"(informational)\", \"pass\": null");
        assertThat(report.missed()).extracting(Row::metric).containsExactly("a \"quoted\" metric");
        assertThat(report.markdown()).contains("## Goals missed (1)").contains("MISSED");
        assertThat(report.html()).contains("<svg").contains("MISSED");
    }

    @Test
    void formattingKeepsFourSignificantDigits() {
        assertThat(Ratios.format(0.123456)).isEqualTo("0.1235");
        assertThat(Ratios.format(123456.7)).isEqualTo("123500");
        assertThat(Ratios.format(Double.NaN)).isEqualTo("n/a");
        assertThat(Report.number(1234.5678)).isEqualTo("1235");
        assertThat(Report.number(0.0123456)).isEqualTo("0.01235");
    }
}
