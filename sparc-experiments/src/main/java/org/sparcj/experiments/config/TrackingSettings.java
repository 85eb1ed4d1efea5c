package org.sparcj.experiments.config;

import static org.sparcj.data.settings.Settings.require;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Where runs are recorded ({@code sparc.tracking}).
 *
 * @param uri           MLflow tracking URI; empty means: MLFLOW_TRACKING_URI, else the local store
 * @param localStore    directory of the embedded local store
 * @param experiment    experiment name runs are filed under
 * @param logCheckpoint also upload the final checkpoint as an artifact
 * @param metricsBatch  per-step metric points sent per tracker call
 * @param fallback      what a run does when the MLflow server does not answer at start: {@code none}
 *                      (fail before any work) or {@code local} (record into the local store for a later sync)
 */
public record TrackingSettings(String uri, Path localStore, String experiment, boolean logCheckpoint,
                               int metricsBatch, String fallback) {
    /** MLflow's standard environment variable for the tracking URI. */
    public static final String URI_ENV = "MLFLOW_TRACKING_URI";

    public TrackingSettings {
        require("experiment", experiment, experiment != null && !experiment.isBlank(), "a non-empty name");
        require("metrics_batch", metricsBatch, metricsBatch > 0, "> 0");
        require("fallback", fallback, "none".equals(fallback) || "local".equals(fallback), "none or local");
    }

    /** True when a server that does not answer at start sends the run to the local store. */
    public boolean fallbackLocal() {
        return "local".equals(fallback);
    }

    /** The MLflow URI to use: the configured one, else the environment's; empty means the local store. */
    public String effectiveUri(Map<String, String> env) {
        return resolveUri(uri, env).orElse("");
    }

    /** {@code configuredUri} if not blank, else {@code env}'s MLFLOW_TRACKING_URI if not blank. */
    public static Optional<String> resolveUri(String configuredUri, Map<String, String> env) {
        if (configuredUri != null && !configuredUri.isBlank()) return Optional.of(configuredUri.trim());
        String fromEnv = env.get(URI_ENV);
        return fromEnv == null || fromEnv.isBlank() ? Optional.empty() : Optional.of(fromEnv.trim());
    }
}
