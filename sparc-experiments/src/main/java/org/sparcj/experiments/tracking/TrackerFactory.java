package org.sparcj.experiments.tracking;

import java.nio.file.Path;

/**
 * Picks the tracker for an MLflow URI: MLflow with the local store as fallback when the URI is set,
 * else the local store alone.
 */
public final class TrackerFactory {
    private TrackerFactory() {
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
