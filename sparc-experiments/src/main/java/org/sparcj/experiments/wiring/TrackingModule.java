package org.sparcj.experiments.wiring;

import com.google.inject.AbstractModule;
import java.util.Map;

/** Trackers: chosen per command from its tracking settings and this process environment (MLFLOW_TRACKING_URI). */
public final class TrackingModule extends AbstractModule {
    private final Map<String, String> env;

    public TrackingModule(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    @Override
    protected void configure() {
        bind(Trackers.class).toInstance(new Trackers(env));
    }
}
