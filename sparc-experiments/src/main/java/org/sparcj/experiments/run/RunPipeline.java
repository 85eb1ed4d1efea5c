package org.sparcj.experiments.run;

import jakarta.inject.Inject;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.sparcj.data.store.FeatureStore;
import org.sparcj.experiments.localise.LocalisationBenchmark;
import org.sparcj.eval.EvalConfig;
import org.sparcj.eval.EvaluationReport;
import org.sparcj.eval.SparcEvaluator;
import org.sparcj.experiments.config.ExperimentConfig;
import org.sparcj.experiments.tracking.MetricPoint;
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

    public Outcome execute(Request req) {
        ExperimentConfig cfg = req.config();
        RunDirectory rd = new RunDirectory(req.dir());
        rd.writeConfig(cfg.renderHocon(), cfg.renderJson(), cfg.hash());
        rd.writeStatus(RunStatus.RUNNING);
        Map<String, String> tags = new LinkedHashMap<>(req.tags());
        tags.putAll(RunTags.standard(cfg.hash()));
        tags.put("mlflow.source.git.commit", RunTags.gitCommit());
        TrackedRun run = req.tracker().startRun(cfg.tracking().experiment(), req.name(), req.parentRunId(), tags);
        rd.writeRunId(run.runId());
        Map<String, Double> metrics = new TreeMap<>();
        try {
            run.logParams(cfg.flatParams());
            try (RunData data = dataSources.open(cfg)) {
                SparcConfig sc = cfg.model(data.dataset().streams());
                boolean resume = rd.hasCheckpoint();
                try (SparcModel model = resume ? SparcModel.loadCheckpoint(rd.checkpoint(), sc) : SparcModel.create(sc);
                     AutoCloseable ignored = stop.register(model::requestStop)) {
                    if (resume) run.setTag("sparc.resumed_from_step", Long.toString(model.step()));
                    RunTrainingListener listener = new RunTrainingListener(run, sc.streams(),
                            cfg.tracking().metricsBatch(), cfg.run().checkpointEvery(),
                            step -> model.saveCheckpoint(rd.checkpoint()), rd.path().getFileName().toString(), req.progressBar(),
                            model.step());
                    try (listener) {
                        // SparcModel.train clears earlier stop requests, so a Ctrl-C before this point is checked here.
                        if (!stop.stopped()) model.train(data.dataset(), data.split().train(), listener);
                    }
                    model.saveCheckpoint(rd.checkpoint());
                    if (stop.stopped()) {
                        run.setTag("sparc.stopped_at_step", Long.toString(model.step()));
                        return end(rd, run, req, RunStatus.KILLED, metrics, "stopped at step " + model.step());
                    }
                    TrainingProgress last = listener.last();
                    if (last != null) {
                        metrics.put("train.loss", last.loss());
                        metrics.put("train.self_loss", last.selfLoss());
                        metrics.put("train.cross_loss", last.crossLoss());
                    }
                    metrics.put("train.steps", (double) model.step());
                    if (cfg.eval().enabled()) {
                        EvaluationReport report = evaluate(model, data, cfg.eval());
                        rd.write("report.json", report.toJson());
                        metrics.putAll(report.flatMetrics());
                        // Synthetic stores with patch tokens add the localisation benchmark (docs/LOCALISATION.md).
                        if (data.dataset() instanceof FeatureStore store)
                            metrics.putAll(LocalisationBenchmark.metrics(model, store, data.split().test()));
                        run.logArtifact(rd.report(), "");
                    }
                    logFinal(run, metrics, model.step());
                    run.logArtifact(rd.configHocon(), "");
                    run.logArtifact(rd.configJson(), "");
                    if (cfg.tracking().logCheckpoint()) run.logArtifact(rd.checkpoint(), "checkpoint");
                }
            }
            return end(rd, run, req, RunStatus.FINISHED, metrics, null);
        } catch (Exception | Error e) {
            StringWriter sw = new StringWriter();
            e.printStackTrace(new PrintWriter(sw));
            String message = e.getClass().getSimpleName() + ": " + e.getMessage();
            try {
                rd.writeError(sw.toString());
                run.setTag(TAG_ERROR, message.length() > 4000 ? message.substring(0, 4000) : message);
            } catch (RuntimeException secondary) {
                e.addSuppressed(secondary);
            }
            return end(rd, run, req, stop.stopped() ? RunStatus.KILLED : RunStatus.FAILED, metrics, message);
        }
    }

    private static Outcome end(RunDirectory rd, TrackedRun run, Request req, RunStatus status, Map<String, Double> metrics,
                               String error) {
        rd.writeResult(new CellResult(rd.path().getFileName().toString(), req.params(), metrics, status.name()));
        rd.writeStatus(status);
        run.end(status);
        return new Outcome(status, run.runId(), Map.copyOf(metrics), error);
    }

    private static void logFinal(TrackedRun run, Map<String, Double> metrics, long step) {
        long now = System.currentTimeMillis();
        List<MetricPoint> points = new ArrayList<>();
        metrics.forEach((k, v) -> {
            if (v != null && Double.isFinite(v)) points.add(new MetricPoint(k, v, step, now));
        });
        if (!points.isEmpty()) run.logMetrics(points);
    }
}
