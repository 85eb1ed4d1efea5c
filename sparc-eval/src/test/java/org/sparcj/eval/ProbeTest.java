package org.sparcj.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.sparcj.model.SparseCodes;

class ProbeTest {

    @Test
    void interceptOnlyFitIsTheLogOddsOfThePositiveRate() {
        // x = 0 everywhere: the penalised w stays 0 and the optimum b = ln(n_pos / n_neg) = ln 3;
        // p = 3/4 for every sample, mean log-loss = -(3 ln 3/4 + ln 1/4) / 4
        double[] x = {0, 0, 0, 0};
        boolean[] y = {true, true, true, false};
        Logistic1D fit = Logistic1D.fit(x, y, 1.0);
        assertEquals(0, fit.w(), 1e-12);
        assertEquals(Math.log(3), fit.b(), 1e-9);
        assertEquals(-(3 * Math.log(0.75) + Math.log(0.25)) / 4, fit.logLoss(x, y), 1e-9);
    }

    @Test
    void symmetricFitSatisfiesTheHandDerivedOptimality() {
        // x = +1 for the positive, -1 for the negative, l2 = 1: by symmetry b = 0; dL/dw = 0 gives
        // (sigma(w) - 1) * 1 + (sigma(-w)) * 1 + w = 0, i.e. 2 (1 - sigma(w)) = w, whose root is w = 0.67483...
        Logistic1D fit = Logistic1D.fit(new double[] {1, -1}, new boolean[] {true, false}, 1.0);
        assertEquals(0, fit.b(), 1e-9);
        double s = 1 / (1 + Math.exp(-fit.w()));
        assertEquals(fit.w(), 2 * (1 - s), 1e-9);
        assertEquals(0.6748, fit.w(), 1e-3);
    }

    /** 2 streams, L = 4, k = 2; 60 positives of class 1 and 60 samples of class 2 (the negatives). */
    private static Object[] probeData(int positives) {
        int n = positives + 60;
        int k = 2;
        int[][] labels = new int[n][];
        int[][] idx = new int[2][n * k];
        float[][] val = new float[2][n * k];
        for (int p = 0; p < n; p++) {
            boolean pos = p < positives;
            labels[p] = pos ? new int[] {1} : new int[] {2};
            // stream 0: latent 0 fires (value 2) on exactly the positives, latent 3 fires on every sample
            idx[0][p * k] = 0; val[0][p * k] = pos ? 2f : 0f;
            idx[0][p * k + 1] = 3; val[0][p * k + 1] = 1f;
            // stream 1: only latent 1 is kept and it never fires (ReLU'd to 0)
            idx[1][p * k] = 1; val[1][p * k] = 0f;
            idx[1][p * k + 1] = 2; val[1][p * k + 1] = pos ? 0f : 1f;
        }
        SparseCodes[] codes = {new SparseCodes(n, k, idx[0], val[0]), new SparseCodes(n, k, idx[1], val[1])};
        return new Object[] {codes, labels};
    }

    @Test
    void oneDimProbeFollowsTheProcedure() {
        Object[] d = probeData(60);
        SparseCodes[] codes = (SparseCodes[]) d[0];
        int[][] labels = (int[][]) d[1];
        EvalConfig cfg = EvalConfig.defaults().with("probe_min_positives", 50);
        OneDimProbe probe = OneDimProbe.compute(List.of("a", "b"), codes, labels, 4, cfg);
        // class 1 has 60 > 50 positives; class 2 too (its negatives are the class-1 samples).
        assertArrayEquals(new int[] {1, 2}, probe.classes());
        // Class 1, stream 1: no latent fires on a training positive -> feature 0 -> intercept only; the
        // stratified split keeps train balanced (42 + 42), so b = 0, p = 1/2 and the test log-loss is ln 2.
        assertEquals(Math.log(2), probe.testLogLoss()[1][0], 1e-9);
        // Class 1, stream 0: candidates by co-occurrence on the 42 training positives: latent 0 (42) and
        // latent 3 (42), tie -> latent 0 first. Latent 0 separates the classes (x = 2 vs 0), latent 3 is
        // constant (x = 1) and can do no better than ln 2 on validation, so latent 0 is picked.
        // Its fit satisfies (a = 42 per class, v = 2, l2 = 1): sigma(2w + b) = 1 - sigma(b) =: q, and
        // dL/dw = a v (q - 1) + l2 w = 0 with w = -b / 1 (from 2w + b = -b). The test part (9 + 9) then has
        // log-loss -ln q. Check: recover q from the reported loss and verify a v (1 - q) = w = -b.
        double q = Math.exp(-probe.testLogLoss()[0][0]);
        double b = Math.log((1 - q) / q);           // sigma(b) = 1 - q
        double w = -b;                              // 2w + b = -b
        assertEquals(42 * 2 * (1 - q), w, 1e-6);
        assertTrue(probe.testLogLoss()[0][0] < Math.log(2));
        // stream means are over the two classes
        assertEquals((probe.testLogLoss()[0][0] + probe.testLogLoss()[0][1]) / 2, probe.meanLogLoss()[0], 1e-12);
    }

    @Test
    void classesWithExactlyTheMinimumAreNotProbedAndRunsAreDeterministic() {
        Object[] d = probeData(50);
        EvalConfig cfg = EvalConfig.defaults().with("probe_min_positives", 50);
        OneDimProbe probe = OneDimProbe.compute(List.of("a", "b"), (SparseCodes[]) d[0], (int[][]) d[1], 4, cfg);
        // class 1 has exactly 50 positives: not more than 50 -> skipped; class 2 has 60 -> probed
        assertArrayEquals(new int[] {2}, probe.classes());
        OneDimProbe again = OneDimProbe.compute(List.of("a", "b"), (SparseCodes[]) d[0], (int[][]) d[1], 4, cfg);
        assertArrayEquals(probe.meanLogLoss(), again.meanLogLoss(), 0);
    }
}
