package com.bluemarble.functions.bench.report;

/**
 * What a figure must reach. Kinds compare either the ratio value/baseline, the value itself, or
 * the difference value - baseline (an overhead); {@link #none()} marks an informational figure
 * (pass is then null in the report, never true by default).
 */
public record Goal(Kind kind, double threshold, String unit) {

    public enum Kind {
        RATIO_AT_LEAST,
        RATIO_AT_MOST,
        VALUE_AT_MOST,
        OVERHEAD_AT_MOST,
        NONE
    }

    public static Goal ratioAtLeast(double threshold) {
        return new Goal(Kind.RATIO_AT_LEAST, threshold, "");
    }

    public static Goal ratioAtMost(double threshold) {
        return new Goal(Kind.RATIO_AT_MOST, threshold, "");
    }

    public static Goal valueAtMost(double threshold, String unit) {
        return new Goal(Kind.VALUE_AT_MOST, threshold, unit);
    }

    public static Goal overheadAtMost(double threshold, String unit) {
        return new Goal(Kind.OVERHEAD_AT_MOST, threshold, unit);
    }

    public static Goal none() {
        return new Goal(Kind.NONE, Double.NaN, "");
    }

    /** null when there is no goal; false when the figure could not be measured (NaN). */
    public Boolean evaluate(double value, double baseline) {
        return switch (kind) {
            case NONE -> null;
            case RATIO_AT_LEAST -> finite(Ratios.ratio(value, baseline)) && Ratios.ratio(value, baseline) >= threshold;
            case RATIO_AT_MOST -> finite(Ratios.ratio(value, baseline)) && Ratios.ratio(value, baseline) <= threshold;
            case VALUE_AT_MOST -> finite(value) && value <= threshold;
            case OVERHEAD_AT_MOST -> finite(value) && finite(baseline) && value - baseline <= threshold;
        };
    }

    private static boolean finite(double x) {
        return !Double.isNaN(x) && !Double.isInfinite(x);
    }

    /** Human form, e.g. "ratio >= 0.9", "value <= 5 ms", "value - baseline <= 2 ms". */
    public String describe() {
        String u = unit.isEmpty() ? "" : " " + unit;
        return switch (kind) {
            case NONE -> "(informational)";
            case RATIO_AT_LEAST -> "ratio >= " + Ratios.format(threshold);
            case RATIO_AT_MOST -> "ratio <= " + Ratios.format(threshold);
            case VALUE_AT_MOST -> "value <= " + Ratios.format(threshold) + u;
            case OVERHEAD_AT_MOST -> "value - baseline <= " + Ratios.format(threshold) + u;
        };
    }
}
