package org.sparcj.experiments.run;

import jakarta.inject.Inject;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.sparcj.data.store.FeatureStore;
import org.sparcj.experiments.localise.LocalisationBenchmark;
import org.sparcj.eval.EvalConfig;
import org.sparcj.eval.EvaluationReport;
import org.sparcj.eval.SparcEvaluator;
import org.sparcj.experiments.config.ExperimentConfig;
import org.sparcj.experiments.tracking.MetricPoint;
import org.sparcj.experiments.tracking.MlflowCredentials;
import org.sparcj.experiments.tracking.RunRecord;
import org.sparcj.experiments.tracking.RunStatus;
import org.sparcj.experiments.tracking.RunTags;
import org.sparcj.experiments.tracking.TrackedRun;
import org.sparcj.experiments.tracking.Tracker;
import org.sparcj.model.SparcConfig;
import org.sparcj.model.SparcModel;
import org.sparcj.model.SparseAutoencoder;
import org.sparcj.model.TrainingProgress;

/**
 * One run, start to end: data -> split -> model (fresh, or resumed from the run directory's
 * checkpoint) -> training (progress bar, batched per-step metrics, periodic checkpoints) ->
 * evaluation on the test rows -> final metrics and artifacts -> FINISHED. An exception ends the
 * run FAILED (tag {@code sparc.error}); a stop request (Ctrl-C) ends it KILLED with a checkpoint.
 */
public final class RunPipeline {
    public static final String TAG_ERROR = RunTags.ERROR;
    public static final String TAG_CONFIG_HASH = RunTags.CONFIG_HASH;

    private final DataSources dataSources;
    private final StopSignal stop;

    /**
     * @param name        run name in the tracker
     * @param dir         the run's output directory
     * @param parentRunId parent run (grid) or null
     * @param tags        extra tags (grid name, cell name)
     * @param params      the cell's axis values (short names), stored in result.json
     * @param progressBar draw a progress bar
     */
    public record Request(ExperimentConfig config, String name, Path dir, Tracker tracker, String parentRunId,
                          Map<String, String> tags, Map<String, String> params, boolean progressBar) {
    }

    public record Outcome(RunStatus status, String runId, Map<String, Double> metrics, String error) {
    }

    @Inject
    public RunPipeline(DataSources dataSources, StopSignal stop) {
        this.dataSources = dataSources;
        this.stop = stop;
    }

    /** Evaluates {@code model} on the test rows of {@code data} with sparc-eval's SPARC evaluation. */
    public static EvaluationReport evaluate(SparseAutoencoder model, RunData data, EvalConfig settings) {
        return new SparcEvaluator(settings).evaluate(model, data.dataset(), data.split().test(), data.labels());
    }

    /**
     * Tag a tracker run carries while something outside this process holds it (e.g. a queued
     * cluster job): such a run is never marked KILLED or taken over.
     */
    public static final String TAG_HELD_BY = "sparc.held_by";
    /** How many times the run was resumed in the same tracker run. */
    public static final String TAG_RESUMES = "sparc.resumes";
    /** On a run found RUNNING with a free lock (its process died): the last step it had logged. */
    public static final String TAG_KILLED_AT_STEP = "sparc.killed_at_step";

    /**
     * Who holds the tracker run this directory last wrote, when that run is RUNNING and declares
     * (tag {@value #TAG_HELD_BY}) that something outside this process holds it; else empty.
     */
    public static Optional<String> heldElsewhere(Tracker tracker, String experiment, Path dir) {
        return new RunDirectory(dir).runId().flatMap(id -> tracker.getRun(experiment, id))
                .filter(r -> r.status() == RunStatus.RUNNING && r.tags().containsKey(TAG_HELD_BY))
                .map(r -> r.tags().get(TAG_HELD_BY));
    }

    /**
     * Runs one request. The caller holds the run directory's {@link RunLock}. A directory that
     * already has a tracker run of the same config continues that run (back to RUNNING, one more
     * {@value #TAG_RESUMES}); one found RUNNING (its process died) is first marked KILLED.
     */
    public Outcome execute(Request req) {
        ExperimentConfig cfg = req.config();
        RunDirectory rd = new RunDirectory(req.dir());
        boolean sameConfig = rd.configHash().map(cfg.hash()::equals).orElse(false);
        Optional<String> previous = rd.runId();
        rd.writeConfig(MlflowCredentials.redact(cfg.renderHocon()), MlflowCredentials.redact(cfg.renderJson()), cfg.hash());
        rd.writeStatus(RunStatus.RUNNING);
        Map<String, String> tags = new LinkedHashMap<>(RunTags.standard(cfg.hash()));
        tags.putAll(req.tags());
        tags.put("mlflow.source.git.commit", RunTags.gitCommit());
        Map<String, String> logged = new TreeMap<>();
        TrackedRun run = openRun(req, previous, sameConfig, tags, logged);
        rd.writeRunId(run.runId());
        Map<String, Double> metrics = new TreeMap<>();
        List<Map<String, Object>> skipped = new ArrayList<>();
        try {
            Map<String, String> params = new TreeMap<>(cfg.flatParams());
            params.replaceAll((k, v) -> MlflowCredentials.redact(v));
            // A continued run has its params already; MLflow refuses to change one (e.g. run.progress on resume).
            params.keySet().removeAll(logged.keySet());
            run.logParams(params);
            try (RunData data = dataSources.open(cfg)) {
                SparcConfig sc = cfg.model(data.dataset().streams());
                boolean resume = rd.hasCheckpoint();
                try (SparcModel model = resume ? SparcModel.loadCheckpoint(rd.checkpoint(), sc) : SparcModel.create(sc);
                     AutoCloseable ignored = stop.register(model::requestStop)) {
                    if (resume) run.setTag("sparc.resumed_from_step", Long.toString(model.step()));
                    RunTrainingListener listener = new RunTrainingListener(run, sc.streams(),
                            cfg.tracking().metricsBatch(), cfg.run().checkpointEvery(),
                            step -> model.saveCheckpoint(rd.checkpoint()), rd.path().getFileName().toString(), req.progressBar(),
                            model.step(), run.lastStep("train.loss"));
                    try (listener) {
                        // SparcModel.train clears earlier stop requests, so a Ctrl-C before this point is checked here.
                        if (!stop.stopped()) model.train(data.dataset(), data.split().train(), listener);
                    } finally {
                        recordSkipped(run, listener.skipped(), skipped);
                    }
                    model.saveCheckpoint(rd.checkpoint());
                    if (stop.stopped()) {
                        run.setTag("sparc.stopped_at_step", Long.toString(model.step()));
                        return end(rd, run, req, RunStatus.KILLED, metrics, skipped, "stopped at step " + model.step());
                    }
                    if (model.step() == 0)
                        throw new IllegalStateException("0 optimiser steps: every batch had a NaN or infinite loss ("
                                + skipped.size() + " skipped)");
                    TrainingProgress last = listener.last();
                    if (last != null) {
                        metrics.put("train.loss", last.loss());
                        metrics.put("train.self_loss", last.selfLoss());
                        metrics.put("train.cross_loss", last.crossLoss());
                    }
                    metrics.put("train.steps", (double) model.step());
                    // The checkpoint is written: evaluation needs the weights only.
                    model.releaseOptimiserState();
                    if (cfg.eval().enabled()) {
                        EvaluationReport report = evaluate(model, data, cfg.eval());
                        rd.write("report.json", report.toJson());
                        metrics.putAll(report.flatMetrics());
                        // Synthetic stores with patch tokens add the localisation benchmark (docs/LOCALISATION.md).
                        if (data.dataset() instanceof FeatureStore store)
                            metrics.putAll(LocalisationBenchmark.metrics(model, store, data.split().test()));
                        run.logArtifact(rd.report(), "");
                    }
                    // The last progress report already logged the training losses at this step: log each step once.
                    logFinal(run, metrics, model.step(), last != null && last.step() == model.step()
                            ? Set.of("train.loss", "train.self_loss", "train.cross_loss") : Set.of());
                    run.logArtifact(rd.configHocon(), "");
                    run.logArtifact(rd.configJson(), "");
                    if (cfg.tracking().logCheckpoint()) run.logArtifact(rd.checkpoint(), "checkpoint");
                }
            }
            return end(rd, run, req, RunStatus.FINISHED, metrics, skipped, null);
        } catch (Exception | Error e) {
            StringWriter sw = new StringWriter();
            e.printStackTrace(new PrintWriter(sw));
            String message = e.getClass().getSimpleName() + ": " + e.getMessage();
            try {
                run.setTag(TAG_ERROR, message.length() > 4000 ? message.substring(0, 4000) : message);
                rd.writeError(sw.toString());
            } catch (RuntimeException secondary) {
                e.addSuppressed(secondary);
            }
            return end(rd, run, req, stop.stopped() ? RunStatus.KILLED : RunStatus.FAILED, metrics, skipped, message);
        }
    }

    /**
     * A new tracker run, or the directory's earlier run of this config continued (marked KILLED
     * first if it was left RUNNING); the params a continued run already has go into {@code logged}.
     */
    private static TrackedRun openRun(Request req, Optional<String> previous, boolean sameConfig, Map<String, String> tags,
                                      Map<String, String> logged) {
        Tracker tracker = req.tracker();
        String experiment = req.config().tracking().experiment();
        Optional<RunRecord> earlier = previous.flatMap(id -> tracker.getRun(experiment, id))
                .filter(r -> r.status() != RunStatus.FINISHED);
        if (earlier.isPresent() && earlier.get().status() == RunStatus.RUNNING) {
            // We hold the directory's lock, so the process that left it RUNNING is gone.
            TrackedRun dead = tracker.reopen(experiment, earlier.get().runId(), null);
            dead.setTag(TAG_KILLED_AT_STEP, Long.toString(Math.max(0, dead.lastStep("train.loss"))));
            dead.end(RunStatus.KILLED);
        }
        if (earlier.isEmpty() || !sameConfig) return tracker.startRun(experiment, req.name(), req.parentRunId(), tags);
        TrackedRun run = tracker.reopen(experiment, earlier.get().runId(), req.parentRunId());
        logged.putAll(earlier.get().params());
        int resumes = Integer.parseInt(earlier.get().tags().getOrDefault(TAG_RESUMES, "0")) + 1;
        run.setTag(TAG_RESUMES, Integer.toString(resumes));
        if (earlier.get().tags().containsKey(TAG_ERROR)) run.setTag(TAG_ERROR, "");
        return run;
    }

    private static void recordSkipped(TrackedRun run, List<RunTrainingListener.SkippedBatch> batches,
                                      List<Map<String, Object>> out) {
        if (batches.isEmpty()) return;
        List<String> lines = new ArrayList<>();
        for (RunTrainingListener.SkippedBatch b : batches) {
            out.add(Map.of("step", b.step(), "batch", b.batch(), "rows", b.rows()));
            lines.add(b.describe());
        }
        run.setTag("sparc.skipped_batches", String.join("; ", lines));
    }

    /**
     * Records the outcome in the directory and the tracker. A directory that cannot be written (e.g.
     * read-only) still ends the tracker run, FAILED with the path in its error tag.
     */
    private static Outcome end(RunDirectory rd, TrackedRun run, Request req, RunStatus status, Map<String, Double> metrics,
                               List<Map<String, Object>> skipped, String error) {
        RunStatus s = status;
        String why = error;
        try {
            rd.writeResult(new CellResult(rd.path().getFileName().toString(), req.params(), metrics, status.name()), skipped);
            rd.writeStatus(status);
        } catch (RuntimeException e) {
            s = status == RunStatus.FINISHED ? RunStatus.FAILED : status;
            why = (error == null ? "" : error + "; ") + e.getMessage();
            run.setTag(TAG_ERROR, why);
        }
        run.end(s);
        return new Outcome(s, run.runId(), Map.copyOf(metrics), why);
    }

    private static void logFinal(TrackedRun run, Map<String, Double> metrics, long step, Set<String> logged) {
        long now = System.currentTimeMillis();
        List<MetricPoint> points = new ArrayList<>();
        metrics.forEach((k, v) -> {
            if (v != null && Double.isFinite(v) && !logged.contains(k)) points.add(new MetricPoint(k, v, step, now));
        });
        if (!points.isEmpty()) run.logMetrics(points);
    }
}
