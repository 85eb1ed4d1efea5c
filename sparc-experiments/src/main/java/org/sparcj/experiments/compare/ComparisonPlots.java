package org.sparcj.experiments.compare;

import java.awt.Color;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.DoubleSummaryStatistics;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.sparcj.experiments.run.CellResult;

/**
 * The PNG plots of a comparison (XChart): each metric against lambda and against k (log x axis),
 * one line per combination of the other axes, the mean over seeds with min-max bars; and a bar
 * chart of Local vs Global (mean over seeds) per combination of the other axes.
 */
final class ComparisonPlots {
    private static final int WIDTH = 900;
    private static final int HEIGHT = 560;
    private static final Color[] PALETTE = {
        new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728), new Color(0x9467bd),
        new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f), new Color(0xbcbd22), new Color(0x17becf)};

    static {
        // Plots are drawn off-screen; there is no display on servers and CI.
        if (System.getProperty("java.awt.headless") == null) System.setProperty("java.awt.headless", "true");
    }

    private final GridComparison grid;

    ComparisonPlots(GridComparison grid) {
        this.grid = grid;
    }

    List<ComparisonReport.Plot> write(Path outDir, List<String> metrics) throws IOException {
        List<ComparisonReport.Plot> plots = new ArrayList<>();
        Optional<String> lambda = grid.axis(GridComparison.AxisRole.LAMBDA);
        Optional<String> k = grid.axis(GridComparison.AxisRole.K);
        Optional<String> topk = grid.axis(GridComparison.AxisRole.TOPK);
        for (String m : metrics) {
            if (lambda.isPresent()) plots.add(linePlot(outDir, m, lambda.get(), false, "vs-lambda"));
            if (k.isPresent()) plots.add(linePlot(outDir, m, k.get(), true, "vs-k"));
            if (topk.isPresent()) plots.add(barChart(outDir, m, topk.get()));
        }
        plots.removeIf(p -> p == null);
        return plots;
    }

    /** Values of metric {@code m} grouped by series label, then by x value (cells without the metric are left out). */
    private Map<String, Map<String, List<Double>>> group(String m, String xAxis) {
        Set<String> drop = dropping(xAxis);
        // Series in the order of their axis values (k=16 before k=64 before k=256), not of their labels.
        Map<List<String>, String> labels = new TreeMap<>(ComparisonPlots::compareLists);
        Map<List<String>, Map<String, List<Double>>> byKey = new TreeMap<>(ComparisonPlots::compareLists);
        for (CellResult c : grid.cells()) {
            Double v = c.metrics().get(m);
            if (v == null || !Double.isFinite(v)) continue;
            Map<String, String> others = GridComparison.without(c.params(), grid.axes(), drop);
            List<String> key = List.copyOf(others.values());
            String label = label(others);
            labels.put(key, label.isEmpty() ? m : label); // no other axes: one series, named after the metric
            byKey.computeIfAbsent(key, l -> new TreeMap<>(GridComparison::compareValues))
                    .computeIfAbsent(c.params().getOrDefault(xAxis, "-"), x -> new ArrayList<>()).add(v);
        }
        Map<String, Map<String, List<Double>>> out = new java.util.LinkedHashMap<>();
        byKey.forEach((k, v) -> out.put(labels.get(k), v));
        return out;
    }

    static int compareLists(List<String> a, List<String> b) {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            int c = GridComparison.compareValues(a.get(i), b.get(i));
            if (c != 0) return c;
        }
        return Integer.compare(a.size(), b.size());
    }

    private ComparisonReport.Plot linePlot(Path outDir, String m, String xAxis, boolean logX, String suffix) throws IOException {
        Map<String, Map<String, List<Double>>> groups = group(m, xAxis);
        if (groups.isEmpty()) return null;
        boolean seeds = groups.values().stream().flatMap(g -> g.values().stream()).anyMatch(l -> l.size() > 1);
        String title = m + " vs " + shortName(xAxis) + (seeds ? " (mean over seeds, bars: min-max)" : "");
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title)
                .xAxisTitle(shortName(xAxis)).yAxisTitle(MetricDirection.of(m).axisTitle(m)).build();
        style(chart.getStyler());
        DoubleSummaryStatistics all = new DoubleSummaryStatistics();
        groups.values().forEach(g -> g.values().forEach(l -> l.forEach(all::accept)));
        yRange(chart.getStyler(), all, false);
        chart.getStyler().setXAxisLogarithmic(logX);
        chart.getStyler().setXAxisLogarithmicDecadeOnly(false);
        chart.getStyler().setMarkerSize(8);
        int i = 0;
        for (Map.Entry<String, Map<String, List<Double>>> g : groups.entrySet()) {
            Color color = PALETTE[i++ % PALETTE.length];
            List<Double> xs = new ArrayList<>();
            List<Double> means = new ArrayList<>();
            for (Map.Entry<String, List<Double>> point : g.getValue().entrySet()) {
                Double x = GridComparison.parse(point.getKey());
                if (x == null) {
                    throw new IllegalArgumentException("axis " + xAxis + " has a non-numeric value '" + point.getKey()
                            + "'; cannot plot " + m + " against it");
                }
                DoubleSummaryStatistics s = point.getValue().stream().mapToDouble(Double::doubleValue).summaryStatistics();
                xs.add(x);
                means.add(s.getAverage());
                if (s.getCount() > 1) {
                    // A min-max bar: a two-point vertical line at x, the series' colour, not in the legend.
                    XYSeries bar = chart.addSeries(g.getKey() + " min-max @" + point.getKey(),
                            new double[] {x, x}, new double[] {s.getMin(), s.getMax()});
                    bar.setMarker(SeriesMarkers.NONE).setLineColor(color).setLineStyle(SeriesLines.SOLID).setShowInLegend(false);
                }
            }
            XYSeries series = chart.addSeries(g.getKey(), xs, means);
            series.setMarker(SeriesMarkers.CIRCLE).setMarkerColor(color).setLineColor(color).setLineStyle(SeriesLines.SOLID);
        }
        return save(chart, outDir.resolve(fileName(m) + "-" + suffix + ".png"), title);
    }

    private ComparisonReport.Plot barChart(Path outDir, String m, String topkAxis) throws IOException {
        Set<String> drop = dropping(topkAxis);
        // category (other axes, in value order) -> topk value -> values over seeds
        Map<List<String>, String> labels = new TreeMap<>(ComparisonPlots::compareLists);
        Map<List<String>, Map<String, List<Double>>> byKey = new TreeMap<>(ComparisonPlots::compareLists);
        Map<String, Boolean> modes = new TreeMap<>();
        for (CellResult c : grid.cells()) {
            Double v = c.metrics().get(m);
            if (v == null || !Double.isFinite(v)) continue;
            Map<String, String> others = GridComparison.without(c.params(), grid.axes(), drop);
            List<String> key = List.copyOf(others.values());
            String category = label(others);
            labels.put(key, category.isEmpty() ? "all cells" : category);
            String mode = c.params().getOrDefault(topkAxis, "-");
            modes.put(mode, true);
            byKey.computeIfAbsent(key, x -> new TreeMap<>()).computeIfAbsent(mode, x -> new ArrayList<>()).add(v);
        }
        Map<String, Map<String, List<Double>>> byCategory = new java.util.LinkedHashMap<>();
        byKey.forEach((k, v) -> byCategory.put(labels.get(k), v));
        if (byCategory.isEmpty()) return null;
        boolean seeds = byCategory.values().stream().flatMap(g -> g.values().stream()).anyMatch(l -> l.size() > 1);
        String title = m + ": " + String.join(" vs ", modes.keySet()) + (seeds ? " (mean over seeds)" : "");
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(title)
                .xAxisTitle(String.join(", ", otherAxes(drop))).yAxisTitle(MetricDirection.of(m).axisTitle(m)).build();
        style(chart.getStyler());
        if (byCategory.size() > 3) chart.getStyler().setXAxisLabelRotation(30);
        List<String> categories = new ArrayList<>(byCategory.keySet());
        int i = 0;
        for (String mode : modes.keySet()) {
            List<Double> ys = new ArrayList<>();
            for (String cat : categories) {
                List<Double> vals = byCategory.get(cat).get(mode);
                // A missing combination (an excluded cell) is a bar of height 0 would lie: leave a gap instead.
                ys.add(vals == null ? null : vals.stream().mapToDouble(Double::doubleValue).average().orElseThrow());
            }
            chart.addSeries(mode, categories, ys).setFillColor(PALETTE[i++ % PALETTE.length]);
        }
        DoubleSummaryStatistics all = new DoubleSummaryStatistics();
        byCategory.values().forEach(g -> g.values().forEach(l -> all.accept(l.stream().mapToDouble(Double::doubleValue).average().orElseThrow())));
        yRange(chart.getStyler(), all, true);
        return save(chart, outDir.resolve(fileName(m) + "-local-vs-global.png"), title);
    }

    private static ComparisonReport.Plot save(Chart<?, ?> chart, Path file, String title) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return new ComparisonReport.Plot(file, title);
    }

    private static String label(Map<String, String> others) {
        return others.entrySet().stream().map(e -> shortName(e.getKey()) + "=" + e.getValue()).collect(Collectors.joining(", "));
    }

    static String shortName(String param) {
        return param.substring(param.lastIndexOf('.') + 1);
    }

    static String fileName(String metric) {
        return metric.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    /** The plotted axis and the seed axis: the rest make up a series (or category) label. */
    private Set<String> dropping(String plotted) {
        Set<String> drop = new java.util.HashSet<>();
        drop.add(plotted);
        grid.axis(GridComparison.AxisRole.SEED).ifPresent(drop::add);
        return drop;
    }

    /** The grid's axes that label a series or category when {@code drop} are left out, short names. */
    private List<String> otherAxes(Set<String> drop) {
        return grid.axes().stream().filter(a -> !drop.contains(a)).map(ComparisonPlots::shortName).toList();
    }

    /**
     * An explicit y range with a margin, so a constant series neither collapses the axis (XChart then prints
     * 15-digit ticks) nor sits on the frame where it hides another line; tick labels keep their leading zero
     * and as many decimals as the range needs. Bars start at 0 when every value is non-negative.
     */
    static void yRange(AxesChartStyler s, DoubleSummaryStatistics values, boolean bars) {
        if (values.getCount() == 0) return;
        double lo = values.getMin(), hi = values.getMax();
        double span = hi - lo;
        double pad = span > 0 ? span * 0.08 : Math.max(Math.abs(hi) * 0.1, 1e-3);
        double min = bars && lo >= 0 ? 0 : lo - pad;
        double max = hi + pad;
        s.setYAxisMin(min);
        s.setYAxisMax(max);
        s.setYAxisDecimalPattern(decimalPattern((max - min) / 5));
    }

    /** "0.000" with enough decimals to tell ticks {@code step} apart (at least one, at most 8). */
    static String decimalPattern(double step) {
        int decimals = step > 0 ? (int) Math.ceil(-Math.log10(step)) + 1 : 3;
        return "0." + "0".repeat(Math.max(1, Math.min(8, decimals)));
    }

    private static void style(AxesChartStyler s) {
        // Right of the plot, one entry per line: a long row of series at the bottom would be cut off.
        s.setLegendPosition(Styler.LegendPosition.OutsideE);
        s.setChartBackgroundColor(Color.WHITE);
        // Axis values (lambda, k) with their leading zero: "0.5", not ".5".
        s.setXAxisDecimalPattern("0.###");
    }
}
