package org.sparcj.experiments.grid;

import jakarta.inject.Inject;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.sparcj.experiments.config.ConfigLoader;
import org.sparcj.experiments.config.ExperimentConfig;
import org.sparcj.experiments.run.CellResult;
import org.sparcj.experiments.run.DataSources;
import org.sparcj.experiments.run.RunDirectory;
import org.sparcj.experiments.run.RunLock;
import org.sparcj.experiments.run.RunPipeline;
import org.sparcj.experiments.run.StopSignal;
import org.sparcj.experiments.tracking.MetricPoint;
import org.sparcj.experiments.tracking.RunRecord;
import org.sparcj.experiments.tracking.RunStatus;
import org.sparcj.experiments.tracking.RunTags;
import org.sparcj.experiments.tracking.TrackedRun;
import org.sparcj.experiments.tracking.Tracker;

/**
 * Runs a grid: every cell's config is resolved and validated first (so a bad cell fails the grid
 * before any training), then the cells run one after another or {@code parallel} at a time, each
 * as a child run of one parent run named after the grid; a child run is named by its cell's values
 * (e.g. {@code topk=GLOBAL,lambda=1}) and found again by its tags {@value #TAG_GRID} and
 * {@value #TAG_CELL}. A cell already FINISHED with the same config hash (per its status file or the
 * tracker) is skipped; FAILED or interrupted cells run again, resuming from their checkpoint. Each
 * cell is worked on under its directory's {@link RunLock}: a cell another process holds is left
 * to it ({@value #RUNNING_ELSEWHERE}), or waited for.
 */
public final class GridRunner {
    public static final String TAG_GRID = RunTags.GRID;
    public static final String TAG_CELL = RunTags.CELL;
    /** On a skipped cell's run: the id of the earlier run whose results it repeats. */
    public static final String TAG_REUSED = "sparc.reused_run";
    /** The status of a cell another process is working on. */
    public static final String RUNNING_ELSEWHERE = "RUNNING elsewhere";

    private final RunPipeline pipeline;
    private final ConfigLoader loader;
    private final DataSources dataSources;
    private final StopSignal stop;

    /** What happened to a grid: one result per cell, in cell order, and what each cell did this time. */
    public record Result(String grid, Path dir, List<CellResult> cells, Map<String, String> actions, RunStatus status) {
    }

    @Inject
    public GridRunner(RunPipeline pipeline, ConfigLoader loader, DataSources dataSources, StopSignal stop) {
        this.pipeline = pipeline;
        this.loader = loader;
        this.dataSources = dataSources;
        this.stop = stop;
    }

    /**
     * Resolves every cell's config (base experiment, command-line overrides, then the cell's values)
     * and checks that each names a known data source.
     */
    public Map<GridCell, ExperimentConfig> resolveCells(GridSpec spec, List<String> overrides) {
        var base = loader.parseExperiment(spec.experiment());
        var cli = ConfigLoader.parseOverrides(overrides);
        Map<GridCell, ExperimentConfig> out = new LinkedHashMap<>();
        for (GridCell cell : spec.cells()) {
            ExperimentConfig cfg = ExperimentConfig.of(loader.resolve(List.of(base, cli, cell.asConfig())));
            dataSources.require(cfg);
            out.put(cell, cfg);
        }
        return out;
    }

    public Result run(GridSpec spec, List<String> overrides, int parallel, Tracker tracker, PrintWriter log) {
        return run(spec, overrides, parallel, false, tracker, log);
    }

    /**
     * Runs the grid; every cell's data is validated before the parent run is created. With
     * {@code wait}, cells another process holds are waited for; without, they are left to it.
     */
    public Result run(GridSpec spec, List<String> overrides, int parallel, boolean wait, Tracker tracker, PrintWriter log) {
        if (parallel < 1) throw new IllegalArgumentException("--parallel must be >= 1, got " + parallel);
        Map<GridCell, ExperimentConfig> cells = resolveCells(spec, overrides);
        cells.values().forEach(dataSources::check);
        String experiment = cells.values().iterator().next().tracking().experiment();
        Path gridDir = gridDir(spec, cells);
        log.printf("grid %s: %d cells, tracker %s, output %s%n", spec.name(), cells.size(), tracker.describe(), gridDir);
        log.flush();

        TrackedRun parent = startParent(spec, cells.size(), experiment, tracker, Map.of());
        Map<String, String> actions = new LinkedHashMap<>();
        List<CellResult> results = new ArrayList<>();
        RunStatus overall = RunStatus.FINISHED;
        try {
            ExecutorService pool = Executors.newFixedThreadPool(parallel);
            try {
                List<Future<CellResult>> futures = new ArrayList<>();
                for (Map.Entry<GridCell, ExperimentConfig> e : cells.entrySet()) {
                    GridCell cell = e.getKey();
                    ExperimentConfig cfg = e.getValue();
                    futures.add(pool.submit(() -> claimCell(spec, cell, cfg, gridDir.resolve(cell.name()), tracker,
                            parent.runId(), parallel == 1, wait, actions, log)));
                }
                for (Future<CellResult> f : futures) results.add(f.get());
            } finally {
                pool.shutdownNow();
            }
            for (CellResult r : results)
                if (!r.status().equals(RunStatus.FINISHED.name()) && !r.status().equals(RUNNING_ELSEWHERE))
                    overall = stop.stopped() ? RunStatus.KILLED : RunStatus.FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            overall = RunStatus.KILLED;
        } catch (ExecutionException e) {
            overall = RunStatus.FAILED;
            parent.setTag("sparc.error", String.valueOf(e.getCause()));
            throw new IllegalStateException("grid " + spec.name() + ": " + e.getCause(), e.getCause());
        } finally {
            parent.end(overall);
        }
        return new Result(spec.name(), gridDir, results, actions, overall);
    }

    /** The directory a grid's cells write under: {@code <sparc.run.grids_dir>/<grid>} of its first cell. */
    public static Path gridDir(GridSpec spec, Map<GridCell, ExperimentConfig> cells) {
        return cells.values().iterator().next().run().gridsDir().resolve(spec.name());
    }

    /**
     * Creates the grid's parent run (RUNNING), named after the grid, with {@code extraTags} (e.g.
     * {@link RunPipeline#TAG_HELD_BY} for a run a cluster job holds).
     */
    public static TrackedRun startParent(GridSpec spec, int cellCount, String experiment, Tracker tracker,
                                         Map<String, String> extraTags) {
        // The axes tag names the params (flattened config keys) that tell the cells apart, for compare.
        Map<String, String> parentTags = RunTags.origin();
        parentTags.putAll(Map.of(TAG_GRID, spec.name(), "sparc.grid_file", spec.file().toString(),
                RunTags.GRID_AXES, String.join(",", spec.axisKeys()), RunTags.SOURCE_NAME, spec.file().toString()));
        parentTags.putAll(extraTags);
        TrackedRun parent = tracker.startRun(experiment, spec.name(), null, parentTags);
        parent.logParams(Map.of("grid.name", spec.name(), "grid.cells", Integer.toString(cellCount),
                "grid.experiment", spec.experiment().toString()));
        return parent;
    }

    /**
     * Runs one cell as a child of {@code parentId}, as {@link #run} does for each cell: under its
     * directory's lock (a cell another process holds is left to it), skipped when FINISHED with the
     * same config, else resumed from its checkpoint. No progress bar (a cluster task's log is a file).
     */
    public CellResult runCell(GridSpec spec, GridCell cell, ExperimentConfig cfg, Path gridDir, Tracker tracker,
                              String parentId, PrintWriter log) {
        return claimCell(spec, cell, cfg, gridDir.resolve(cell.name()), tracker, parentId, false, false,
                new LinkedHashMap<>(), log);
    }

    /**
     * The cell's result when it already FINISHED with this config (per its directory or the
     * tracker), filed under {@code parentId} as a child run that repeats it; else empty.
     */
    public static Optional<CellResult> reuseFinished(GridSpec spec, GridCell cell, ExperimentConfig cfg, Path gridDir,
                                                     Tracker tracker, String parentId) {
        RunDirectory rd = new RunDirectory(gridDir.resolve(cell.name()));
        Optional<CellResult> done = finished(rd, cfg, tracker, spec, cell);
        done.ifPresent(d -> recordReuse(cfg, cell.name(), rd, cell, spec, tracker, parentId, d));
        return done;
    }

    /** Runs a cell under its directory's lock; a cell another process holds is left to it, or waited for. */
    private CellResult claimCell(GridSpec spec, GridCell cell, ExperimentConfig cfg, Path dir, Tracker tracker,
                                 String parentId, boolean progressBar, boolean wait, Map<String, String> actions,
                                 PrintWriter log) {
        Optional<RunLock> lock = RunLock.tryAcquire(dir);
        if (lock.isEmpty() && wait) {
            log.printf("  %-40s waiting: in progress in %s%n", cell.name(), RunLock.holder(dir));
            log.flush();
            lock = RunLock.await(dir, stop);
        }
        Optional<String> heldBy = Optional.empty();
        if (lock.isPresent()) heldBy = RunPipeline.heldElsewhere(tracker, cfg.tracking().experiment(), dir);
        if (lock.isEmpty() || heldBy.isPresent()) {
            lock.ifPresent(RunLock::close);
            if (lock.isEmpty() && stop.stopped()) {
                record(actions, cell, "not started (stopped)");
                return new CellResult(cell.name(), cell.params(), Map.of(), RunStatus.KILLED.name());
            }
            String who = heldBy.orElseGet(() -> RunLock.holder(dir));
            record(actions, cell, "skipped (" + RUNNING_ELSEWHERE + ": " + who + ")");
            log.printf("  %-40s skipped: %s (%s)%n", cell.name(), RUNNING_ELSEWHERE, who);
            log.flush();
            return new CellResult(cell.name(), cell.params(), Map.of(), RUNNING_ELSEWHERE);
        }
        try (RunLock held = lock.get()) {
            return runCell(spec, cell, cfg, dir, tracker, parentId, progressBar, actions, log);
        }
    }

    private CellResult runCell(GridSpec spec, GridCell cell, ExperimentConfig cfg, Path dir, Tracker tracker,
                               String parentId, boolean progressBar, Map<String, String> actions, PrintWriter log) {
        RunDirectory rd = new RunDirectory(dir);
        String runName = cell.name();
        Optional<CellResult> done = finished(rd, cfg, tracker, spec, cell);
        if (done.isPresent()) {
            record(actions, cell, "skipped (finished)");
            log.printf("  %-40s skipped: already FINISHED%n", cell.name());
            recordReuse(cfg, runName, rd, cell, spec, tracker, parentId, done.get());
            return done.get();
        }
        if (stop.stopped()) {
            record(actions, cell, "not started (stopped)");
            return new CellResult(cell.name(), cell.params(), Map.of(), RunStatus.KILLED.name());
        }
        boolean sameConfig = rd.configHash().map(cfg.hash()::equals).orElse(false);
        if (rd.hasCheckpoint() && !sameConfig) moveAside(rd.checkpoint().getParent());
        String action = rd.hasCheckpoint() ? "resumed" : rd.status().isPresent() ? "re-run" : "run";
        log.printf("  %-40s %s%n", cell.name(), action.equals("run") ? "starting" : action + " (was "
                + rd.status().map(Enum::name).orElse("?") + ")");
        Map<String, String> tags = Map.of(TAG_GRID, spec.name(), TAG_CELL, cell.name(), RunTags.SOURCE_NAME,
                spec.file().toString());
        RunPipeline.Outcome out = pipeline.execute(new RunPipeline.Request(cfg, runName, dir, tracker, parentId, tags,
                cell.params(), progressBar && cfg.run().progress()));
        record(actions, cell, action + " -> " + out.status());
        log.printf("  %-40s %s%s%n", cell.name(), out.status(), out.error() == null ? "" : ": " + out.error());
        log.flush();
        return new CellResult(cell.name(), cell.params(), out.metrics(), out.status().name());
    }

    /**
     * Files a skipped cell under this invocation's parent run too (so every parent run has one child
     * per cell): a run holding the stored params and final metrics, tagged with the run it reuses.
     */
    private static void recordReuse(ExperimentConfig cfg, String runName, RunDirectory rd, GridCell cell, GridSpec spec,
                                    Tracker tracker, String parentId, CellResult done) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.putAll(RunTags.standard(cfg.hash()));
        tags.put(TAG_GRID, spec.name());
        tags.put(TAG_CELL, cell.name());
        tags.put(RunTags.SOURCE_NAME, spec.file().toString());
        tags.put(TAG_REUSED, rd.runId().or(() -> tracker.findRunByTags(cfg.tracking().experiment(), cellTags(spec, cell))
                .map(RunRecord::runId)).orElse("unknown"));
        TrackedRun run = tracker.startRun(cfg.tracking().experiment(), runName, parentId, tags);
        run.logParams(cfg.flatParams());
        long step = done.metrics().getOrDefault("train.steps", 0.0).longValue();
        long now = System.currentTimeMillis();
        List<MetricPoint> points = new ArrayList<>();
        done.metrics().forEach((k, v) -> {
            if (v != null && Double.isFinite(v)) points.add(new MetricPoint(k, v, step, now));
        });
        if (!points.isEmpty()) run.logMetrics(points);
        run.end(RunStatus.FINISHED);
    }

    private static synchronized void record(Map<String, String> actions, GridCell cell, String what) {
        actions.put(cell.name(), what);
    }

    /** A finished result for this exact config, from the cell directory or else the tracker. */
    private static Map<String, String> cellTags(GridSpec spec, GridCell cell) {
        return Map.of(TAG_GRID, spec.name(), TAG_CELL, cell.name());
    }

    private static Optional<CellResult> finished(RunDirectory rd, ExperimentConfig cfg, Tracker tracker, GridSpec spec,
                                                 GridCell cell) {
        if (rd.status().orElse(null) == RunStatus.FINISHED && rd.configHash().map(cfg.hash()::equals).orElse(false))
            return rd.result().or(() -> Optional.of(new CellResult(cell.name(), cell.params(), Map.of(), "FINISHED")));
        Optional<RunRecord> r = tracker.findRunByTags(cfg.tracking().experiment(), cellTags(spec, cell));
        if (r.isPresent() && r.get().status() == RunStatus.FINISHED
                && cfg.hash().equals(r.get().tags().get(RunPipeline.TAG_CONFIG_HASH)))
            return Optional.of(new CellResult(cell.name(), cell.params(), r.get().metrics(), "FINISHED"));
        return Optional.empty();
    }

    // A checkpoint written under another config cannot be resumed; keep it, out of the way.
    private static void moveAside(Path checkpoint) {
        try {
            Files.move(checkpoint, checkpoint.resolveSibling("checkpoint.stale-" + System.currentTimeMillis()),
                    StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot move aside stale checkpoint " + checkpoint, e);
        }
    }
}
