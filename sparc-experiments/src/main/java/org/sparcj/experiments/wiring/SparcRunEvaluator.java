package org.sparcj.experiments.wiring;

import org.sparcj.experiments.config.EvalSettings;
import org.sparcj.experiments.run.RunData;
import org.sparcj.experiments.run.RunEvaluator;
import org.sparcj.model.SparseAutoencoder;

/** Adapts sparc-eval's SparcEvaluator to the run pipeline. */
final class SparcRunEvaluator implements RunEvaluator {
    @Override
    public Evaluation evaluate(SparseAutoencoder model, RunData data, long[] rows, EvalSettings settings) {
        throw new UnsupportedOperationException("SparcEvaluator is not merged yet");
    }
}
