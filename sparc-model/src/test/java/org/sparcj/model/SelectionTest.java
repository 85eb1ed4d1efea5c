package org.sparcj.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.sparcj.data.InMemoryDataset;

class SelectionTest {

    @Test
    void globalSelectsOneIndexSetForEveryStreamAndLocalDoesNot() {
        InMemoryDataset data = TestData.planted(1, 64, 12, 3, 0.05, 10, 8, 6);
        float[][] xs = data.readBatch(TestData.range(64));
        SparcConfig base = SparcConfig.defaults(data.streams()).with("latent_size", 32, "k", 4, "batch_size", 16, "epochs", 1, "seed", 3);
        try (SparcModel global = SparcModel.create(base);
             SparcModel local = SparcModel.create(base.with("topk", TopKMode.LOCAL))) {
            SparseCodes[] g = global.encodeJoint(xs, 64);
            assertArrayEquals(g[0].indices(), g[1].indices());
            assertArrayEquals(g[0].indices(), g[2].indices());
            SparseCodes[] l = local.encodeJoint(xs, 64);
            assertTrue(!Arrays.equals(l[0].indices(), l[1].indices()) || !Arrays.equals(l[1].indices(), l[2].indices()),
                    "independent random encoders should select different latents somewhere");
            // LOCAL joint encoding is each stream's own TopK.
            assertArrayEquals(l[1].indices(), local.encode(1, xs[1], 64).indices());
            // Kept activations are ReLU'd: never negative.
            for (SparseCodes c : g) for (float v : c.values()) assertTrue(v >= 0);
        }
    }
}
