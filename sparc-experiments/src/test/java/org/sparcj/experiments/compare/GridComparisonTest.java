package org.sparcj.experiments.compare;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparcj.experiments.run.CellResult;
import org.sparcj.experiments.tracking.LocalStoreTracker;
import org.sparcj.experiments.tracking.MetricPoint;
import org.sparcj.experiments.tracking.RunRecord;
import org.sparcj.experiments.tracking.RunStatus;
import org.sparcj.experiments.tracking.RunTags;
import org.sparcj.experiments.tracking.TrackedRun;

class GridComparisonTest {
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    @TempDir
    Path out;

    /** Local/Global x lambda {0, 1} x seed {1, 2}; k and latent size fixed, so they are no axes. */
    private static List<CellResult> localGlobalGrid() {
        List<CellResult> cells = new ArrayList<>();
        for (String topk : List.of("LOCAL", "GLOBAL")) {
            for (String lambda : List.of("1", "0")) {
                for (int seed : new int[] {2, 1}) {
                    double nmse = (topk.equals("LOCAL") ? 0.2 : 0.1) + 0.01 * seed + (lambda.equals("1") ? 0.05 : 0);
                    double cross = lambda.equals("1") ? 0.3 : 0.9;
                    String status = "FINISHED";
                    cells.add(new CellResult(topk + "-l" + lambda + "-s" + seed,
                            Map.of("model.topk", topk, "model.lambda", lambda, "train.seed", Integer.toString(seed),
                                    "model.k", "64", "model.latent_size", "8192"),
                            Map.of("eval/nmse", nmse, "eval/cross_nmse", cross), status));
                }
            }
        }
        return cells;
    }

    @Test
    void theTableHasOneRowPerCellWithItsAxesAndMetrics() {
        GridComparison g = GridComparison.ofCells(localGlobalGrid());
        assertEquals(List.of("model.lambda", "model.topk", "train.seed"), g.axes());
        assertEquals(List.of("eval/cross_nmse", "eval/nmse"), g.metricNames());
        String table = g.markdownTable(List.of("eval/nmse"));
        List<String> lines = table.lines().toList();
        assertEquals(2 + 8, lines.size());
        assertEquals("| cell | model.lambda | model.topk | train.seed | eval/nmse |", lines.get(0));
        assertEquals("| --- | --- | --- | --- | ---: |", lines.get(1));
        // Sorted by lambda (numeric), then topk, then seed.
        assertEquals("| GLOBAL-l0-s1 | 0 | GLOBAL | 1 | 0.11 |", lines.get(2));
        assertEquals("| GLOBAL-l0-s2 | 0 | GLOBAL | 2 | 0.12 |", lines.get(3));
        assertEquals("| LOCAL-l0-s1 | 0 | LOCAL | 1 | 0.21 |", lines.get(4));
        assertEquals("| LOCAL-l1-s2 | 1 | LOCAL | 2 | 0.27 |", lines.get(9));
        String all = g.markdownTable(List.of());
        assertTrue(all.startsWith("| cell | model.lambda | model.topk | train.seed | eval/cross_nmse | eval/nmse |\n"), all);
        assertTrue(all.contains("| GLOBAL-l1-s1 | 1 | GLOBAL | 1 | 0.3 | 0.16 |"), all);
    }

    @Test
    void aStatusColumnAppearsWhenSomeCellDidNotFinishAndMissingValuesShowAsDashes() {
        List<CellResult> cells = List.of(
                new CellResult("a", Map.of("k", "16"), Map.of("nmse", 0.5), "FINISHED"),
                new CellResult("b", Map.of("k", "32"), Map.of(), "FAILED"));
        String table = GridComparison.ofCells(cells).markdownTable(List.of("nmse"));
        assertEquals("| cell | k | nmse | status |\n| --- | --- | ---: | --- |\n| a | 16 | 0.5 | FINISHED |\n| b | 32 | - | FAILED |\n", table);
    }

    @Test
    void numbersPrintWithFourSignificantDigits() {
        assertEquals("0.1235", GridComparison.format(0.123456));
        assertEquals("12.35", GridComparison.format(12.3456));
        assertEquals("1.500e-05", GridComparison.format(1.5e-5));
        assertEquals("2", GridComparison.format(2.0));
        assertEquals("0", GridComparison.format(0.0));
        assertEquals("NaN", GridComparison.format(Double.NaN));
        assertEquals("-", GridComparison.format(null));
    }

    @Test
    void runsFromATrackerCompareLikeCells() {
        List<RunRecord> runs = List.of(
                new RunRecord("id2", "k32", RunStatus.FINISHED, Map.of("k", "32", "lambda", "1"), Map.of("nmse", 0.25), Map.of()),
                new RunRecord("id1", "k16", RunStatus.FINISHED, Map.of("k", "16", "lambda", "1"), Map.of("nmse", 0.5), Map.of()));
        GridComparison g = GridComparison.ofRuns(runs);
        assertEquals(List.of("k"), g.axes());
        assertEquals("| cell | k | nmse |\n| --- | --- | ---: |\n| k16 | 16 | 0.5 |\n| k32 | 32 | 0.25 |\n", g.markdownTable(List.of()));
    }

    @Test
    void badRequestsAreNamed() {
        GridComparison g = GridComparison.ofCells(localGlobalGrid());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> g.markdownTable(List.of("eval/nmsee")));
        assertTrue(e.getMessage().contains("eval/nmsee") && e.getMessage().contains("eval/nmse"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> GridComparison.ofCells(List.of()));
        List<CellResult> textLambda = List.of(new CellResult("a", Map.of("lambda", "low"), Map.of("m", 1.0), "FINISHED"),
                new CellResult("b", Map.of("lambda", "high"), Map.of("m", 2.0), "FINISHED"));
        IllegalArgumentException plot = assertThrows(IllegalArgumentException.class,
                () -> GridComparison.ofCells(textLambda).writeReport(out, List.of()));
        assertTrue(plot.getMessage().contains("lambda") && plot.getMessage().contains("'high'"), plot.getMessage());
    }

    @Test
    void theReportHasTheTableValidPngPlotsAndAnIndexShowingThem() throws Exception {
        GridComparison g = GridComparison.ofCells(localGlobalGrid());
        ComparisonReport report = g.writeReport(out, List.of("eval/nmse"));

        assertEquals(out.resolve("results.md"), report.resultsMarkdown());
        String md = Files.readString(report.resultsMarkdown());
        assertTrue(md.contains(g.markdownTable(List.of("eval/nmse"))), md);
        assertEquals(g.markdownTable(List.of("eval/nmse")), report.markdownTable());

        List<String> names = report.plots().stream().map(p -> p.file().getFileName().toString()).toList();
        // lambda and topk vary, k does not: no plot against k.
        assertEquals(List.of("eval_nmse-vs-lambda.png", "eval_nmse-local-vs-global.png"), names);
        for (ComparisonReport.Plot p : report.plots()) {
            byte[] bytes = Files.readAllBytes(p.file());
            assertTrue(bytes.length > PNG_SIGNATURE.length, p.file() + " is empty");
            assertArrayEquals(PNG_SIGNATURE, Arrays.copyOf(bytes, PNG_SIGNATURE.length), p.file() + " is not a PNG");
            BufferedImage img = ImageIO.read(p.file().toFile());
            assertEquals(900, img.getWidth());
            assertEquals(560, img.getHeight());
            assertTrue(distinctColours(img) > 10, p.file() + " looks blank");
            assertTrue(md.contains("(" + p.file().getFileName() + ")"), "results.md links " + p.file().getFileName());
        }
        // The first series' colour is drawn (LOCAL/GLOBAL lines, and bars).
        assertTrue(hasColour(ImageIO.read(report.plots().get(0).file().toFile()), 0x1f77b4));
        assertTrue(hasColour(ImageIO.read(report.plots().get(1).file().toFile()), 0xff7f0e));

        String html = Files.readString(report.indexHtml());
        assertEquals(out.resolve("index.html"), report.indexHtml());
        for (String n : names) assertTrue(html.contains("<img src=\"" + n + "\""), "index.html shows " + n);
        assertTrue(html.contains("<th title=\"lower is better\">eval/nmse \u2193</th>"), html);
        assertTrue(html.contains("<td>LOCAL-l1-s2</td><td>1</td><td>LOCAL</td><td>2</td><td class=\"num\">0.27</td>"), html);
    }

    @Test
    void aKSweepGetsAPlotAgainstK() throws Exception {
        List<CellResult> cells = new ArrayList<>();
        for (int k : new int[] {16, 32, 64, 128}) {
            cells.add(new CellResult("k" + k, Map.of("k", Integer.toString(k)), Map.of("nmse", 1.0 / k), "FINISHED"));
        }
        ComparisonReport report = GridComparison.ofCells(cells).writeReport(out, List.of());
        assertEquals(List.of(out.resolve("nmse-vs-k.png")), report.plots().stream().map(ComparisonReport.Plot::file).toList());
        assertEquals(900, ImageIO.read(out.resolve("nmse-vs-k.png").toFile()).getWidth());
    }

    @Test
    void aGridIsReadFromATracker() {
        LocalStoreTracker tracker = new LocalStoreTracker(out.resolve("store"));
        TrackedRun parent = tracker.startRun("paper", "lambda-sweep", null, Map.of());
        for (String lambda : List.of("2", "0.5")) {
            TrackedRun cell = tracker.startRun("paper", "lambda=" + lambda, parent.runId(), Map.of());
            cell.logParams(Map.of("lambda", lambda, "k", "64"));
            cell.logMetrics(List.of(new MetricPoint("nmse", 1.0, 0, 1), new MetricPoint("nmse", 0.5 / Double.parseDouble(lambda), 10, 2)));
            cell.end(RunStatus.FINISHED);
        }
        tracker.startRun("paper", "other-grid", null, Map.of()).end(RunStatus.FINISHED);
        GridComparison g = GridComparison.fromTracker(tracker, "paper", "lambda-sweep");
        assertEquals("| cell | lambda | nmse |\n| --- | --- | ---: |\n| lambda=0.5 | 0.5 | 1 |\n| lambda=2 | 2 | 0.25 |\n",
                g.markdownTable(List.of()));
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> GridComparison.fromTracker(tracker, "paper", "k-sweep"));
        assertTrue(none.getMessage().contains("k-sweep") && none.getMessage().contains("paper"), none.getMessage());
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
                () -> GridComparison.fromTracker(tracker, "paper", "other-grid"));
        assertTrue(empty.getMessage().contains("no cell runs"), empty.getMessage());
    }

    @Test
    void namedAxesLeaveOutParamsThatDifferForOtherReasons() {
        List<CellResult> cells = List.of(
                new CellResult("b", Map.of("k", "32", "out", "results/runs/b"), Map.of("nmse", 0.25), "FINISHED"),
                new CellResult("a", Map.of("k", "16", "out", "results/runs/a"), Map.of("nmse", 0.5), "FINISHED"));
        assertEquals(List.of("k", "out"), GridComparison.ofCells(cells).axes());
        GridComparison named = GridComparison.ofCells(cells, List.of("k"));
        assertEquals("| cell | k | nmse |\n| --- | --- | ---: |\n| a | 16 | 0.5 |\n| b | 32 | 0.25 |\n", named.markdownTable(List.of()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GridComparison.ofCells(cells, List.of("lambda")));
        assertTrue(e.getMessage().contains("'lambda'"), e.getMessage());

        LocalStoreTracker tracker = new LocalStoreTracker(out.resolve("store"));
        TrackedRun parent = tracker.startRun("x", "grid", null, Map.of(RunTags.GRID_AXES, "k"));
        for (CellResult c : cells) {
            TrackedRun r = tracker.startRun("x", c.name(), parent.runId(), Map.of());
            r.logParams(c.params());
            r.end(RunStatus.FINISHED);
        }
        assertEquals(List.of("k"), GridComparison.fromTracker(tracker, "x", "grid").axes());
    }

    private static int distinctColours(BufferedImage img) {
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < img.getHeight(); y += 2) for (int x = 0; x < img.getWidth(); x += 2) colours.add(img.getRGB(x, y));
        return colours.size();
    }

    private static boolean hasColour(BufferedImage img, int rgb) {
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) if ((img.getRGB(x, y) & 0xffffff) == rgb) return true;
        }
        return false;
    }

    @Test
    void thePageScrollsItsTableAndSaysWhichDirectionIsBetter() throws java.io.IOException {
        ComparisonReport report = GridComparison.ofCells(localGlobalGrid()).writeReport(out, List.of());
        String html = Files.readString(report.indexHtml());
        assertTrue(html.contains("<div class=\"scroll\">\n<table>"), "the table scrolls inside the page");
        assertTrue(html.contains("<th>model.lambda</th>"), "axes have no direction");
        assertEquals(MetricDirection.HIGHER, MetricDirection.of("retrieval.sparc.a_to_b.r_at_1"));
        assertEquals(MetricDirection.HIGHER, MetricDirection.of("jaccard_mean"));
        assertEquals(MetricDirection.LOWER, MetricDirection.of("all_dead_fraction"));
        assertEquals(MetricDirection.LOWER, MetricDirection.of("retrieval.sparc.a_to_b.median_rank"));
        assertEquals(MetricDirection.NONE, MetricDirection.of("rows"));
    }

    @Test
    void tickLabelsKeepTheirLeadingZeroAndAConstantSeriesGetsARoomyAxis() {
        assertEquals("0.0000", ComparisonPlots.decimalPattern(0.008));
        assertEquals("0.0", ComparisonPlots.decimalPattern(2));
        assertEquals("0.0", new java.text.DecimalFormat(ComparisonPlots.decimalPattern(2)).format(0.04).substring(0, 3));
        var styler = new org.knowm.xchart.XYChartBuilder().build().getStyler();
        var constant = new java.util.DoubleSummaryStatistics();
        constant.accept(0.3);
        constant.accept(0.3);
        ComparisonPlots.yRange(styler, constant, false);
        assertTrue(styler.getYAxisMin() < 0.3 && styler.getYAxisMax() > 0.3, "a constant series sits inside the frame");
        assertEquals("0.000", styler.getYAxisDecimalPattern());
        var bars = new java.util.DoubleSummaryStatistics();
        bars.accept(0.2);
        bars.accept(0.6);
        ComparisonPlots.yRange(styler, bars, true);
        assertEquals(0.0, styler.getYAxisMin());
    }
}
