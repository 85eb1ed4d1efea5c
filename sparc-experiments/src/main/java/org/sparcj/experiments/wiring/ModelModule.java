package org.sparcj.experiments.wiring;

import com.google.inject.AbstractModule;
import org.sparcj.experiments.run.ModelFactory;

/** Model factory: TensorFlow SPARC models from sparc-model. */
public final class ModelModule extends AbstractModule {
    @Override
    protected void configure() {
        bind(ModelFactory.class).to(SparcModelFactory.class);
    }
}
