package com.bluemarble.functions.bench.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The rows of one run and how they are written: report.json, report.md, report.html (inline SVG chart). */
public final class Report {

    private final List<Row> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final String title;

    public Report(String title) {
        this.title = title;
    }

    public synchronized void add(Row row) {
        rows.add(row);
    }

    public synchronized void note(String note) {
        notes.add(note);
    }

    public synchronized List<Row> rows() {
        return List.copyOf(rows);
    }

    public synchronized List<Row> missed() {
        return rows.stream().filter(Row::missed).toList();
    }

    public void writeAll(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("report.json"), json(), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("report.md"), markdown(), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("report.html"), html(), StandardCharsets.UTF_8);
    }

    public synchronized String json() {
        StringBuilder out = new StringBuilder("[\n");
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            out.append("  {\"metric\": ")
                    .append(quote(r.metric()))
                    .append(", \"value\": ")
                    .append(number(r.value()))
                    .append(", \"baseline\": ")
                    .append(number(r.baseline()))
                    .append(", \"ratio\": ")
                    .append(number(r.ratio()))
                    .append(", \"goal\": ")
                    .append(quote(r.goal()))
                    .append(", \"pass\": ")
                    .append(r.pass() == null ? "null" : r.pass().toString())
                    .append(", \"unit\": ")
                    .append(quote(r.unit()))
                    .append(", \"note\": ")
                    .append(quote(r.note()))
                    .append('}')
                    .append(i + 1 < rows.size() ? ",\n" : "\n");
        }
        return out.append("]\n").toString();
    }

    static String number(double x) {
        if (Double.isNaN(x) || Double.isInfinite(x)) {
            return "null";
        }
        double rounded = Ratios.round(x);
        if (rounded == Math.rint(rounded) && Math.abs(rounded) < 1e15) {
            return Long.toString((long) rounded);
        }
        return Double.toString(rounded);
    }

    static String quote(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    static String verdict(Boolean pass) {
        return pass == null ? "—" : pass ? "PASS" : "MISSED";
    }

    public synchronized String markdown() {
        StringBuilder out = new StringBuilder("# ").append(title).append("\n\n");
        for (String note : notes) {
            out.append("- ").append(note).append('\n');
        }
        out.append(
                "\n| metric | value | baseline | ratio | goal | result | unit | how |\n|---|---:|---:|---:|---|---|---|---|\n");
        for (Row r : rows) {
            out.append("| ")
                    .append(r.metric())
                    .append(" | ")
                    .append(Ratios.format(r.value()))
                    .append(" | ")
                    .append(Ratios.format(r.baseline()))
                    .append(" | ")
                    .append(Ratios.format(r.ratio()))
                    .append(" | ")
                    .append(r.goal())
                    .append(" | ")
                    .append(verdict(r.pass()))
                    .append(" | ")
                    .append(r.unit())
                    .append(" | ")
                    .append(r.note().replace("|", "\\|"))
                    .append(" |\n");
        }
        List<Row> missed = missed();
        out.append("\n## Goals missed (").append(missed.size()).append(")\n\n");
        if (missed.isEmpty()) {
            out.append("None.\n");
        }
        for (Row r : missed) {
            out.append("- **")
                    .append(r.metric())
                    .append("**: ")
                    .append(Ratios.format(r.value()))
                    .append(' ')
                    .append(r.unit())
                    .append(" vs baseline ")
                    .append(Ratios.format(r.baseline()))
                    .append(" (ratio ")
                    .append(Ratios.format(r.ratio()))
                    .append("); goal ")
                    .append(r.goal())
                    .append('\n');
        }
        return out.toString();
    }

    /** Horizontal bars of ratio = value / baseline on a log scale (0.001 .. 1000), goal marked. */
    public synchronized String html() {
        int rowHeight = 26;
        int labelWidth = 430;
        int plotWidth = 520;
        int height = rowHeight * rows.size() + 60;
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(
                Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"12\">%n",
                labelWidth + plotWidth + 120,
                height));
        for (int decade = -3; decade <= 3; decade++) {
            double x = labelWidth + scale(Math.pow(10, decade), plotWidth);
            svg.append(String.format(
                    Locale.ROOT,
                    "<line x1=\"%.1f\" y1=\"20\" x2=\"%.1f\" y2=\"%d\" stroke=\"%s\"/>%n",
                    x,
                    x,
                    height - 20,
                    decade == 0 ? "#444" : "#ddd"));
            svg.append(String.format(
                    Locale.ROOT,
                    "<text x=\"%.1f\" y=\"14\" text-anchor=\"middle\">%s</text>%n",
                    x,
                    Ratios.format(Math.pow(10, decade))));
        }
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            int y = 30 + i * rowHeight;
            svg.append(String.format(
                    Locale.ROOT,
                    "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>%n",
                    labelWidth - 8,
                    y + 14,
                    escape(r.metric())));
            String colour = r.pass() == null ? "#999" : r.pass() ? "#2a9d4b" : "#d1495b";
            if (!Double.isNaN(r.ratio())) {
                double origin = labelWidth + scale(1, plotWidth);
                double end = labelWidth + scale(r.ratio(), plotWidth);
                svg.append(String.format(
                        Locale.ROOT,
                        "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"16\" fill=\"%s\"/>%n",
                        Math.min(origin, end),
                        y + 2,
                        Math.max(1, Math.abs(end - origin)),
                        colour));
            }
            svg.append(String.format(
                    Locale.ROOT,
                    "<text x=\"%d\" y=\"%d\">%s %s</text>%n",
                    labelWidth + plotWidth + 6,
                    y + 14,
                    Ratios.format(r.ratio()),
                    verdict(r.pass())));
        }
        svg.append("</svg>\n");
        String table = markdown();
        return "<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>" + escape(title)
                + "</title></head><body>\n<h1>" + escape(title)
                + "</h1>\n<p>Bars: ratio = value / baseline (log scale; green met its goal, red missed, grey has no goal or was skipped).</p>\n"
                + svg + "<pre>" + escape(table) + "</pre>\n</body></html>\n";
    }

    static double scale(double ratio, int width) {
        double clamped = Math.max(1e-3, Math.min(1e3, ratio));
        return (Math.log10(clamped) + 3) / 6 * width;
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
