package org.sparcj.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The graph's loss parts equal the formulas of docs/METHOD.md, Loss, evaluated here in plain Java on the same weights,
 * inputs and dead-latent state (random biases, some latents dead so AuxK is active).
 */
class ParityTest {
    static final int[] DIMS = {5, 4, 6};
    static final int L = 10, K = 3, KAUX = 4, B = 7;

    @ParameterizedTest
    @EnumSource(TopKMode.class)
    void lossPartsMatchTheSpecFormulas(TopKMode mode) {
        SparcConfig cfg = SparcConfig.defaults(TestData.streams(DIMS)).with("latent_size", L, "k", K, "k_aux", KAUX, "topk", mode, "lambda", 0.7, "alpha", 0.25, "dead_steps", 3, "seed", 11);
        Random rng = new Random(5);
        try (SparcModel model = SparcModel.create(cfg)) {
            randomiseParameters(model, rng);
            // Latents 0..3 of stream 0 and 5..9 of stream 2 have not fired for long: dead candidates.
            for (int l = 0; l < 4; l++) model.counters()[0][l] = 100;
            for (int l = 5; l < 10; l++) model.counters()[2][l] = 100;
            float[][] xs = new float[DIMS.length][];
            for (int s = 0; s < DIMS.length; s++) {
                xs[s] = new float[B * DIMS[s]];
                for (int i = 0; i < xs[s].length; i++) xs[s][i] = (float) rng.nextGaussian();
                xs[s] = InputScaling.unitNorm(xs[s], B, DIMS[s]);
            }
            float[] parts = new float[4];
            model.lossAndGradients(xs, B, parts);
            double[] expected = reference(cfg, model.readAll(), model.counters(), xs);
            assertEquals(expected[1], parts[1], 1e-5 * Math.max(1, expected[1]), "self");
            assertEquals(expected[2], parts[2], 1e-5 * Math.max(1, expected[2]), "cross");
            assertEquals(expected[3], parts[3], 1e-5 * Math.max(1, expected[3]), "aux");
            assertEquals(expected[0], parts[0], 1e-5 * Math.max(1, expected[0]), "total");
            assertTrue(expected[3] > 0, "the constructed case must exercise AuxK");
        }
    }

    static void randomiseParameters(SparcModel model, Random rng) {
        float[][] v = model.readAll();
        for (int i = 0; i < model.parameterCount(); i++) {
            for (int j = 0; j < v[i].length; j++) v[i][j] = (float) (0.5 * rng.nextGaussian());
            model.assign(i, v[i]);
        }
    }

    /** Returns {total, self, cross, aux} from the spec's formulas. Parameter order per stream: enc, lat, dec, pre. */
    static double[] reference(SparcConfig cfg, float[][] p, int[][] counters, float[][] xs) {
        int m = cfg.streamCount();
        double[][][] h = new double[m][B][L];
        for (int s = 0; s < m; s++) {
            float[] enc = p[4 * s], lat = p[4 * s + 1], pre = p[4 * s + 3];
            int d = cfg.dim(s);
            for (int b = 0; b < B; b++)
                for (int l = 0; l < L; l++) {
                    double acc = lat[l];
                    for (int j = 0; j < d; j++) acc += (xs[s][b * d + j] - pre[j]) * enc[l * d + j];
                    h[s][b][l] = acc;
                }
        }
        int[][][] idx = new int[m][B][];
        for (int b = 0; b < B; b++) {
            double[] sum = new double[L];
            for (int s = 0; s < m; s++) for (int l = 0; l < L; l++) sum[l] += h[s][b][l];
            for (int s = 0; s < m; s++) idx[s][b] = topK(cfg.topK() == TopKMode.GLOBAL ? sum : h[s][b], K);
        }
        double[][][][] recon = new double[m][m][][];
        for (int s = 0; s < m; s++)
            for (int t = 0; t < m; t++) recon[s][t] = decode(cfg, p, t, idx[s], h[s]);
        double self = 0, cross = 0, aux = 0;
        for (int s = 0; s < m; s++)
            for (int t = 0; t < m; t++) {
                double e = nmse(recon[s][t], xs[t], cfg.dim(t));
                if (s == t) self += e; else cross += e;
            }
        self /= m;
        cross /= m * (m - 1);
        for (int s = 0; s < m; s++) {
            // GLOBAL: dead after this batch's counter update (not fired now and counter + 1 > dead_steps);
            // LOCAL (official model_local.py): dead by the counter before the update
            boolean[] fired = new boolean[L];
            for (int b = 0; b < B; b++) for (int l : idx[s][b]) if (Math.max(0, h[s][b][l]) > cfg.fireThreshold()) fired[l] = true;
            double[][] masked = new double[B][L];
            for (int b = 0; b < B; b++)
                for (int l = 0; l < L; l++) {
                    boolean dead = cfg.topK() == TopKMode.GLOBAL ? !fired[l] && counters[s][l] + 1 > cfg.deadSteps()
                            : counters[s][l] > cfg.deadSteps();
                    masked[b][l] = dead ? h[s][b][l] : 0;
                }
            int[][] auxIdx = new int[B][];
            for (int b = 0; b < B; b++) auxIdx[b] = topK(masked[b], KAUX);
            double[][] ehat = decode(cfg, p, s, auxIdx, masked);
            int d = cfg.dim(s);
            float[] pre = p[4 * s + 3];
            double[][] target = new double[B][d];
            float[] residual = new float[B * d];
            for (int b = 0; b < B; b++)
                for (int j = 0; j < d; j++) residual[b * d + j] = (float) (xs[s][b * d + j] - recon[s][s][b][j] + pre[j]);
            aux += nmse(ehat, residual, d);
        }
        aux /= m;
        double total = self + cfg.lambda() * cross + (aux > 0 ? cfg.alpha() * aux : 0);
        return new double[] {total, self, cross, aux};
    }

    static double[][] decode(SparcConfig cfg, float[][] p, int t, int[][] idx, double[][] values) {
        int d = cfg.dim(t);
        float[] dec = p[4 * t + 2], pre = p[4 * t + 3];
        double[][] out = new double[idx.length][d];
        for (int b = 0; b < idx.length; b++) {
            for (int j = 0; j < d; j++) out[b][j] = pre[j];
            for (int l : idx[b]) {
                double z = Math.max(0, values[b][l]);
                for (int j = 0; j < d; j++) out[b][j] += z * dec[l * d + j];
            }
        }
        return out;
    }

    static double nmse(double[][] xhat, float[] x, int d) {
        double total = 0;
        for (int b = 0; b < xhat.length; b++) {
            double err = 0, energy = 0;
            for (int j = 0; j < d; j++) {
                err += Math.pow(xhat[b][j] - x[b * d + j], 2);
                energy += Math.pow(x[b * d + j], 2);
            }
            total += err / energy;
        }
        return total / xhat.length;
    }

    static int[] topK(double[] v, int k) {
        Integer[] order = new Integer[v.length];
        for (int i = 0; i < v.length; i++) order[i] = i;
        java.util.Arrays.sort(order, (a, b) -> Double.compare(v[b], v[a]));
        int[] out = new int[k];
        for (int i = 0; i < k; i++) out[i] = order[i];
        return out;
    }
}
