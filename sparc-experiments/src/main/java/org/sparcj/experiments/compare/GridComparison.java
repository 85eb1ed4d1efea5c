package org.sparcj.experiments.compare;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.sparcj.experiments.run.CellResult;
import org.sparcj.experiments.tracking.RunRecord;
import org.sparcj.experiments.tracking.RunTags;
import org.sparcj.experiments.tracking.Tracker;

/**
 * Compares the cells of one grid: a table with one row per cell (its axis values and chosen
 * metrics; the axes are the params whose values differ between cells) and plots of each metric
 * against lambda, against k, and Local vs Global, averaged over seeds.
 */
public final class GridComparison {
    private final List<CellResult> cells;
    private final List<String> axes;
    private final List<String> metricNames;

    private GridComparison(List<CellResult> cells, List<String> axes) {
        if (cells.isEmpty()) throw new IllegalArgumentException("nothing to compare: the grid has no cells");
        if (axes == null || axes.isEmpty()) {
            this.axes = findAxes(cells);
        } else {
            for (String a : axes) {
                if (cells.stream().noneMatch(c -> c.params().containsKey(a))) {
                    throw new IllegalArgumentException("axis '" + a + "' is not a param of any cell");
                }
            }
            this.axes = List.copyOf(axes);
        }
        List<CellResult> sorted = new ArrayList<>(cells);
        sorted.sort(rowOrder(this.axes));
        this.cells = List.copyOf(sorted);
        Set<String> names = new TreeSet<>(NaturalOrder.INSTANCE);
        cells.forEach(c -> names.addAll(c.metrics().keySet()));
        this.metricNames = List.copyOf(names);
    }

    /** Compares grid cells as the grid runner reports them; the axes are the params that differ between cells. */
    public static GridComparison ofCells(List<CellResult> cells) {
        return new GridComparison(cells, List.of());
    }

    /**
     * As {@link #ofCells(List)} with the axes named (in column order), for cells whose params
     * also differ in things that are no grid axis (e.g. output paths). Empty: inferred.
     */
    public static GridComparison ofCells(List<CellResult> cells, List<String> axes) {
        return new GridComparison(cells, axes);
    }

    /** Compares runs read back from a tracker (the children of a grid's parent run). */
    public static GridComparison ofRuns(List<RunRecord> runs) {
        return ofRuns(runs, List.of());
    }

    /** As {@link #ofRuns(List)} with the axes named; empty: inferred. */
    public static GridComparison ofRuns(List<RunRecord> runs, List<String> axes) {
        List<CellResult> cells = new ArrayList<>();
        for (RunRecord r : runs)
            cells.add(new CellResult(r.tags().getOrDefault(RunTags.CELL, r.runName()), r.params(), r.metrics(), r.status().name()));
        return new GridComparison(cells, axes);
    }


    /**
     * Compares the children of the newest run named {@code gridRunName} in {@code experiment}
     * (the grid's parent run) as recorded by {@code tracker}; the axes come from the parent's
     * {@link RunTags#GRID_AXES} tag when it has one.
     */
    public static GridComparison fromTracker(Tracker tracker, String experiment, String gridRunName) {
        RunRecord parent = tracker.findRun(experiment, gridRunName).orElseThrow(() -> new IllegalArgumentException(
                "no grid run '" + gridRunName + "' in experiment '" + experiment + "' of " + tracker.describe()));
        List<RunRecord> children = tracker.listRuns(experiment, parent.runId());
        if (children.isEmpty()) {
            throw new IllegalArgumentException("grid run '" + gridRunName + "' (" + parent.runId() + ") in " + tracker.describe()
                    + " has no cell runs");
        }
        String tag = parent.tags().getOrDefault(RunTags.GRID_AXES, "");
        List<String> axes = tag.isBlank() ? List.of()
                : Arrays.stream(tag.split(",")).map(String::trim).filter(a -> !a.isEmpty()).toList();
        return ofRuns(children, axes);
    }

    /** Params whose value differs between cells, in name order. */
    public List<String> axes() {
        return axes;
    }

    /** Every metric some cell has, in name order. */
    public List<String> metricNames() {
        return metricNames;
    }

    /** Cells in table order (sorted by their axis values). */
    public List<CellResult> cells() {
        return cells;
    }

    /**
     * The Markdown table: cell, axes, metrics (all when {@code metrics} is empty) and a status
     * column when not every cell finished. Values print with 4 significant digits; "-" marks a missing one.
     */
    public String markdownTable(List<String> metrics) {
        List<String> chosen = chosen(metrics);
        boolean mixedStatus = cells.stream().map(CellResult::status).distinct().count() > 1;
        List<String> header = new ArrayList<>();
        header.add("cell");
        header.addAll(axes);
        header.addAll(chosen);
        if (mixedStatus) header.add("status");
        StringBuilder sb = new StringBuilder();
        row(sb, header);
        List<String> rule = new ArrayList<>();
        for (int i = 0; i < header.size(); i++) rule.add(i <= axes.size() || (mixedStatus && i == header.size() - 1) ? "---" : "---:");
        row(sb, rule);
        for (CellResult c : cells) row(sb, rowValues(c, chosen, mixedStatus));
        return sb.toString();
    }

    List<String> rowValues(CellResult c, List<String> chosen, boolean withStatus) {
        List<String> v = new ArrayList<>();
        v.add(c.name());
        for (String a : axes) v.add(c.params().getOrDefault(a, "-"));
        for (String m : chosen) v.add(format(c.metrics().get(m)));
        if (withStatus) v.add(c.status());
        return v;
    }

    /**
     * Writes results.md, one PNG per metric and plot kind that the grid's axes allow, and
     * index.html showing the table and the plots, into {@code outDir} (created if missing).
     */
    public ComparisonReport writeReport(Path outDir, List<String> metrics) {
        List<String> chosen = chosen(metrics);
        try {
            Files.createDirectories(outDir);
            List<ComparisonReport.Plot> plots = new ComparisonPlots(this).write(outDir, chosen);
            String table = markdownTable(chosen);
            Path md = outDir.resolve("results.md");
            StringBuilder sb = new StringBuilder("# Grid comparison\n\n").append(cells.size()).append(" cells; axes: ")
                    .append(axes.isEmpty() ? "none" : String.join(", ", axes)).append("\n\n").append(table);
            if (!plots.isEmpty()) sb.append('\n');
            for (ComparisonReport.Plot p : plots) {
                sb.append("![").append(p.title()).append("](").append(p.file().getFileName()).append(")\n");
            }
            Files.writeString(md, sb, StandardCharsets.UTF_8);
            Path html = outDir.resolve("index.html");
            Files.writeString(html, HtmlPage.render(this, chosen, plots), StandardCharsets.UTF_8);
            return new ComparisonReport(md, html, plots, table);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the comparison into " + outDir, e);
        }
    }

    List<String> chosen(List<String> metrics) {
        if (metrics == null || metrics.isEmpty()) return metricNames;
        for (String m : metrics) {
            if (!metricNames.contains(m)) {
                throw new IllegalArgumentException("unknown metric '" + m + "'; the cells have: " + String.join(", ", metricNames));
            }
        }
        return List.copyOf(new LinkedHashSet<>(metrics));
    }

    /** The axis playing {@code role} (matched on the last dotted part of the param name), if the grid varies it. */
    Optional<String> axis(AxisRole role) {
        return axes.stream().filter(role::matches).findFirst();
    }

    static String format(Double v) {
        if (v == null) return "-";
        if (v.isNaN() || v.isInfinite()) return v.toString();
        if (v == 0) return "0";
        double a = Math.abs(v);
        if (a >= 1e-3 && a < 1e5) {
            // 4 significant digits without exponent, trailing zeros dropped.
            int decimals = Math.max(0, 3 - (int) Math.floor(Math.log10(a)));
            String s = String.format(Locale.ROOT, "%." + decimals + "f", v);
            return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
        }
        return String.format(Locale.ROOT, "%.3e", v);
    }

    private static void row(StringBuilder sb, List<String> values) {
        sb.append('|');
        for (String v : values) sb.append(' ').append(v.replace("|", "\\|").replace("\n", " ")).append(" |");
        sb.append('\n');
    }

    private static List<String> findAxes(List<CellResult> cells) {
        Set<String> keys = new TreeSet<>();
        cells.forEach(c -> keys.addAll(c.params().keySet()));
        List<String> out = new ArrayList<>();
        for (String k : keys) {
            Set<String> values = new LinkedHashSet<>();
            for (CellResult c : cells) values.add(c.params().getOrDefault(k, "\u0000missing"));
            if (values.size() > 1) out.add(k);
        }
        return out;
    }

    private static Comparator<CellResult> rowOrder(List<String> axes) {
        Comparator<CellResult> c = (a, b) -> 0;
        for (String axis : axes) {
            c = c.thenComparing(cell -> cell.params().getOrDefault(axis, ""), GridComparison::compareValues);
        }
        return c.thenComparing(CellResult::name);
    }

    /** Numbers by value, everything else by text. */
    static int compareValues(String a, String b) {
        Double x = parse(a), y = parse(b);
        if (x != null && y != null) return Double.compare(x, y);
        if (x != null) return -1;
        if (y != null) return 1;
        return a.compareTo(b);
    }

    static Double parse(String s) {
        try {
            return Double.valueOf(s.trim());
        } catch (NumberFormatException | NullPointerException e) {
            return null;
        }
    }

    /** What an axis means for the plots; matched on the last dotted part of the param name. */
    enum AxisRole {
        LAMBDA("lambda"), K("k"), TOPK("topk", "top_k", "topk_mode", "topkmode"), SEED("seed");

        private final Set<String> names;

        AxisRole(String... names) {
            this.names = Set.of(names);
        }

        boolean matches(String param) {
            String last = param.substring(param.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
            return names.contains(last);
        }
    }

    static Map<String, String> without(Map<String, String> params, List<String> axes, Set<String> drop) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String a : axes) if (!drop.contains(a)) out.put(a, params.getOrDefault(a, "-"));
        return out;
    }
}
