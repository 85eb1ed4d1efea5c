package org.sparcj.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MlpProbeTest {

    @Test
    void averagePrecisionByHand() {
        // ranked T F T F: recall 1/2 at precision 1, then 1/2 at precision 2/3 -> 1/2 + 1/3 = 5/6
        assertEquals(5.0 / 6, MlpProbe.averagePrecision(new double[] {0.9, 0.8, 0.7, 0.6},
                new boolean[] {true, false, true, false}), 1e-12);
        // tie at 0.5 between a positive and a negative forms one threshold: recall 1/2 at precision 1/2,
        // then the last positive: recall 1/2 at precision 2/3 -> 1/4 + 1/3 = 7/12
        assertEquals(7.0 / 12, MlpProbe.averagePrecision(new double[] {0.5, 0.5, 0.1},
                new boolean[] {true, false, true}), 1e-12);
    }

    @Test
    void macroMeanSkipsClassesWithoutPositives() {
        float[][] scores = {{0.9f, 0.1f, 0.3f}, {0.2f, 0.8f, 0.1f}};
        boolean[][] truth = {{true, false, false}, {false, false, false}};
        // column 0: AP 1; column 1: no positive -> skipped; column 2: no positive -> skipped
        assertEquals(1.0, MlpProbe.meanAveragePrecision(scores, truth), 1e-12);
    }

    @Test
    void learnsASeparableProblemDeterministically() {
        // class 1 when feature 0 > 0, class 2 when feature 1 > 0 (both or neither possible)
        SplittableRandom rng = new SplittableRandom(1);
        int n = 400, d = 6;
        float[] x = new float[n * d];
        int[][] labels = new int[n][];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) x[i * d + j] = (float) rng.nextGaussian();
            boolean a = x[i * d] > 0, b = x[i * d + 1] > 0;
            labels[i] = a && b ? new int[] {1, 2} : a ? new int[] {1} : b ? new int[] {2} : new int[0];
        }
        EvalConfig cfg = EvalConfig.defaults().with("mlp_hidden", 32, "mlp_epochs", 15);
        Map<String, MlpProbe.Features> in = new LinkedHashMap<>();
        in.put("raw.x", MlpProbe.Features.dense(x, n, d));
        double map = MlpProbe.compute(in, labels, cfg).meanAveragePrecision().get("raw.x");
        assertTrue(map > 0.9, "mAP " + map);
        assertEquals(map, MlpProbe.compute(in, labels, cfg).meanAveragePrecision().get("raw.x"), 0);
    }

    @Test
    void learnsFromSparseCodesAsFromTheirDenseRows() {
        // k = 2 of L = 50 latents per row; class c is carried exactly by the rows where latent c fires (c < 3)
        SplittableRandom rng = new SplittableRandom(2);
        int n = 400, k = 2, latents = 50;
        int[] idx = new int[n * k];
        float[] val = new float[n * k];
        int[][] labels = new int[n][];
        for (int i = 0; i < n; i++) {
            idx[i * k] = rng.nextInt(latents);
            do idx[i * k + 1] = rng.nextInt(latents); while (idx[i * k + 1] == idx[i * k]);
            val[i * k] = 1f + (float) rng.nextDouble();
            val[i * k + 1] = 1f + (float) rng.nextDouble();
            labels[i] = java.util.Arrays.stream(new int[] {idx[i * k], idx[i * k + 1]}).filter(j -> j < 3).sorted().toArray();
        }
        EvalConfig cfg = EvalConfig.defaults().with("mlp_hidden", 32, "mlp_epochs", 30, "mlp_learning_rate", 1e-2);
        Map<String, MlpProbe.Features> in = new LinkedHashMap<>();
        in.put("latent.x", MlpProbe.Features.sparse(new org.sparcj.model.SparseCodes(n, k, idx, val), latents));
        float[] dense = new float[n * latents];
        for (int i = 0; i < n * k; i++) dense[(i / k) * latents + idx[i]] = val[i];
        in.put("dense.x", MlpProbe.Features.dense(dense, n, latents));
        Map<String, Double> map = MlpProbe.compute(in, labels, cfg).meanAveragePrecision();
        assertTrue(map.get("latent.x") > 0.9, "mAP " + map);
        // the same rows given densely: the same network, the same ranking
        assertEquals(map.get("dense.x"), map.get("latent.x"), 1e-9);
    }
}
