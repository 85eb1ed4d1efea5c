package org.sparcj.experiments.wiring;

import com.google.inject.Guice;
import com.google.inject.Injector;
import java.util.Map;
import org.sparcj.experiments.config.TrackingSettings;
import org.sparcj.experiments.run.StopSignal;

/** Builds the injector the CLI commands use: one module per concern. */
public final class Wiring {
    private Wiring() {
    }

    public static Injector injector(TrackingSettings tracking, StopSignal stop) {
        return Guice.createInjector(new CoreModule(stop), new DataModule(), new ModelModule(), new EvalModule(),
                new TrackingModule(tracking, System.getenv()));
    }
}
