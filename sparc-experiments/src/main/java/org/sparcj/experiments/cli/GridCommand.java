package org.sparcj.experiments.cli;

import jakarta.inject.Inject;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.sparcj.experiments.cluster.SlurmGrid;
import org.sparcj.experiments.cluster.SlurmOptions;
import org.sparcj.experiments.config.ConfigLoader;
import org.sparcj.experiments.config.ExperimentConfig;
import org.sparcj.experiments.grid.GridCell;
import org.sparcj.experiments.grid.GridRunner;
import org.sparcj.experiments.grid.GridSpec;
import org.sparcj.experiments.run.CellResult;
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
                "skip it (status 'RUNNING elsewhere') or, with --wait, wait for it.",
                "With --slurm: one Slurm job array, one task per cell, each task 'grid GRID_FILE --cell I' (docs/CLUSTER.md)."})
public final class GridCommand implements Callable<Integer> {
    private final ConfigLoader loader;
    private final Trackers trackers;
    private final GridRunner runner;
    private final SlurmGrid slurmGrid;
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

    @Option(names = "--dry-run", description = "list the cells (index, name, output directory), run nothing; with --slurm: print the sbatch scripts")
    boolean dryRun;

    @Option(names = "--metrics", split = ",", paramLabel = "NAME", description = "metrics shown in the final table (default: the headline metrics; all: every metric)")
    List<String> metrics = new ArrayList<>();

    @Option(names = "--slurm", description = "submit the cells still to run as one Slurm job array, and a job that closes the grid")
    boolean slurm;

    @Option(names = "--partition", paramLabel = "P", description = "with --slurm: the partition")
    String partition;

    @Option(names = "--gpus-per-cell", paramLabel = "N", defaultValue = "0", description = "with --slurm: GPUs per task (default ${DEFAULT-VALUE})")
    int gpusPerCell;

    @Option(names = "--cpus-per-cell", paramLabel = "N", defaultValue = "0", description = "with --slurm: CPUs per task (default: Slurm's)")
    int cpusPerCell;

    @Option(names = "--mem", paramLabel = "M", description = "with --slurm: memory per task, e.g. 16G (default: Slurm's)")
    String mem;

    @Option(names = "--time", paramLabel = "T", description = "with --slurm: time limit per task, e.g. 12:00:00 (default: Slurm's)")
    String time;

    @Option(names = "--max-running", paramLabel = "N", defaultValue = "0", description = "with --slurm: tasks running at once (default: no limit)")
    int maxRunning;

    @Option(names = "--sbatch-arg", paramLabel = "ARG", description = "with --slurm: one more sbatch option for both jobs, e.g. --sbatch-arg=--account=proj (repeatable)")
    List<String> sbatchArgs = new ArrayList<>();

    @Option(names = "--cell", paramLabel = "I", description = "run only cell I (its index in --dry-run order) of the grid's --slurm submission, with the config saved then (what each array task runs)")
    Integer cell;

    @Option(names = "--close", description = "end the parent run of the grid's --slurm submission and write its results table (what the closing job runs)")
    boolean close;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Inject
    GridCommand(ConfigLoader loader, Trackers trackers, GridRunner runner, SlurmGrid slurmGrid, StopSignal stop) {
        this.loader = loader;
        this.trackers = trackers;
        this.runner = runner;
        this.slurmGrid = slurmGrid;
        this.stop = stop;
    }

    @Override
    public Integer call() throws IOException {
        var out = spec.commandLine().getOut();
        GridSpec grid = GridSpec.parse(gridFile);
        if ((slurm ? 1 : 0) + (cell != null ? 1 : 0) + (close ? 1 : 0) > 1)
            throw new IllegalArgumentException("--slurm, --cell and --close exclude each other");
        if (slurm) {
            slurmGrid.submit(grid, overrides, new SlurmOptions(partition, gpusPerCell, cpusPerCell, mem, time, maxRunning,
                    sbatchArgs), dryRun, out);
            return SparcCli.OK;
        }
        if (cell != null) {
            try (CtrlC ignored = new CtrlC(stop)) {
                CellResult r = slurmGrid.runCell(grid, overrides, cell, out);
                out.println("cell " + r.name() + " " + r.status());
                out.flush();
                return exitCode(r.status());
            }
        }
        if (close) {
            SlurmGrid.Closed c = slurmGrid.close(grid, overrides);
            Path table = c.slurmDir().resolve(SlurmGrid.RESULTS);
            try (PrintWriter file = new PrintWriter(Files.newBufferedWriter(table, StandardCharsets.UTF_8))) {
                Results.printTable(file, c.cells(), metrics);
            }
            out.println("grid " + grid.name() + " " + c.status() + " (" + table + ")");
            Results.printTable(out, c.cells(), metrics);
            return exitCode(c.status().name());
        }
        if (dryRun) {
            Map<GridCell, ExperimentConfig> cells = runner.resolveCells(grid, overrides);
            out.println("grid " + grid.name() + ": " + cells.size() + " cells (base " + grid.experiment() + ")");
            int i = 0;
            for (Map.Entry<GridCell, ExperimentConfig> e : cells.entrySet())
                out.println("  " + i++ + "  " + e.getKey().name() + "  -> " + e.getValue().run().gridsDir().resolve(grid.name())
                        .resolve(e.getKey().name()) + "  config " + e.getValue().hash().substring(0, 12));
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
            return exitCode(r.status().name());
        }
    }

    private static int exitCode(String status) {
        return status.equals(RunStatus.FINISHED.name()) || status.equals(GridRunner.RUNNING_ELSEWHERE) ? SparcCli.OK
                : status.equals(RunStatus.KILLED.name()) ? SparcCli.KILLED : SparcCli.RUN_FAILED;
    }
}
