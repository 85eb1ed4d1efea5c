package org.sparcj.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class GradientTest {
    static final int[] DIMS = {6, 5};
    static final int B = 9;

    private static SparcConfig config(TopKMode mode, DecodeMode decode) {
        return SparcConfig.defaults(TestData.streams(DIMS)).with("latent_size", 12, "k", 3, "k_aux", 4, "topk", mode, "decode", decode, "lambda", 0.8, "alpha", 0.5, "dead_steps", 2, "seed", 17);
    }

    private static float[][] inputs(long seed) {
        Random rng = new Random(seed);
        float[][] xs = new float[DIMS.length][];
        for (int s = 0; s < DIMS.length; s++) {
            xs[s] = new float[B * DIMS[s]];
            for (int i = 0; i < xs[s].length; i++) xs[s][i] = (float) rng.nextGaussian();
            xs[s] = InputScaling.unitNorm(xs[s], B, DIMS[s]);
        }
        return xs;
    }

    private static void prepare(SparcModel m) {
        ParityTest.randomiseParameters(m, new Random(23));
        for (int l = 0; l < 6; l++) m.counters()[0][l] = 50;   // AuxK active in stream 0
        for (int l = 6; l < 12; l++) m.counters()[1][l] = 50;  // and in stream 1
    }

    @ParameterizedTest
    @EnumSource(TopKMode.class)
    void sparseAndDenseGraphsGiveTheSameLossAndGradients(TopKMode mode) {
        float[][] xs = inputs(3);
        try (SparcModel sparse = SparcModel.create(config(mode, DecodeMode.SPARSE));
             SparcModel dense = SparcModel.create(config(mode, DecodeMode.DENSE))) {
            prepare(sparse);
            prepare(dense);
            float[] ls = new float[4], ld = new float[4];
            float[][] gs = sparse.lossAndGradients(xs, B, ls);
            float[][] gd = dense.lossAndGradients(xs, B, ld);
            assertArrayEquals(ld, ls, 1e-5f);
            assertTrue(ls[3] > 0);
            for (int i = 0; i < gs.length; i++) {
                float scale = 1e-6f;
                for (float v : gd[i]) scale = Math.max(scale, Math.abs(v));
                assertArrayEquals(gd[i], gs[i], 1e-4f * scale, "gradient of " + sparse.variableNames().get(i));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(TopKMode.class)
    void aStepNormalisesDecoderRowsAndProjectsTheirGradientInBothDecodeModes(TopKMode mode) {
        // Both decode modes must give w' = w / (|w| + eps), g' = g - (g·w') w' (g with AuxK's share),
        // then Adam's first step w' - lr g' / (|g'| + eps).
        float[][] xs = inputs(5);
        for (DecodeMode decode : DecodeMode.values()) {
            SparcConfig cfg = config(mode, decode);
            try (SparcModel m = SparcModel.create(cfg)) {
                prepare(m);
                float[] parts = new float[4];
                float[][] grads = m.lossAndGradients(xs, B, parts);
                assertTrue(parts[3] > 0, "AuxK active, so its decode adds to the decoder gradient");
                float[][] before = m.readAll();
                m.trainStep(xs, B);
                float[][] after = m.readAll();
                int checked = 0;
                for (int p = 0; p < m.parameterCount(); p++) {
                    String name = m.variableNames().get(p);
                    if (!name.startsWith("dec_")) continue;
                    int d = DIMS[Integer.parseInt(name.substring(4))];
                    for (int l = 0; l < cfg.latentSize(); l++) {
                        double norm = 0, dot = 0;
                        for (int j = 0; j < d; j++) norm += (double) before[p][l * d + j] * before[p][l * d + j];
                        double scale = 1 / (Math.sqrt(norm) + DecoderConstraint.NORM_EPS);
                        for (int j = 0; j < d; j++) dot += grads[p][l * d + j] * before[p][l * d + j] * scale;
                        for (int j = 0; j < d; j++) {
                            double w = before[p][l * d + j] * scale;
                            double g = grads[p][l * d + j] - dot * w;
                            if (g != 0 && Math.abs(g) < 1e-6) continue;   // Adam's g / |g| is ill-conditioned here
                            double expected = w - cfg.learningRate() * g / (Math.abs(g) + 1e-8);
                            assertEquals(expected, after[p][l * d + j], 1e-6, decode + " " + name + "[" + l + ", " + j + "]");
                            if (g != 0) checked++;
                        }
                    }
                }
                assertTrue(checked > 40, decode + ": enough decoder entries with a gradient: " + checked);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(TopKMode.class)
    void theNoDeadShortcutEqualsTheGeneralAuxKGraphWhenNothingIsDead(TopKMode mode) {
        float[][] xs = inputs(4);
        try (SparcModel shortcut = SparcModel.create(config(mode, DecodeMode.SPARSE));
             SparcModel general = SparcModel.create(config(mode, DecodeMode.SPARSE))) {
            ParityTest.randomiseParameters(shortcut, new Random(1));
            ParityTest.randomiseParameters(general, new Random(1));
            general.forceAuxGraph = true;
            float[] a = new float[4], b = new float[4];
            float[][] ga = shortcut.lossAndGradients(xs, B, a);
            float[][] gb = general.lossAndGradients(xs, B, b);
            assertArrayEquals(b, a, 1e-6f);
            assertTrue(a[3] > 0, "AuxK still moves b_pre when nothing is dead, as in the official code");
            for (int i = 0; i < ga.length; i++) assertArrayEquals(gb[i], ga[i], 1e-6f, shortcut.variableNames().get(i));
        }
    }

    @ParameterizedTest
    @EnumSource(DecodeMode.class)
    void gradientsMatchFiniteDifferences(DecodeMode decode) {
        float[][] xs = inputs(8);
        // alpha = 0: AuxK's target holds a stop-gradient, so finite differences of the full loss would
        // differ from the (correct) gradient by design; AuxK is covered by ParityTest and the SPARSE/DENSE test.
        try (SparcModel m = SparcModel.create(config(TopKMode.GLOBAL, decode).with("alpha", 0))) {
            prepare(m);
            float[] parts = new float[4];
            float[][] grads = m.lossAndGradients(xs, B, parts);
            float[][] params = m.readAll();
            int checked = 0;
            for (int p = 0; p < m.parameterCount(); p++) {
                // The three entries with the largest gradient of each parameter, plus one with none.
                int[] entries = largest(grads[p], 3);
                for (int e : entries) {
                    double numeric = centralDifference(m, params, p, e, xs);
                    double analytic = grads[p][e];
                    assertEquals(numeric, analytic, 2e-2 * Math.abs(analytic) + 2e-3,
                            m.variableNames().get(p) + "[" + e + "]");
                    checked++;
                }
            }
            assertTrue(checked >= 20);
        }
    }

    private static double centralDifference(SparcModel m, float[][] params, int p, int e, float[][] xs) {
        float eps = 1e-3f;
        float[] v = params[p].clone();
        float[] parts = new float[4];
        v[e] = params[p][e] + eps;
        m.assign(p, v);
        m.lossAndGradients(xs, B, parts);
        double plus = parts[0];
        v[e] = params[p][e] - eps;
        m.assign(p, v);
        m.lossAndGradients(xs, B, parts);
        double minus = parts[0];
        m.assign(p, params[p]);
        return (plus - minus) / (2 * eps);
    }

    private static int[] largest(float[] g, int n) {
        Integer[] order = new Integer[g.length];
        for (int i = 0; i < g.length; i++) order[i] = i;
        java.util.Arrays.sort(order, (a, b) -> Float.compare(Math.abs(g[b]), Math.abs(g[a])));
        int[] out = new int[Math.min(n, g.length)];
        for (int i = 0; i < out.length; i++) out[i] = order[i];
        return out;
    }
}
