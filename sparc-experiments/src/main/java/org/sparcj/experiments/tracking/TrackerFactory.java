package org.sparcj.experiments.tracking;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Picks the tracker for an MLflow URI: MLflow with the local store as fallback when the URI is set,
 * else the local store alone.
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

    /**
     * The tracker for {@code mlflowUri} (already resolved; blank: none) and the local store directory.
     * Fails with {@link TrackerUnavailableException} naming the URI when it is set but unreachable.
     */
    public static Tracker open(String mlflowUri, Path localStoreDir) {
        LocalStoreTracker local = new LocalStoreTracker(localStoreDir == null ? LocalStoreTracker.DEFAULT_ROOT : localStoreDir);
        if (mlflowUri == null || mlflowUri.isBlank()) return local;
        return new FallbackTracker(new MlflowTracker(mlflowUri.trim()), local);
    }
}
