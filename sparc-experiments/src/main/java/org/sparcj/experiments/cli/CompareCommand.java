package org.sparcj.experiments.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.sparcj.experiments.config.ConfigLoader;
import org.sparcj.experiments.config.ExperimentConfig;
import org.sparcj.experiments.grid.CellResult;
import org.sparcj.experiments.grid.GridResults;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Compares the cells of a grid: Markdown table, plots and an index.html. */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = {"Compare a grid's cells: a Markdown table, PNG plots (metric vs lambda, vs k, Local vs Global)",
                "and an index.html showing them. GRID is a grid name (under sparc.run.grids_dir) or a grid directory."})
public final class CompareCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "GRID", description = "grid name or directory, e.g. quickstart or results/grids/quickstart")
    String grid;

    @Option(names = "--out", paramLabel = "DIR", description = "output directory (default: results/compare/<grid>)")
    Path outDir;

    @Option(names = "--metrics", split = ",", paramLabel = "NAME", description = "metrics to tabulate (default: the headline metrics; all: every metric)")
    List<String> metrics = new ArrayList<>();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Path dir = Path.of(grid);
        if (!Files.isDirectory(dir))
            dir = ExperimentConfig.of(new ConfigLoader().load(null, List.of())).run().gridsDir().resolve(grid);
        List<CellResult> cells = GridResults.load(dir);
        if (cells.isEmpty()) throw new IllegalArgumentException("no finished cells under " + dir);
        // TODO(after merge): org.sparcj.experiments.compare writes the table, plots and index.html.
        Results.printTable(spec.commandLine().getOut(), cells, metrics);
        return SparcCli.OK;
    }
}
