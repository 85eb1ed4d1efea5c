package org.sparcj.experiments.wiring;

import com.google.inject.Guice;
import com.google.inject.Injector;
import java.util.Map;
import org.sparcj.experiments.run.StopSignal;

/** Builds the injector the CLI constructs its commands with: one module per concern. */
public final class Wiring {
    private Wiring() {
    }

    /** {@code env}: the process environment the trackers read MLFLOW_TRACKING_URI from. */
    public static Injector injector(StopSignal stop, Map<String, String> env) {
        return Guice.createInjector(new CoreModule(stop), new DataModule(), new TrackingModule(env));
    }
}
