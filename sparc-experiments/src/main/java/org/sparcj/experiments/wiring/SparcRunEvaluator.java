package org.sparcj.experiments.wiring;

import org.sparcj.eval.EvalConfig;
import org.sparcj.eval.EvaluationReport;
import org.sparcj.eval.SparcEvaluator;
import org.sparcj.experiments.run.RunData;
import org.sparcj.experiments.run.RunEvaluator;
import org.sparcj.model.SparseAutoencoder;

/** Adapts sparc-eval's SparcEvaluator to the run pipeline. */
final class SparcRunEvaluator implements RunEvaluator {
    @Override
    public Evaluation evaluate(SparseAutoencoder model, RunData data, long[] rows, EvalConfig settings) {
        EvaluationReport report = new SparcEvaluator(settings).evaluate(model, data.dataset(), rows, data.labels());
        return new Evaluation(report.flatMetrics(), report.toJson());
    }
}
