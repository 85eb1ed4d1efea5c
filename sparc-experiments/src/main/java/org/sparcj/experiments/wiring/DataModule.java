package org.sparcj.experiments.wiring;

import com.google.inject.AbstractModule;
import org.sparcj.experiments.run.DataProvider;

/** Data source: the synthetic benchmark (generated once, cached) or a feature store. */
public final class DataModule extends AbstractModule {
    @Override
    protected void configure() {
        bind(DataProvider.class).to(FeatureDataProvider.class);
    }
}
