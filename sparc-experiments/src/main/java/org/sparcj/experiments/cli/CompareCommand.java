package org.sparcj.experiments.cli;

import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.sparcj.experiments.compare.ComparisonReport;
import org.sparcj.experiments.compare.GridComparison;
import org.sparcj.experiments.config.ConfigLoader;
import org.sparcj.experiments.config.ExperimentConfig;
import org.sparcj.experiments.grid.GridResults;
import org.sparcj.experiments.tracking.Tracker;
import org.sparcj.experiments.wiring.Trackers;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Compares the cells of a grid: Markdown table, plots and an index.html. */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = {"Compare a grid's cells in a Markdown table, PNG plots and an HTML page.",
                "Writes results.md, PNG plots (metric vs lambda, vs k, Local vs Global, averaged over seeds)",
                "and an index.html showing them.",
                "GRID is a grid directory, a grid name under sparc.run.grids_dir, or (--from tracker) the",
                "name of a grid's parent run in the tracker (MLflow or the local store)."})
public final class CompareCommand implements Callable<Integer> {
    enum Source { auto, dir, tracker }

    private final ConfigLoader loader;
    private final Trackers trackers;

    @Parameters(index = "0", paramLabel = "GRID", description = "grid name or directory, e.g. quickstart or results/grids/quickstart")
    String grid;

    @Parameters(index = "1..*", paramLabel = "key=value", arity = "0..*",
            description = "config overrides, e.g. tracking.uri=http://127.0.0.1:5000 tracking.experiment=sparc-j-quickstart")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--from", defaultValue = "auto", description = "where results come from: auto (the grid directory if it exists, else the tracker), dir, tracker")
    Source from;

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "experiment file whose tracking settings to use (e.g. the grid's base experiment)")
    Path config;

    @Option(names = "--out", paramLabel = "DIR", description = "output directory (default: results/compare/<grid>)")
    Path outDir;

    @Option(names = "--metrics", split = ",", paramLabel = "NAME", description = "metrics to tabulate (default: the headline metrics; all: every metric)")
    List<String> metrics = new ArrayList<>();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Inject
    CompareCommand(ConfigLoader loader, Trackers trackers) {
        this.loader = loader;
        this.trackers = trackers;
    }

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        ExperimentConfig cfg = ExperimentConfig.of(loader.load(config, overrides));
        Path dir = Path.of(grid);
        if (!Files.isDirectory(dir)) dir = cfg.run().gridsDir().resolve(grid);
        String name = dir.getFileName().toString();
        GridComparison cmp;
        if (from == Source.dir || (from == Source.auto && Files.isDirectory(dir))) {
            cmp = GridComparison.ofCells(GridResults.load(dir));
        } else {
            try (Tracker tracker = trackers.open(cfg.tracking())) {
                cmp = GridComparison.fromTracker(tracker, cfg.tracking().experiment(), Path.of(grid).getFileName().toString());
            }
        }
        List<String> chosen = Results.chooseMetrics(cmp.metricNames(), metrics);
        ComparisonReport report = cmp.writeReport(outDir != null ? outDir : Path.of("results", "compare", name), chosen);
        out.println(report.markdownTable());
        out.println("wrote " + report.resultsMarkdown() + ", " + report.indexHtml() + " and " + report.plots().size() + " plots");
        out.flush();
        return SparcCli.OK;
    }
}
