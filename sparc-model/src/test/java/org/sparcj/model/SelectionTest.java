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

    @Test
    void encodeBothGivesTheJointAndEachStreamsOwnCodesOfSeparateCalls() {
        // 5000 rows: more than one inference chunk
        InMemoryDataset data = TestData.planted(2, 5000, 12, 3, 0.05, 10, 8, 6);
        float[][] xs = data.readBatch(TestData.range(5000));
        SparcConfig base = SparcConfig.defaults(data.streams()).with("latent_size", 32, "k", 4, "seed", 3);
        for (TopKMode mode : TopKMode.values()) {
            try (SparcModel model = SparcModel.create(base.with("topk", mode))) {
                SparseAutoencoder.Encodings both = model.encodeBoth(xs, 5000);
                SparseCodes[] joint = model.encodeJoint(xs, 5000);
                for (int s = 0; s < 3; s++) {
                    SparseCodes own = model.encode(s, xs[s], 5000);
                    assertArrayEquals(joint[s].indices(), both.joint()[s].indices(), mode + " joint " + s);
                    assertArrayEquals(joint[s].values(), both.joint()[s].values(), mode + " joint " + s);
                    assertArrayEquals(own.indices(), both.own()[s].indices(), mode + " own " + s);
                    assertArrayEquals(own.values(), both.own()[s].values(), mode + " own " + s);
                }
                // GLOBAL's joint codes share one index set, its own codes do not
                if (mode == TopKMode.GLOBAL)
                    assertTrue(!Arrays.equals(both.own()[0].indices(), both.joint()[0].indices()));
            }
        }
    }
}
