package org.sparcj.experiments.wiring;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.MapBinder;
import org.sparcj.experiments.run.CocoSource;
import org.sparcj.experiments.run.DataSource;
import org.sparcj.experiments.run.OpenImagesSource;
import org.sparcj.experiments.run.StoreSource;
import org.sparcj.experiments.run.SyntheticSource;
import org.sparcj.experiments.run.WordNetSource;

/** The data sources, by their {@code sparc.data.source} value (lower case). */
public final class DataModule extends AbstractModule {
    @Override
    protected void configure() {
        MapBinder<String, DataSource> sources = MapBinder.newMapBinder(binder(), String.class, DataSource.class);
        sources.addBinding("synthetic").to(SyntheticSource.class);
        sources.addBinding("store").to(StoreSource.class);
        sources.addBinding("wordnet").to(WordNetSource.class);
        sources.addBinding("openimages").to(OpenImagesSource.class);
        sources.addBinding("coco").to(CocoSource.class);
    }
}
