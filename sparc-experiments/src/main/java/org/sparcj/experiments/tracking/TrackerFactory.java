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
     * A set URI that does not answer fails with {@link TrackerUnavailableException} naming it, unless
     * {@code fallbackLocal}: then runs start in the local store, pending a later sync.
     */
    public static Tracker open(String mlflowUri, MlflowCredentials credentials, boolean fallbackLocal, Path localStoreDir) {
        LocalStoreTracker local = new LocalStoreTracker(localStoreDir == null ? LocalStoreTracker.DEFAULT_ROOT : localStoreDir);
        if (mlflowUri == null || mlflowUri.isBlank()) return local;
        try {
            return new FallbackTracker(new MlflowTracker(mlflowUri.trim(), credentials, true), local);
        } catch (TrackerUnavailableException e) {
            if (!fallbackLocal) throw e;
            FallbackTracker t = new FallbackTracker(new MlflowTracker(mlflowUri.trim(), credentials, false), local);
            t.markDown(e);
            return t;
        }
    }
}
