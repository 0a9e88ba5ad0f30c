package com.bluemarble.functions.bench.report;

/**
 * One figure of the report: the measured value, the baseline measured in the same run,
 * ratio = value / baseline, the goal, and whether the goal was met (null without a goal).
 *
 * @param unit  unit of value and baseline (e.g. "ops/s", "ms", "writes")
 * @param note  how it was measured, sample sizes, or why it could not be
 */
public record Row(
        String metric,
        double value,
        double baseline,
        double ratio,
        String goal,
        Boolean pass,
        String unit,
        String note) {

    public static Row of(String metric, double value, double baseline, Goal goal, String unit, String note) {
        return new Row(
                metric,
                value,
                baseline,
                Ratios.ratio(value, baseline),
                goal.describe(),
                goal.evaluate(value, baseline),
                unit,
                note);
    }

    /** A figure that could not be measured: no value, and a goal, if any, counts as missed. */
    public static Row failed(String metric, Goal goal, String unit, String why) {
        return new Row(
                metric,
                Double.NaN,
                Double.NaN,
                Double.NaN,
                goal.describe(),
                goal.kind() == Goal.Kind.NONE ? null : Boolean.FALSE,
                unit,
                "NOT MEASURED: " + why);
    }

    /** A figure skipped on purpose (e.g. PostgreSQL not available): no value, no verdict. */
    public static Row skipped(String metric, Goal goal, String unit, String why) {
        return new Row(metric, Double.NaN, Double.NaN, Double.NaN, goal.describe(), null, unit, "SKIPPED: " + why);
    }

    public boolean missed() {
        return Boolean.FALSE.equals(pass);
    }
}
