package org.sparcj.experiments.wiring;

import com.google.inject.AbstractModule;
import org.sparcj.experiments.config.ConfigLoader;
import org.sparcj.experiments.run.StopSignal;

/** Process-wide pieces: the config loader and the stop signal the Ctrl-C hook fires. */
public final class CoreModule extends AbstractModule {
    private final StopSignal stop;

    public CoreModule(StopSignal stop) {
        this.stop = stop;
    }

    @Override
    protected void configure() {
        bind(StopSignal.class).toInstance(stop);
        bind(ConfigLoader.class).toInstance(new ConfigLoader());
    }
}
