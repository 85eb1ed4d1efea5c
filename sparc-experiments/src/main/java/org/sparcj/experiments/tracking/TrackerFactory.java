package org.sparcj.experiments.tracking;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Picks the tracker: MLflow (with the local store as fallback) when a URI is configured or
 * MLFLOW_TRACKING_URI is set (the configured one wins), else the local store alone.
 */
public final class TrackerFactory {
    public static final String ENV_VAR = "MLFLOW_TRACKING_URI";

    private TrackerFactory() {
    }

    /** The MLflow URI to use: {@code configuredUri} if not blank, else {@code env}'s MLFLOW_TRACKING_URI if not blank. */
    public static Optional<String> resolveUri(String configuredUri, Map<String, String> env) {
        if (configuredUri != null && !configuredUri.isBlank()) return Optional.of(configuredUri.trim());
        String fromEnv = env.get(ENV_VAR);
        return fromEnv == null || fromEnv.isBlank() ? Optional.empty() : Optional.of(fromEnv.trim());
    }

    /** Uses the process environment. */
    public static Tracker create(String configuredUri, Path localStoreDir) {
        return create(configuredUri, localStoreDir, System.getenv());
    }

    /** Fails with {@link TrackerUnavailableException} naming the URI when an MLflow URI is set but unreachable. */
    public static Tracker create(String configuredUri, Path localStoreDir, Map<String, String> env) {
        LocalStoreTracker local = new LocalStoreTracker(localStoreDir == null ? LocalStoreTracker.DEFAULT_ROOT : localStoreDir);
        Optional<String> uri = resolveUri(configuredUri, env);
        if (uri.isEmpty()) return local;
        return new FallbackTracker(new MlflowTracker(uri.get()), local);
    }
}
