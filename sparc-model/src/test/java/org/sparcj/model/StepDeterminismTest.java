package org.sparcj.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.sparcj.data.InMemoryDataset;

/**
 * Same seed, same config, same bytes, on every core count: training repeated in one process gives the same
 * weights bit for bit. TensorFlow's ops run concurrently on more than one core, and some kernels' results
 * depend on what else is running. AddN, for one, sums into whichever input buffer it can reuse, and that
 * changes its summation order. So one repeat is not enough: this repeats the run and compares every weight.
 */
class StepDeterminismTest {
    @ParameterizedTest
    @EnumSource(TopKMode.class)
    void repeatedTrainingGivesTheSameWeightsBitForBit(TopKMode mode) {
        InMemoryDataset data = TestData.planted(5, 1024, 48, 4, 0.05, 64, 48, 32);
        SparcConfig cfg = SparcConfig.defaults(data.streams()).with("latent_size", 256, "k", 16, "batch_size", 64,
                "epochs", 20, "dead_steps", 40, "topk", mode, "seed", 3);
        float[][] first = trained(cfg, data);
        for (int repeat = 1; repeat < 3; repeat++) {
            float[][] again = trained(cfg, data);
            for (int p = 0; p < first.length; p++)
                assertArrayEquals(first[p], again[p], mode + ": repeat " + repeat + ", parameter " + p);
        }
    }

    private static float[][] trained(SparcConfig cfg, InMemoryDataset data) {
        try (SparcModel m = SparcModel.create(cfg)) {
            m.train(data, TestData.range(1024), p -> { });
            return m.readAll();
        }
    }
}
