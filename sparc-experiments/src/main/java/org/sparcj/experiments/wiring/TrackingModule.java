package org.sparcj.experiments.wiring;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import java.util.Map;
import org.sparcj.experiments.config.TrackingSettings;
import org.sparcj.experiments.tracking.Tracker;

/**
 * Tracker chosen by config, then MLFLOW_TRACKING_URI: an MLflow server when a URI is set, else the
 * embedded local store.
 */
public final class TrackingModule extends AbstractModule {
    private final TrackingSettings settings;
    private final Map<String, String> env;

    public TrackingModule(TrackingSettings settings, Map<String, String> env) {
        this.settings = settings;
        this.env = Map.copyOf(env);
    }

    @Provides
    @Singleton
    Tracker tracker() {
        return Trackers.create(settings, env);
    }
}
