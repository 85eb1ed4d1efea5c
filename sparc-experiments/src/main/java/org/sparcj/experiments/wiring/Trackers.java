package org.sparcj.experiments.wiring;

import java.util.Map;
import org.sparcj.experiments.config.TrackingSettings;
import org.sparcj.experiments.tracking.MlflowCredentials;
import org.sparcj.experiments.tracking.Tracker;
import org.sparcj.experiments.tracking.TrackerFactory;

/**
 * The trackers a command opens: the tracking settings and the process environment (bound in
 * {@link TrackingModule}) decide between MLflow with the local store as fallback and the local
 * store alone, and the credentials (MLFLOW_TRACKING_USERNAME/PASSWORD or MLFLOW_TRACKING_TOKEN).
 */
public final class Trackers {
    private final Map<String, String> env;

    Trackers(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    /** The MLflow URI: the configured one, else MLFLOW_TRACKING_URI; empty: none. */
    public String mlflowUri(TrackingSettings settings) {
        return settings.effectiveUri(env);
    }

    /** The credentials for {@code uri}: its user info, else the environment's. */
    public MlflowCredentials credentials(String uri) {
        return MlflowCredentials.of(uri, env);
    }

    /**
     * Fails naming the URI when an MLflow URI is set but the server does not answer, unless
     * {@code tracking.fallback = local}.
     */
    public Tracker open(TrackingSettings settings) {
        String uri = mlflowUri(settings);
        return TrackerFactory.open(uri, credentials(uri), settings.fallbackLocal(), settings.localStore());
    }
}
