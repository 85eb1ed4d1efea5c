package org.sparcj.experiments.tracking;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.mlflow.api.proto.Service;

/** An open run on an MLflow server; every call is batched within the server's per-request limits. */
final class MlflowRun implements TrackedRun {
    private final MlflowTracker tracker;
    private final String runId;
    private final String experimentId;
    private final String artifactUri;

    MlflowRun(MlflowTracker tracker, String runId, String experimentId, String artifactUri) {
        this.tracker = tracker;
        this.runId = runId;
        this.experimentId = experimentId;
        this.artifactUri = artifactUri;
    }

    @Override
    public String runId() {
        return runId;
    }

    @Override
    public long lastStep(String key) {
        return tracker.lastStep(runId, key);
    }

    @Override
    public void logParams(Map<String, String> params) {
        List<Service.Param> batch = new ArrayList<>();
        for (Map.Entry<String, String> e : params.entrySet()) {
            batch.add(Service.Param.newBuilder().setKey(MlflowTracker.safeKey(e.getKey()))
                    .setValue(MlflowTracker.truncate(e.getValue(), tracker.maxParamLength())).build());
            if (batch.size() == MlflowTracker.MAX_PARAMS_PER_BATCH) {
                sendParams(batch);
                batch = new ArrayList<>();
            }
        }
        if (!batch.isEmpty()) sendParams(batch);
    }

    private void sendParams(List<Service.Param> batch) {
        tracker.call("log " + batch.size() + " params to run " + runId, () -> {
            tracker.client().logBatch(runId, List.of(), batch, List.of());
            return null;
        });
    }

    @Override
    public void logMetrics(List<MetricPoint> points) {
        for (int from = 0; from < points.size(); from += MlflowTracker.MAX_METRICS_PER_BATCH) {
            List<Service.Metric> batch = new ArrayList<>();
            for (MetricPoint p : points.subList(from, Math.min(points.size(), from + MlflowTracker.MAX_METRICS_PER_BATCH))) {
                batch.add(Service.Metric.newBuilder().setKey(MlflowTracker.safeKey(p.key())).setValue(p.value()).setStep(p.step())
                        .setTimestamp(p.timestampMillis()).build());
            }
            tracker.call("log " + batch.size() + " metric values to run " + runId, () -> {
                tracker.client().logBatch(runId, batch, List.of(), List.of());
                return null;
            });
        }
    }

    /** Sets many tags, 100 per request. */
    void setTags(Map<String, String> tags) {
        List<Service.RunTag> batch = new ArrayList<>();
        for (Map.Entry<String, String> e : tags.entrySet()) {
            batch.add(Service.RunTag.newBuilder().setKey(MlflowTracker.safeKey(e.getKey()))
                    .setValue(MlflowTracker.truncate(e.getValue(), MlflowTracker.MAX_TAG_LENGTH)).build());
            if (batch.size() == MlflowTracker.MAX_TAGS_PER_BATCH) {
                sendTags(batch);
                batch = new ArrayList<>();
            }
        }
        if (!batch.isEmpty()) sendTags(batch);
    }

    private void sendTags(List<Service.RunTag> batch) {
        tracker.call("set " + batch.size() + " tags on run " + runId, () -> {
            tracker.client().logBatch(runId, List.of(), List.of(), batch);
            return null;
        });
    }

    @Override
    public void setTag(String key, String value) {
        setTags(Map.of(key, value));
    }

    @Override
    public void logArtifact(Path file, String artifactDir) {
        String dir = artifactDir == null ? "" : artifactDir.replace('\\', '/').replaceAll("^/+|/+$", "");
        if (dir.contains("..")) throw new IllegalArgumentException("artifact dir must stay inside the run: '" + artifactDir + "'");
        String rel = (dir.isEmpty() ? "" : dir + "/") + file.getFileName();
        tracker.uploadArtifact(experimentId, runId, artifactUri, file, rel);
    }

    @Override
    public void end(RunStatus status) {
        end(status, System.currentTimeMillis());
    }

    void end(RunStatus status, long endTime) {
        if (status == RunStatus.RUNNING) throw new IllegalArgumentException("a run ends FINISHED, FAILED or KILLED, not RUNNING");
        Service.RunStatus s = Service.RunStatus.valueOf(status.name());
        tracker.call("end run " + runId + " as " + status, () -> {
            tracker.client().setTerminated(runId, s, endTime);
            return null;
        });
    }
}
