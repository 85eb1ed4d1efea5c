package org.sparcj.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.sparcj.data.InMemoryDataset;
import org.sparcj.data.StreamInfo;
import org.sparcj.model.InputScaling;
import org.sparcj.model.SparcConfig;
import org.sparcj.model.SparcModel;
import org.sparcj.model.SparseCodes;
import org.sparcj.model.TopKMode;

/** The evaluator on the real TensorFlow SPARC model, trained briefly on planted shared structure. */
class TrainedSparcModelTest {

    /** n samples, each a positive mix of 3 of 12 concepts that every stream sees through its own directions. */
    private static InMemoryDataset planted(long seed, int n, List<StreamInfo> streams) {
        Random rng = new Random(seed);
        int concepts = 12;
        float[][][] dict = new float[streams.size()][concepts][];
        for (int s = 0; s < streams.size(); s++)
            for (int c = 0; c < concepts; c++) {
                dict[s][c] = new float[streams.get(s).dim()];
                for (int j = 0; j < dict[s][c].length; j++) dict[s][c][j] = (float) rng.nextGaussian();
            }
        float[][] data = new float[streams.size()][];
        for (int s = 0; s < streams.size(); s++) data[s] = new float[n * streams.get(s).dim()];
        for (int i = 0; i < n; i++) {
            int[] chosen = rng.ints(0, concepts).distinct().limit(3).toArray();
            for (int s = 0; s < streams.size(); s++) {
                int d = streams.get(s).dim();
                for (int j = 0; j < d; j++) {
                    double v = 0.05 * rng.nextGaussian();
                    for (int c : chosen) v += dict[s][c][j];
                    data[s][i * d + j] = (float) v;
                }
            }
        }
        return new InMemoryDataset(streams, data, n);
    }

    @Test
    void globalModeOnATrainedTinyModelHasNoMixedLatents() {
        List<StreamInfo> streams = List.of(new StreamInfo("a", 8), new StreamInfo("b", 12), new StreamInfo("c", 16));
        InMemoryDataset data = planted(3, 400, streams);
        SparcConfig cfg = SparcConfig.defaults(streams).with("latent_size", 16, "k", 3, "topk", TopKMode.GLOBAL, "batch_size", 32, "epochs", 8, "learning_rate", 1e-3, "seed", 7);
        long[] rows = SparcEvaluatorTest.rows(400);
        try (SparcModel model = SparcModel.create(cfg)) {
            model.train(data, rows, p -> { });
            EvalConfig eval = EvalConfig.defaults().with("batch_size", 128);
            EvaluationReport r = new SparcEvaluator(eval).evaluate(model, data, rows, null);
            Map<String, Double> f = r.flatMetrics();
            // Global TopK: one index set per sample for all streams, and a kept latent that is positive
            // in one stream is (after training on shared structure) positive in the others: every
            // latent is alive in all streams or in none.
            assertEquals(0.0, f.get("mixed_count"), "patterns " + r.patterns().byCombination());
            assertEquals(r.dead().dead()[0], r.dead().dead()[1]);
            assertEquals(r.dead().dead()[0], r.dead().dead()[2]);
            assertTrue(f.get("all_alive_fraction") > 0);
            // The retrieval families use per-stream encoding; under GLOBAL the joint codes share their
            // indices across streams and would leak the pair: check that the evaluator did not use them.
            float[][] xs = data.readBatch(rows);
            SparseCodes[] joint = model.encodeJoint(xs, rows.length);
            RankStats leaked = RankStats.of(Retrieval.ranksSparse(joint[0], joint[1], 16));
            assertTrue(leaked.rAt1() >= f.get("retrieval.latent.a_to_b.r_at_1"),
                    "joint " + leaked.rAt1() + " vs per-stream " + f.get("retrieval.latent.a_to_b.r_at_1"));
            assertTrue(f.get("nmse.self_mean") < 1.0, "self NMSE " + f.get("nmse.self_mean"));
            // the evaluator's NMSE matrix: joint codes decoded into every stream, against unit-norm targets
            for (int t = 0; t < 3; t++) {
                int d = streams.get(t).dim();
                float[] x = InputScaling.unitNorm(xs[t], rows.length, d);
                for (int s = 0; s < 3; s++) {
                    float[] xhat = model.decode(t, joint[s]);
                    double sum = 0;
                    for (int i = 0; i < rows.length; i++) {
                        double err = 0, energy = 0;
                        for (int j = i * d; j < (i + 1) * d; j++) {
                            err += (xhat[j] - x[j]) * (double) (xhat[j] - x[j]);
                            energy += x[j] * (double) x[j];
                        }
                        sum += err / energy;
                    }
                    assertEquals(sum / rows.length, r.nmse().nmse()[s][t], 1e-5, "nmse " + s + "->" + t);
                }
            }
        }
    }
}
