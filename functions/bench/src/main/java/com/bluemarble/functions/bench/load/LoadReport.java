package com.bluemarble.functions.bench.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The HTML report {@code ./dev load} writes next to its console summary: per function, latency
 * over the run (p50 and p99 per time slice, inline SVG) and the mix of statuses. One file, no
 * script, opens in any browser.
 */
final class LoadReport {

    /** One function's calls: when each started (ns since the run began), how long it took, its status. */
    record Calls(
            String function, long[] startNanos, long[] elapsedNanos, int recorded, Map<Integer, Integer> statuses) {}

    static final int SLICES = 60;
    private static final int WIDTH = 720;
    private static final int HEIGHT = 160;

    private LoadReport() {}

    static Path write(Path file, String title, double seconds, List<Calls> functions) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, render(title, seconds, functions), StandardCharsets.UTF_8);
        return file;
    }

    static String render(String title, double seconds, List<Calls> functions) {
        StringBuilder html = new StringBuilder(32_768);
        html.append("<!doctype html><html lang=en><head><meta charset=utf-8><title>")
                .append(escape(title))
                .append("</title><style>body{font:14px system-ui,sans-serif;margin:1.5em;color:#222}")
                .append("table{border-collapse:collapse;margin:.5em 0 1.5em}td,th{padding:.3em .8em;")
                .append("border-bottom:1px solid #ddd;text-align:right}th{background:#f4f4f4}.l{text-align:left}")
                .append("small{color:#777}section{margin-bottom:2em}</style></head><body><h1>")
                .append(escape(title))
                .append("</h1><p><small>")
                .append(String.format(Locale.ROOT, "%.1f s", seconds))
                .append("; latency in ")
                .append(SLICES)
                .append(" time slices (blue p50, red p99); statuses as counted by the load driver.</small></p>");
        html.append("<table><tr><th class=l>function</th><th>calls</th><th>p50 ms</th><th>p99 ms</th>")
                .append("<th>max ms</th><th class=l>status mix</th></tr>");
        for (Calls calls : functions) {
            double[] all = millis(calls.elapsedNanos(), calls.recorded());
            Arrays.sort(all);
            int total = calls.statuses().values().stream()
                    .mapToInt(Integer::intValue)
                    .sum();
            html.append("<tr><td class=l>")
                    .append(escape(calls.function()))
                    .append("</td><td>")
                    .append(total)
                    .append("</td><td>")
                    .append(format(percentile(all, 0.50)))
                    .append("</td><td>")
                    .append(format(percentile(all, 0.99)))
                    .append("</td><td>")
                    .append(format(all.length == 0 ? Double.NaN : all[all.length - 1]))
                    .append("</td><td class=l>")
                    .append(statusBar(calls.statuses(), total))
                    .append("</td></tr>");
        }
        html.append("</table>");
        for (Calls calls : functions) {
            html.append("<section><h2>")
                    .append(escape(calls.function()))
                    .append("</h2>")
                    .append(latencyChart(calls, seconds))
                    .append("</section>");
        }
        return html.append("</body></html>").toString();
    }

    private static String latencyChart(Calls calls, double seconds) {
        double sliceNanos = Math.max(1, seconds * 1e9 / SLICES);
        List<List<Double>> slices = new ArrayList<>();
        for (int i = 0; i < SLICES; i++) {
            slices.add(new ArrayList<>());
        }
        for (int i = 0; i < calls.recorded(); i++) {
            int slice = (int) Math.min(SLICES - 1, Math.max(0, calls.startNanos()[i] / sliceNanos));
            slices.get(slice).add(calls.elapsedNanos()[i] / 1e6);
        }
        double[] p50 = new double[SLICES];
        double[] p99 = new double[SLICES];
        double max = 1;
        for (int i = 0; i < SLICES; i++) {
            double[] values = slices.get(i).stream()
                    .mapToDouble(Double::doubleValue)
                    .sorted()
                    .toArray();
            p50[i] = percentile(values, 0.50);
            p99[i] = percentile(values, 0.99);
            if (!Double.isNaN(p99[i])) {
                max = Math.max(max, p99[i]);
            }
        }
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(
                Locale.ROOT,
                "<svg width=%d height=%d viewBox=\"0 0 %d %d\" role=img aria-label=\"latency of %s\">"
                        + "<rect width=%d height=%d fill=\"#fafafa\" stroke=\"#ddd\"/>",
                WIDTH,
                HEIGHT + 20,
                WIDTH,
                HEIGHT + 20,
                escape(calls.function()),
                WIDTH,
                HEIGHT));
        svg.append(line(p50, max, "#1a73e8")).append(line(p99, max, "#d93025"));
        svg.append(String.format(
                Locale.ROOT,
                "<text x=4 y=12 font-size=11 fill=\"#555\">%s ms</text>"
                        + "<text x=4 y=%d font-size=11 fill=\"#555\">0 s</text>"
                        + "<text x=%d y=%d font-size=11 fill=\"#555\" text-anchor=end>%.0f s</text></svg>",
                format(max),
                HEIGHT + 15,
                WIDTH - 4,
                HEIGHT + 15,
                seconds));
        return svg.toString();
    }

    private static String line(double[] values, double max, String colour) {
        StringBuilder points = new StringBuilder();
        double step = WIDTH / (double) values.length;
        for (int i = 0; i < values.length; i++) {
            if (!Double.isNaN(values[i])) {
                points.append(String.format(
                        Locale.ROOT, "%.1f,%.1f ", i * step + step / 2, HEIGHT - 4 - values[i] / max * (HEIGHT - 20)));
            }
        }
        return points.length() == 0
                ? ""
                : "<polyline fill=none stroke=\"" + colour + "\" stroke-width=1.5 points=\""
                        + points.toString().trim() + "\"/>";
    }

    private static String statusBar(Map<Integer, Integer> statuses, int total) {
        StringBuilder bar = new StringBuilder("<svg width=200 height=14>");
        double x = 0;
        for (var entry : new TreeMap<>(statuses).entrySet()) {
            double w = total == 0 ? 0 : 200.0 * entry.getValue() / total;
            bar.append(String.format(
                    Locale.ROOT,
                    "<rect x=\"%.1f\" width=\"%.1f\" height=14 fill=\"%s\"><title>%d: %d</title></rect>",
                    x,
                    w,
                    colour(entry.getKey()),
                    entry.getKey(),
                    entry.getValue()));
            x += w;
        }
        bar.append("</svg> ");
        new TreeMap<>(statuses)
                .forEach((status, n) -> bar.append(status == -1 ? "no answer" : status)
                        .append("&times;")
                        .append(n)
                        .append(' '));
        return bar.toString().trim();
    }

    private static String colour(int status) {
        if (status >= 200 && status < 300) {
            return "#34a853";
        }
        if (status == 422 || status == 409) {
            return "#fbbc04";
        }
        if (status >= 400 && status < 500) {
            return "#f29900";
        }
        return "#d93025";
    }

    private static double[] millis(long[] nanos, int n) {
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = nanos[i] / 1e6;
        }
        return values;
    }

    static double percentile(double[] sorted, double quantile) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(quantile * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static String format(double value) {
        return Double.isNaN(value) ? "&ndash;" : String.format(Locale.ROOT, value < 10 ? "%.2f" : "%.1f", value);
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;");
    }
}
