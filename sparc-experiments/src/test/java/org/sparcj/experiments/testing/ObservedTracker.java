package org.sparcj.experiments.testing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.sparcj.experiments.tracking.MetricPoint;
import org.sparcj.experiments.tracking.RunRecord;
import org.sparcj.experiments.tracking.RunStatus;
import org.sparcj.experiments.tracking.TrackedRun;
import org.sparcj.experiments.tracking.Tracker;

/**
 * Test decorator over a real tracker: passes every call through and notes, per run name, the size
 * of each metrics batch and the artifacts logged; {@link #onMetrics} runs after each batch (e.g. to
 * simulate Ctrl-C arriving mid-training).
 */
public final class ObservedTracker implements Tracker {
    private final Tracker inner;
    public final Map<String, List<Integer>> metricBatches = new ConcurrentHashMap<>();
    public final Map<String, List<String>> artifacts = new ConcurrentHashMap<>();
    public volatile Runnable onMetrics = () -> { };

    public ObservedTracker(Tracker inner) {
        this.inner = inner;
    }

    @Override
    public TrackedRun startRun(String experiment, String runName, String parentRunId, Map<String, String> tags) {
        return observe(runName, inner.startRun(experiment, runName, parentRunId, tags));
    }

    @Override
    public TrackedRun reopen(String experiment, String runId, String parentRunId) {
        TrackedRun run = inner.reopen(experiment, runId, parentRunId);
        return observe(inner.getRun(experiment, runId).map(RunRecord::runName).orElse(runId), run);
    }

    private TrackedRun observe(String runName, TrackedRun run) {
        List<Integer> batches = metricBatches.computeIfAbsent(runName, k -> new ArrayList<>());
        List<String> files = artifacts.computeIfAbsent(runName, k -> new ArrayList<>());
        return new TrackedRun() {
            @Override public String runId() { return run.runId(); }
            @Override public long lastStep(String key) { return run.lastStep(key); }
            @Override public void logParams(Map<String, String> params) { run.logParams(params); }
            @Override public void logMetrics(List<MetricPoint> points) {
                run.logMetrics(points);
                synchronized (batches) { batches.add(points.size()); }
                onMetrics.run();
            }
            @Override public void setTag(String key, String value) { run.setTag(key, value); }
            @Override public void logArtifact(Path file, String dir) {
                run.logArtifact(file, dir);
                synchronized (files) { files.add((dir.isEmpty() ? "" : dir + "/") + file.getFileName()); }
            }
            @Override public void end(RunStatus status) { run.end(status); }
        };
    }

    @Override public Optional<RunRecord> findRun(String experiment, String runName) { return inner.findRun(experiment, runName); }
    @Override public Optional<RunRecord> findRunByTags(String experiment, Map<String, String> tags) {
        return inner.findRunByTags(experiment, tags);
    }
    @Override public Optional<RunRecord> getRun(String experiment, String runId) { return inner.getRun(experiment, runId); }
    @Override public List<RunRecord> listRuns(String experiment, String parentRunId) { return inner.listRuns(experiment, parentRunId); }
    @Override public String describe() { return "observed " + inner.describe(); }
    @Override public void close() { inner.close(); }
}
