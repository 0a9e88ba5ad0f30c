package com.bluemarble.functions.core.backup;

import com.bluemarble.functions.core.economy.AuditReport;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/** An economy audit without its read timestamp: what a backup and its restore must agree on. */
public record AuditSummary(
        boolean ok,
        long players,
        SortedMap<String, AuditReport.Totals> currency,
        SortedMap<String, AuditReport.Totals> items,
        List<String> problems) {

    public AuditSummary {
        currency = new TreeMap<>(currency);
        items = new TreeMap<>(items);
        problems = List.copyOf(problems);
    }

    public static AuditSummary of(AuditReport report) {
        return new AuditSummary(report.ok(), report.players(), report.currency(), report.items(), report.problems());
    }
}
