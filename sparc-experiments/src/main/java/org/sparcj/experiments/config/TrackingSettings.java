package org.sparcj.experiments.config;

import java.nio.file.Path;
import java.util.Map;
import org.sparcj.experiments.tracking.TrackerFactory;

/**
 * Where runs are recorded ({@code sparc.tracking}).
 *
 * @param uri           MLflow tracking URI; empty means: MLFLOW_TRACKING_URI, else the local store
 * @param localStore    directory of the embedded local store
 * @param experiment    experiment name runs are filed under
 * @param logCheckpoint also upload the final checkpoint as an artifact
 * @param metricsBatch  per-step metric points sent per tracker call
 */
public record TrackingSettings(String uri, Path localStore, String experiment, boolean logCheckpoint,
                               int metricsBatch) {
    public TrackingSettings {
        if (experiment == null || experiment.isBlank()) throw new IllegalArgumentException("experiment must be non-empty");
        if (metricsBatch <= 0) throw new IllegalArgumentException("metrics_batch must be > 0");
    }

    /** The MLflow URI to use: the configured one, else the environment's; empty means the local store. */
    public String effectiveUri(Map<String, String> env) {
        return TrackerFactory.resolveUri(uri, env).orElse("");
    }
}
