package org.sparcj.experiments.cli;

import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.sparcj.experiments.config.ConfigLoader;
import org.sparcj.experiments.config.ExperimentConfig;
import org.sparcj.experiments.grid.GridCell;
import org.sparcj.experiments.grid.GridRunner;
import org.sparcj.experiments.grid.GridSpec;
import org.sparcj.experiments.run.StopSignal;
import org.sparcj.experiments.tracking.RunStatus;
import org.sparcj.experiments.tracking.Tracker;
import org.sparcj.experiments.wiring.Trackers;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Runs every cell of a grid file. */
@Command(name = "grid", mixinStandardHelpOptions = true,
        description = {"Run a grid of experiments (see conf/grids/).",
                "Cells already FINISHED with the same config are skipped; FAILED or interrupted cells run again,",
                "resuming from their checkpoint. Output: <sparc.run.grids_dir>/<grid>/<cell>/.",
                "Several processes may run the same grid: each cell is locked while one works on it; the others",
                "skip it (status 'RUNNING elsewhere') or, with --wait, wait for it."})
public final class GridCommand implements Callable<Integer> {
    private final ConfigLoader loader;
    private final Trackers trackers;
    private final GridRunner runner;
    private final StopSignal stop;

    @Parameters(index = "0", paramLabel = "GRID_FILE", description = "grid file (HOCON), e.g. conf/grids/quickstart.conf")
    Path gridFile;

    @Parameters(index = "1..*", paramLabel = "key=value", arity = "0..*",
            description = "overrides applied to every cell (under the cell's own axis values)")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--parallel", paramLabel = "N", defaultValue = "1", description = "cells run at a time (default ${DEFAULT-VALUE})")
    int parallel;

    @Option(names = "--wait", description = "wait for cells another process is running instead of skipping them")
    boolean waitForOthers;

    @Option(names = "--dry-run", description = "list the cells and their output directories, run nothing")
    boolean dryRun;

    @Option(names = "--metrics", split = ",", paramLabel = "NAME", description = "metrics shown in the final table (default: the headline metrics; all: every metric)")
    List<String> metrics = new ArrayList<>();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Inject
    GridCommand(ConfigLoader loader, Trackers trackers, GridRunner runner, StopSignal stop) {
        this.loader = loader;
        this.trackers = trackers;
        this.runner = runner;
        this.stop = stop;
    }

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        GridSpec grid = GridSpec.parse(gridFile);
        if (dryRun) {
            Map<GridCell, ExperimentConfig> cells = runner.resolveCells(grid, overrides);
            out.println("grid " + grid.name() + ": " + cells.size() + " cells (base " + grid.experiment() + ")");
            cells.forEach((c, cfg) -> out.println("  " + c.name() + "  -> "
                    + cfg.run().gridsDir().resolve(grid.name()).resolve(c.name()) + "  config " + cfg.hash().substring(0, 12)));
            out.flush();
            return SparcCli.OK;
        }
        // Tracking settings come from the base experiment (with the command-line overrides).
        ExperimentConfig base = ExperimentConfig.of(loader.load(grid.experiment(), overrides));
        try (Tracker tracker = trackers.open(base.tracking()); CtrlC ignored = new CtrlC(stop)) {
            GridRunner.Result r = runner.run(grid, overrides, parallel, waitForOthers, tracker, out);
            out.println();
            out.println("grid " + r.grid() + " " + r.status() + " (" + r.dir() + ")");
            Results.printTable(out, r.cells(), metrics);
            long elsewhere = r.cells().stream().filter(c -> c.status().equals(GridRunner.RUNNING_ELSEWHERE)).count();
            if (elsewhere > 0)
                out.println(elsewhere + " cell(s) " + GridRunner.RUNNING_ELSEWHERE + ": run again when they are done, or use --wait");
            return r.status() == RunStatus.FINISHED ? SparcCli.OK : r.status() == RunStatus.KILLED ? SparcCli.KILLED : SparcCli.RUN_FAILED;
        }
    }
}
