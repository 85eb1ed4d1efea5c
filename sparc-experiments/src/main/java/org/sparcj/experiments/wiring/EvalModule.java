package org.sparcj.experiments.wiring;

import com.google.inject.AbstractModule;
import org.sparcj.experiments.run.RunEvaluator;

/** Evaluator: sparc-eval's SPARC evaluation suite. */
public final class EvalModule extends AbstractModule {
    @Override
    protected void configure() {
        bind(RunEvaluator.class).to(SparcRunEvaluator.class);
    }
}
