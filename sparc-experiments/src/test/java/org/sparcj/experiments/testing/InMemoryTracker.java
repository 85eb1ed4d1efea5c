package org.sparcj.experiments.testing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.sparcj.experiments.tracking.MetricPoint;
import org.sparcj.experiments.tracking.RunRecord;
import org.sparcj.experiments.tracking.RunStatus;
import org.sparcj.experiments.tracking.TrackedRun;
import org.sparcj.experiments.tracking.Tracker;

/** Test-only tracker held in memory (until the local store is merged); thread-safe. */
public final class InMemoryTracker implements Tracker {
    public static final class Run implements TrackedRun {
        public final String id, experiment, name, parent;
        public final Map<String, String> params = new LinkedHashMap<>();
        public final Map<String, String> tags = new LinkedHashMap<>();
        public final List<MetricPoint> metrics = new ArrayList<>();
        public final List<String> artifacts = new ArrayList<>();
        public final List<Integer> metricBatchSizes = new ArrayList<>();
        public RunStatus status = RunStatus.RUNNING;
        public int ends;

        private final InMemoryTracker owner;

        Run(InMemoryTracker owner, String id, String experiment, String name, String parent, Map<String, String> tags) {
            this.owner = owner;
            this.id = id;
            this.experiment = experiment;
            this.name = name;
            this.parent = parent;
            this.tags.putAll(tags);
        }

        @Override public String runId() { return id; }
        @Override public synchronized void logParams(Map<String, String> p) { params.putAll(p); }
        @Override public synchronized void logMetrics(List<MetricPoint> points) {
            metrics.addAll(points);
            metricBatchSizes.add(points.size());
            owner.onMetrics.run();
        }
        @Override public synchronized void setTag(String key, String value) { tags.put(key, value); }
        @Override public synchronized void logArtifact(Path file, String dir) {
            artifacts.add((dir.isEmpty() ? "" : dir + "/") + file.getFileName());
        }
        @Override public synchronized void end(RunStatus s) {
            status = s;
            ends++;
        }

        public synchronized RunRecord record() {
            Map<String, Double> latest = new HashMap<>();
            for (MetricPoint p : metrics) latest.put(p.key(), p.value());
            return new RunRecord(id, name, status, Map.copyOf(params), latest, Map.copyOf(tags));
        }
    }

    public final List<Run> runs = new ArrayList<>();
    /** Called after every metrics batch (e.g. to simulate Ctrl-C arriving mid-training). */
    public volatile Runnable onMetrics = () -> { };

    @Override
    public synchronized TrackedRun startRun(String experiment, String runName, String parentRunId, Map<String, String> tags) {
        Run r = new Run(this, "run-" + runs.size(), experiment, runName, parentRunId, tags);
        runs.add(r);
        return r;
    }

    @Override
    public synchronized Optional<RunRecord> findRun(String experiment, String runName) {
        for (int i = runs.size() - 1; i >= 0; i--)
            if (runs.get(i).experiment.equals(experiment) && runs.get(i).name.equals(runName))
                return Optional.of(runs.get(i).record());
        return Optional.empty();
    }

    @Override
    public synchronized List<RunRecord> listRuns(String experiment, String parentRunId) {
        List<RunRecord> out = new ArrayList<>();
        for (Run r : runs)
            if (r.experiment.equals(experiment) && (parentRunId == null || parentRunId.equals(r.parent))) out.add(r.record());
        return out;
    }

    public synchronized List<Run> named(String name) {
        return runs.stream().filter(r -> r.name.equals(name)).toList();
    }

    @Override
    public String describe() {
        return "in-memory test tracker";
    }
}
