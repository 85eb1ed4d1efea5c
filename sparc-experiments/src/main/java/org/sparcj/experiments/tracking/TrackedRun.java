package org.sparcj.experiments.tracking;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** One open run. Metrics go in batches; the run ends exactly once with a status. */
public interface TrackedRun {
    String runId();

    /** The highest step logged for metric {@code key}, or -1 (a resumed run logs only later steps). */
    long lastStep(String key);

    void logParams(Map<String, String> params);

    void logMetrics(List<MetricPoint> points);

    void setTag(String key, String value);

    /** Uploads a file under {@code artifactDir} (relative, may be empty) of the run's artifacts. */
    void logArtifact(Path file, String artifactDir);

    void end(RunStatus status);
}
