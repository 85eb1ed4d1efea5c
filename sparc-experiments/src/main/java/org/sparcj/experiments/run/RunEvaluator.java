package org.sparcj.experiments.run;

import java.util.Map;
import org.sparcj.eval.EvalConfig;
import org.sparcj.model.SparseAutoencoder;

/** Evaluates a trained model on the test rows of the run's data. */
public interface RunEvaluator {

    /** Flat named metrics (for tracking and comparison) and the full report as JSON. */
    record Evaluation(Map<String, Double> metrics, String reportJson) {
    }

    Evaluation evaluate(SparseAutoencoder model, RunData data, long[] rows, EvalConfig settings);
}
