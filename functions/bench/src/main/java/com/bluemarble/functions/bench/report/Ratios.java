package com.bluemarble.functions.bench.report;

import java.math.BigDecimal;
import java.math.MathContext;

/** The report's arithmetic: ratios that say "not measurable" (NaN) instead of dividing by zero. */
public final class Ratios {
    private Ratios() {}

    /** value / baseline; NaN when either is NaN or the baseline is zero or negative. */
    public static double ratio(double value, double baseline) {
        if (Double.isNaN(value) || Double.isNaN(baseline) || baseline <= 0) {
            return Double.NaN;
        }
        return value / baseline;
    }

    /** Four significant digits, plain notation; "n/a" for NaN. */
    public static String format(double x) {
        if (Double.isNaN(x) || Double.isInfinite(x)) {
            return "n/a";
        }
        if (x == 0) {
            return "0";
        }
        return new BigDecimal(x).round(new MathContext(4)).stripTrailingZeros().toPlainString();
    }

    /** Rounded to four significant digits for the JSON report (NaN stays NaN, written as null). */
    public static double round(double x) {
        if (Double.isNaN(x) || Double.isInfinite(x) || x == 0) {
            return x;
        }
        return new BigDecimal(x).round(new MathContext(4)).doubleValue();
    }
}
