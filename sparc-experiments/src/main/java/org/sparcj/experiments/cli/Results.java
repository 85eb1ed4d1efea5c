package org.sparcj.experiments.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.sparcj.experiments.grid.CellResult;

/** Plain-text summaries printed at the end of train and grid. */
final class Results {
    private Results() {
    }

    static void printMetrics(PrintWriter out, Map<String, Double> metrics) {
        new TreeSet<>(metrics.keySet()).forEach(k -> out.printf(Locale.ROOT, "  %-48s %.6g%n", k, metrics.get(k)));
    }

    /** One row per cell: name, status and the chosen metrics (those present in any cell when none chosen). */
    static void printTable(PrintWriter out, List<CellResult> cells, List<String> metricNames) {
        List<String> cols = new ArrayList<>(metricNames);
        if (cols.isEmpty()) {
            TreeSet<String> all = new TreeSet<>();
            for (CellResult c : cells) all.addAll(c.metrics().keySet());
            cols.addAll(all);
        }
        StringBuilder head = new StringBuilder("| cell | status |");
        StringBuilder rule = new StringBuilder("|---|---|");
        for (String c : cols) {
            head.append(' ').append(c).append(" |");
            rule.append("---:|");
        }
        out.println(head);
        out.println(rule);
        for (CellResult c : cells) {
            StringBuilder row = new StringBuilder("| ").append(c.name()).append(" | ").append(c.status()).append(" |");
            for (String m : cols) {
                Double v = c.metrics().get(m);
                row.append(' ').append(v == null ? "" : String.format(Locale.ROOT, "%.4g", v)).append(" |");
            }
            out.println(row);
        }
        out.flush();
    }
}
