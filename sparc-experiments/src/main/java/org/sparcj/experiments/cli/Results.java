package org.sparcj.experiments.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.sparcj.experiments.compare.NaturalOrder;
import org.sparcj.experiments.run.CellResult;

/** Plain-text summaries printed at the end of train and grid. */
final class Results {
    private Results() {
    }

    static void printMetrics(PrintWriter out, Map<String, Double> metrics) {
        sorted(metrics.keySet()).forEach(k -> out.printf(Locale.ROOT, "  %-48s %.6g%n", k, metrics.get(k)));
    }

    /** The requested metrics; none: the headline ones present plus each retrieval family's mean R@1; "all": all. */
    static List<String> chooseMetrics(java.util.Collection<String> present, List<String> requested) {
        List<String> cols = new ArrayList<>();
        if (requested.equals(List.of("all"))) {
            cols.addAll(sorted(present));
        } else if (!requested.isEmpty()) {
            cols.addAll(requested);
        } else {
            for (String m : HEADLINE) if (present.contains(m)) cols.add(m);
            for (String m : sorted(present))
                if (m.startsWith("retrieval.") && m.endsWith(".r_at_1_mean")) cols.add(m);
        }
        return cols;
    }

    /** Metric names in table order: digit runs by value (jaccard.d2 before jaccard.d10). */
    static TreeSet<String> sorted(java.util.Collection<String> names) {
        TreeSet<String> out = new TreeSet<>(NaturalOrder.INSTANCE);
        out.addAll(names);
        return out;
    }

    /** The headline metrics of SPARC's findings, shown when no metrics are chosen. */
    private static final List<String> HEADLINE = List.of("nmse.self_mean", "nmse.cross_mean", "mixed_fraction",
            "all_dead_fraction", "jaccard_mean", "probe1d.logloss_mean", "train.loss");

    /**
     * One row per cell: name, status and the chosen metrics; none chosen: the headline metrics and
     * each retrieval family's mean R@1; "all": every metric any cell has.
     */
    static void printTable(PrintWriter out, List<CellResult> cells, List<String> metricNames) {
        TreeSet<String> present = new TreeSet<>(NaturalOrder.INSTANCE);
        for (CellResult c : cells) present.addAll(c.metrics().keySet());
        List<String> cols = chooseMetrics(present, metricNames);
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
