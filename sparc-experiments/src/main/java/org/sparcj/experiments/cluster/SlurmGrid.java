package org.sparcj.experiments.cluster;

import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValueFactory;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.sparcj.experiments.config.ConfigError;
import org.sparcj.experiments.config.ConfigLoader;
import org.sparcj.experiments.config.ExperimentConfig;
import org.sparcj.experiments.grid.GridCell;
import org.sparcj.experiments.grid.GridRunner;
import org.sparcj.experiments.grid.GridSpec;
import org.sparcj.experiments.run.CellResult;
import org.sparcj.experiments.run.DataSources;
import org.sparcj.experiments.run.RunDirectory;
import org.sparcj.experiments.run.RunPipeline;
import org.sparcj.experiments.run.StopSignal;
import org.sparcj.experiments.tracking.RunStatus;
import org.sparcj.experiments.tracking.TrackedRun;
import org.sparcj.experiments.tracking.Tracker;
import org.sparcj.experiments.config.TrackingSettings;
import org.sparcj.experiments.wiring.Trackers;

/**
 * A grid on Slurm (docs/CLUSTER.md). {@link #submit} does all the work a task must not: resolves
 * and checks every cell, builds or validates their data, saves each cell's config, creates the
 * parent run (tagged {@value RunPipeline#TAG_HELD_BY}, so nothing marks it KILLED while the jobs
 * are queued), and submits the array and its closing job. {@link #runCell} is one array task;
 * {@link #close} the closing job.
 */
public final class SlurmGrid {
    /** The results table the closing job writes into the submission directory. */
    public static final String RESULTS = "results.md";
    private static final String PENDING_HOLDER = "slurm (submitting)";

    private final GridRunner runner;
    private final ConfigLoader loader;
    private final DataSources dataSources;
    private final Trackers trackers;
    private final StopSignal stop;

    /** A grid's cells at the end of its submission: their results (so far) and the parent run's status. */
    public record Closed(Path slurmDir, List<CellResult> cells, RunStatus status) {
    }

    @Inject
    public SlurmGrid(GridRunner runner, ConfigLoader loader, DataSources dataSources, Trackers trackers, StopSignal stop) {
        this.runner = runner;
        this.loader = loader;
        this.dataSources = dataSources;
        this.trackers = trackers;
        this.stop = stop;
    }

    /**
     * Submits the grid's cells still to run as one job array and a closing job (with
     * {@code dryRun}: prints the scripts and submits nothing, creates nothing).
     */
    public void submit(GridSpec spec, List<String> overrides, SlurmOptions options, boolean dryRun, PrintWriter out) {
        Map<GridCell, ExperimentConfig> cells = runner.resolveCells(spec, overrides);
        Path gridDir = gridDir(spec, overrides);
        Path slurmDir = Submission.dir(gridDir);
        Path gridFile = spec.file().toAbsolutePath().normalize();
        SlurmScripts scripts = new SlurmScripts(spec.name(), gridFile, slurmDir, Path.of("").toAbsolutePath(), overrides,
                options);
        List<GridCell> list = new ArrayList<>(cells.keySet());
        if (dryRun) {
            List<Integer> toRun = new ArrayList<>();
            for (int i = 0; i < list.size(); i++)
                if (!finishedHere(gridDir.resolve(list.get(i).name()), cells.get(list.get(i)))) toRun.add(i);
            out.println("# " + slurmDir.resolve("cell.sbatch") + " (sbatch --parsable; " + toRun.size() + " of "
                    + list.size() + " cells to run)");
            out.print(scripts.array(toRun));
            out.println("# " + slurmDir.resolve("close.sbatch") + " (sbatch --parsable --dependency=afterany:<array job>)");
            out.print(scripts.close());
            out.flush();
            return;
        }
        // Tasks never build: generated data is built (and every store validated) here, once.
        cells.values().forEach(dataSources::check);
        ExperimentConfig first = cells.values().iterator().next();
        String uri = trackers.mlflowUri(first.tracking());
        try (Tracker tracker = trackers.open(first.tracking())) {
            TrackedRun parent = GridRunner.startParent(spec, list.size(), first.tracking().experiment(), tracker,
                    Map.of(RunPipeline.TAG_HELD_BY, PENDING_HOLDER));
            try {
                Files.createDirectories(slurmDir.resolve("cells"));
                Files.createDirectories(slurmDir.resolve("logs"));
                List<Submission.Cell> saved = new ArrayList<>();
                List<Integer> toRun = new ArrayList<>();
                for (int i = 0; i < list.size(); i++) {
                    GridCell cell = list.get(i);
                    ExperimentConfig cfg = cells.get(cell);
                    saveConfig(Submission.cellConfig(slurmDir, i), cfg);
                    boolean done = GridRunner.reuseFinished(spec, cell, cfg, gridDir, tracker, parent.runId()).isPresent();
                    if (!done) toRun.add(i);
                    saved.add(new Submission.Cell(i, cell.name(), cfg.hash(), !done));
                }
                Submission s = new Submission(spec.name(), gridFile.toString(), Submission.sha256(gridFile),
                        first.tracking().experiment(), parent.runId(), "", "", Instant.now().toString(), saved);
                s.write(slurmDir);
                if (toRun.isEmpty()) {
                    parent.end(RunStatus.FINISHED);
                    out.println("grid " + spec.name() + ": every cell is FINISHED; nothing to submit");
                    return;
                }
                Path arrayScript = write(slurmDir.resolve("cell.sbatch"), scripts.array(toRun));
                Path closeScript = write(slurmDir.resolve("close.sbatch"), scripts.close());
                String array = sbatch(uri, arrayScript);
                String close = sbatch(uri, closeScript, "--dependency=afterany:" + array);
                parent.setTag(RunPipeline.TAG_HELD_BY, "slurm job " + array + " (closed by job " + close + ")");
                s.withJobs(array, close).write(slurmDir);
                out.printf("grid %s: %d of %d cells submitted as slurm job array %s; job %s closes the parent run%n",
                        spec.name(), toRun.size(), list.size(), array, close);
                out.printf("  parent run %s (%s)%n", parent.runId(), tracker.describe());
                out.printf("  follow:  squeue -j %s,%s    logs: %s%n", array, close, slurmDir.resolve("logs"));
                out.printf("  results: %s when job %s is done; cells under %s%n", slurmDir.resolve(RESULTS), close, gridDir);
                out.flush();
            } catch (IOException | RuntimeException e) {
                parent.setTag(RunPipeline.TAG_ERROR, String.valueOf(e.getMessage()));
                parent.end(RunStatus.FAILED);
                if (e instanceof IOException io) throw new UncheckedIOException(io);
                throw (RuntimeException) e;
            }
        }
    }

    /**
     * One array task: runs cell {@code index} with the config saved at submission, as a child of
     * the submission's parent run. Stopped by SIGTERM while its Slurm job is RUNNING (time limit,
     * preemption), it requeues the job once the checkpoint is written; the next start resumes.
     */
    public CellResult runCell(GridSpec spec, List<String> overrides, int index, PrintWriter out) {
        Path gridDir = gridDir(spec, overrides);
        Path slurmDir = Submission.dir(gridDir);
        Submission s = Submission.read(slurmDir, spec.file());
        if (!Submission.sha256(spec.file()).equals(s.gridSha256()))
            throw new ConfigError("grid file " + spec.file() + " changed since it was submitted (" + s.submittedAt()
                    + ", slurm job " + s.arrayJob() + "): submit it again with --slurm");
        int n = s.cells().size();
        if (index < 0 || index >= n)
            throw new ConfigError("--cell " + index + ": grid " + spec.name() + " has " + n + " cells, 0 to " + (n - 1));
        GridCell cell = spec.cells().get(index);
        ExperimentConfig cfg = savedConfig(slurmDir, s, index);
        try (Tracker tracker = trackers.open(cfg.tracking())) {
            out.printf("grid %s, cell %d: %s (tracker %s, parent run %s)%n", spec.name(), index, cell.name(),
                    tracker.describe(), s.parentRunId());
            out.flush();
            CellResult r = runner.runCell(spec, cell, cfg, gridDir, tracker, s.parentRunId(), out);
            if (stop.stopped()) requeue(out);
            return r;
        }
    }

    /** The closing job: ends the parent run (FINISHED when every cell FINISHED, else FAILED) and gathers the results. */
    public Closed close(GridSpec spec, List<String> overrides) {
        Path gridDir = gridDir(spec, overrides);
        Path slurmDir = Submission.dir(gridDir);
        Submission s = Submission.read(slurmDir, spec.file());
        List<GridCell> cells = spec.cells();
        List<CellResult> results = new ArrayList<>();
        RunStatus status = RunStatus.FINISHED;
        for (Submission.Cell c : s.cells()) {
            RunDirectory rd = new RunDirectory(gridDir.resolve(c.name()));
            Map<String, String> params = c.index() < cells.size() ? cells.get(c.index()).params() : Map.of();
            CellResult r = rd.result().filter(x -> rd.configHash().map(c.hash()::equals).orElse(false))
                    .orElseGet(() -> new CellResult(c.name(), params, Map.of(),
                            c.submitted() ? rd.status().map(Enum::name).orElse("NOT RUN") : RunStatus.FINISHED.name()));
            if (!r.status().equals(RunStatus.FINISHED.name())) status = RunStatus.FAILED;
            results.add(r);
        }
        ExperimentConfig cfg = savedConfig(slurmDir, s, 0);
        try (Tracker tracker = trackers.open(cfg.tracking())) {
            TrackedRun parent = tracker.reopen(s.experiment(), s.parentRunId(), null);
            parent.end(status);
        }
        return new Closed(slurmDir, results, status);
    }

    private ExperimentConfig savedConfig(Path slurmDir, Submission s, int index) {
        Path file = Submission.cellConfig(slurmDir, index);
        ExperimentConfig cfg = ExperimentConfig.of(loader.resolve(List.of(ConfigFactory.parseFile(file.toFile()))));
        String want = s.cells().get(index).hash();
        if (!cfg.hash().equals(want))
            throw new ConfigError("cell " + index + ": its saved config " + file + " now resolves to config "
                    + cfg.hash().substring(0, 12) + ", not the submitted " + want.substring(0, 12)
                    + " (the defaults changed?): submit the grid again with --slurm");
        return cfg;
    }

    // The tracking URI travels in the job's environment (MLFLOW_TRACKING_URI), never in a file.
    private static void saveConfig(Path file, ExperimentConfig cfg) throws IOException {
        String hocon = cfg.resolved().withValue("sparc.tracking.uri", ConfigValueFactory.fromAnyRef("")).root()
                .render(ConfigRenderOptions.defaults().setOriginComments(false).setJson(false));
        write(file, hocon);
    }

    private Path gridDir(GridSpec spec, List<String> overrides) {
        return ExperimentConfig.of(loader.load(spec.experiment(), overrides)).run().gridsDir().resolve(spec.name())
                .toAbsolutePath().normalize();
    }

    private static boolean finishedHere(Path dir, ExperimentConfig cfg) {
        RunDirectory rd = new RunDirectory(dir);
        return rd.status().orElse(null) == RunStatus.FINISHED && rd.configHash().map(cfg.hash()::equals).orElse(false);
    }

    private static Path write(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    /** Submits a script; returns the job id. The tasks track where this process tracks. */
    private static String sbatch(String uri, Path script, String... args) {
        List<String> cmd = new ArrayList<>(List.of("sbatch", "--parsable"));
        cmd.addAll(List.of(args));
        cmd.add(script.toString());
        ProcessBuilder pb = new ProcessBuilder(cmd);
        if (uri.isEmpty()) pb.environment().remove(TrackingSettings.URI_ENV);
        else pb.environment().put(TrackingSettings.URI_ENV, uri);
        String output = Slurm.run(pb, String.join(" ", cmd));
        return output.strip().split(";")[0];
    }

    // Requeue only a job Slurm still runs: a cancelled job (scancel) stays cancelled.
    private static void requeue(PrintWriter out) {
        String job = System.getenv("SLURM_JOB_ID");
        if (job == null) return;
        Optional<String> state = Slurm.jobState(job);
        if (state.isPresent() && !state.get().equals("RUNNING")) {
            out.println("slurm job " + job + " is " + state.get() + ": not requeued");
        } else {
            Slurm.run(new ProcessBuilder("scontrol", "requeue", job), "scontrol requeue " + job);
            out.println("requeued slurm job " + job + ": it resumes from its checkpoint when it starts again");
        }
        out.flush();
    }
}
