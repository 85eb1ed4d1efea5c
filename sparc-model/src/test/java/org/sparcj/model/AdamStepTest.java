package org.sparcj.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.sparcj.data.InMemoryDataset;

/**
 * PyTorch's Adam at t = 1: m_hat = g, v_hat = g^2, so every parameter moves by
 * -lr * g / (|g| + eps), i.e. -lr * sign(g) wherever |g| >> eps. Checked on the encoder and the
 * biases (the decoder's gradient is projected first).
 */
class AdamStepTest {

    @Test
    void firstStepMovesEachParameterByTheLearningRateAgainstItsGradient() {
        InMemoryDataset data = TestData.planted(4, 32, 8, 2, 0.05, 7, 5);
        float[][] xs = data.readBatch(TestData.range(32));
        for (int s = 0; s < xs.length; s++) xs[s] = InputScaling.unitNorm(xs[s], 32, data.dim(s));
        double lr = 0.01;
        SparcConfig cfg = SparcConfig.defaults(data.streams()).with("latent_size", 16, "k", 3, "learning_rate", lr, "seed", 6);
        try (SparcModel m = SparcModel.create(cfg)) {
            float[] parts = new float[4];
            float[][] grads = m.lossAndGradients(xs, 32, parts);
            float[][] before = m.readAll();
            m.trainStep(xs, 32);
            float[][] after = m.readAll();
            int checked = 0;
            for (int p = 0; p < m.parameterCount(); p++) {
                if (m.variableNames().get(p).startsWith("dec_")) continue;
                for (int i = 0; i < grads[p].length; i++) {
                    double g = grads[p][i];
                    double expected = -lr * g / (Math.abs(g) + 1e-8);
                    assertEquals(expected, after[p][i] - before[p][i], 1e-6 + 1e-4 * Math.abs(expected),
                            m.variableNames().get(p) + "[" + i + "]");
                    if (Math.abs(g) > 1e-6) checked++;
                }
            }
            assertTrue(checked > 50, "enough parameters with a gradient: " + checked);
        }
    }
}
