package org.sparcj.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.sparcj.data.StreamInfo;
import org.sparcj.data.Taxonomy;
import org.sparcj.model.SparseCodes;
import org.sparcj.model.TopKMode;

/** The metrics of docs/STUDIES.md: concentration, the capped assignment, linear probes, decoder geometry, seed stability. */
class StudyMetricsTest {

    @Test
    void giniIsZeroForEqualValuesAndMaximalForOneHolder() {
        assertEquals(0, Concentration.gini(new double[] {3, 3, 3, 3}), 1e-12);
        assertEquals(0.75, Concentration.gini(new double[] {0, 0, 0, 8}), 1e-12);
        // hand-computed: sorted 1, 2, 3 -> 2 (1 + 4 + 9) / (3 * 6) - 4 / 3 = 2/9
        assertEquals(2.0 / 9, Concentration.gini(new double[] {3, 1, 2}), 1e-12);
        assertTrue(Double.isNaN(Concentration.gini(new double[] {0, 0})));
    }

    @Test
    void spearmanUsesAverageRanksForTies() {
        assertEquals(1, Concentration.spearman(new double[] {1, 5, 9}, new double[] {10, 20, 30}), 1e-12);
        assertEquals(-1, Concentration.spearman(new double[] {1, 5, 9}, new double[] {3, 2, 1}), 1e-12);
        assertArrayEquals(new double[] {1.5, 1.5, 3}, Concentration.ranks(new double[] {4, 4, 7}), 1e-12);
    }

    @Test
    void capKeepsThePurestLatentsOfAClassAndLowerIndexOnTies() {
        int[] concept = {2, 2, 2, 2, 5, -1};
        double[] purity = {0.4, 0.9, 0.4, 0.6, 0.3, 0};
        ConceptAssignment.cap(concept, purity, 2);
        assertArrayEquals(new int[] {-1, 2, -1, 2, 5, -1}, concept);
        concept = new int[] {2, 2, 2};
        ConceptAssignment.cap(concept, new double[] {0.5, 0.5, 0.5}, 1);
        assertArrayEquals(new int[] {2, -1, -1}, concept);
    }

    @Test
    void concentrationCoverageAndSelectivityByHand() {
        // 4 positions; classes 0 (positions 0, 1, 2) and 1 (position 3); one stream, latents 0..2
        int[][] labels = {{0}, {0}, {0}, {1}};
        TopActivations top = new TopActivations(1, 3, 4);
        top.offer(0, 0, 1f, 0);
        top.offer(0, 0, 1f, 1);  // latent 0: positions 0, 1 -> class 0, purity 1
        top.offer(0, 1, 1f, 2);
        top.offer(0, 1, 1f, 3);  // latent 1: positions 2 (class 0), 3 (class 1): tie -> class 0, purity 0.5
        // latent 2 never fires
        // codes (k = 1): position 3 fires latent 1 with 3.0, every other position its own latent with 1.0
        SparseCodes codes = new SparseCodes(4, 1, new int[] {0, 0, 1, 1}, new float[] {1, 1, 1, 3});
        ConceptAssignment c = ConceptAssignment.compute(List.of("a"), top, labels, 0.3, 0, new SparseCodes[] {codes});
        assertArrayEquals(new int[] {0, 0, -1}, c.concept()[0]);
        assertArrayEquals(new int[] {3, 1}, c.frequency());
        assertEquals(0.5, c.coverage()[0], 1e-12);       // class 0 has latents, class 1 none
        assertEquals(0.5, c.gini()[0], 1e-12);           // latents per class {2, 0}
        assertEquals(0.75, c.meanPurity()[0], 1e-12);
        // class 0's latents carry mass 1 + 1 + 1 on class 0 and 3 on position 3 (class 1): 3 / 6
        assertEquals(0.5, c.selectivity()[0], 1e-12);

        ConceptAssignment capped = ConceptAssignment.compute(List.of("a"), top, labels, 0.3, 1, new SparseCodes[] {codes});
        assertArrayEquals(new int[] {0, -1, -1}, capped.concept()[0]);
        assertEquals(1.0, capped.meanPurity()[0], 1e-12);
        assertEquals(1.0, capped.selectivity()[0], 1e-12);  // latent 0 fires on class 0 only
        assertEquals(0.5, capped.coverage()[0], 1e-12);
    }

    @Test
    void liftingReplacesEachClassByItsAncestorAtTheDepth() {
        // root 0; 1, 2 under the root; 3 under 1; 4 under 3
        Taxonomy t = new Taxonomy(List.of("r", "a", "b", "c", "d"), List.of("r", "a", "b", "c", "d"), new int[] {-1, 0, 0, 1, 3});
        int[][] lifted = SparcEvaluator.lift(new int[][] {{4}, {2, 3}, {}, {1, 4}}, t, 1);
        assertArrayEquals(new int[][] {{1}, {1, 2}, {}, {1}}, lifted);
        assertArrayEquals(new int[][] {{3}}, SparcEvaluator.lift(new int[][] {{4}}, t, 2));
    }

    @Test
    void hungarianMatchesBruteForce() {
        SplittableRandom rng = new SplittableRandom(7);
        for (int trial = 0; trial < 30; trial++) {
            int n = 1 + rng.nextInt(6);
            double[][] cost = new double[n][n];
            for (double[] row : cost) for (int j = 0; j < n; j++) row[j] = rng.nextInt(10) - 3 + rng.nextDouble();
            int[] match = Hungarian.minimise(cost);
            assertEquals(bruteForce(cost, 0, new boolean[n]), total(cost, match), 1e-9);
            boolean[] seen = new boolean[n];
            for (int j : match) seen[j] = true;
            for (boolean s : seen) assertTrue(s, "a permutation");
        }
    }

    private static double total(double[][] cost, int[] match) {
        double t = 0;
        for (int i = 0; i < match.length; i++) t += cost[i][match[i]];
        return t;
    }

    private static double bruteForce(double[][] cost, int row, boolean[] used) {
        if (row == cost.length) return 0;
        double best = Double.POSITIVE_INFINITY;
        for (int j = 0; j < cost.length; j++) {
            if (used[j]) continue;
            used[j] = true;
            best = Math.min(best, cost[row][j] + bruteForce(cost, row + 1, used));
            used[j] = false;
        }
        return best;
    }

    @Test
    void aPermutedCopyOfAModelIsFullyStableAndKeepsItsConcepts() {
        List<StreamInfo> streams = List.of(new StreamInfo("a", 6), new StreamInfo("b", 5));
        LinearTopKAutoencoder model = LinearTopKAutoencoder.random(streams, 8, 2, TopKMode.GLOBAL, 3);
        double[][][] a = DecoderDirections.of(model);
        for (double[] row : a[0]) assertEquals(1, Math.sqrt(DecoderDirections.cosine(row, row)), 1e-9);
        int[] perm = {3, 0, 7, 1, 6, 2, 5, 4};
        double[][][] b = new double[2][8][];
        int[][] ca = {{0, 1, 2, 3, -1, -1, 0, 1}, {0, 0, 1, 1, 2, 2, -1, -1}};
        int[][] cb = new int[2][8];
        for (int s = 0; s < 2; s++)
            for (int j = 0; j < 8; j++) {
                b[s][perm[j]] = a[s][j];
                cb[s][perm[j]] = ca[s][j];
            }
        cb[1][perm[0]] = 5;  // one latent changes its concept in stream b
        SeedStability st = SeedStability.compute(List.of("a", "b"), a, b, ca, cb, 0.9);
        assertEquals(1, st.jointMatched(), 1e-12);
        assertEquals(1, st.jointCosine(), 1e-9);
        assertArrayEquals(new double[] {1, 1}, st.matched(), 1e-12);
        assertEquals(1, st.conceptKept()[0], 1e-12);
        assertEquals(5.0 / 6, st.conceptKept()[1], 1e-12);
        assertEquals(11.0 / 12, st.jointConceptKept(), 1e-12);
    }

    @Test
    void coherenceOfIdenticalDirectionsIsOne() {
        double[][][] dirs = {{{1, 0}, {1, 0}, {0, 1}, {0.6, 0.8}}};
        int[][] concept = {{4, 4, 7, -1}};
        DecoderCoherence c = DecoderCoherence.compute(List.of("a"), dirs, concept);
        assertEquals(1, c.classes()[0]);
        assertEquals(1, c.coherence()[0], 1e-12);
        assertEquals(1, c.meanCosine()[0], 1e-12);
        assertEquals((1 + 0 + 0) / 3.0, c.anyPair()[0], 1e-12);
    }

    @Test
    void linearProbesUseEveryInformativeLatent() {
        // class 0 is on when latent 0 or latent 1 fires; the top-1 probe sees one of them, L1 and top-4 see both
        int n = 400;
        SplittableRandom rng = new SplittableRandom(1);
        int[] idx = new int[n * 2];
        float[] val = new float[n * 2];
        int[][] labels = new int[n][];
        for (int p = 0; p < n; p++) {
            int kind = p % 4;  // 0: latent 0, 1: latent 1, 2-3: noise latents 2..9
            boolean positive = kind < 2;
            idx[2 * p] = positive ? kind : 2 + rng.nextInt(8);
            val[2 * p] = 1f;
            idx[2 * p + 1] = 10 + rng.nextInt(6);  // noise on every row
            val[2 * p + 1] = (float) rng.nextDouble();
            labels[p] = positive ? new int[] {0} : new int[0];
        }
        SparseCodes z = new SparseCodes(n, 2, idx, val);
        EvalConfig cfg = EvalConfig.defaults().with("probe_min_positives", 10);
        LinearProbes probes = LinearProbes.compute(List.of("a"), new SparseCodes[] {z}, labels, 16, cfg);
        assertEquals(List.of("l1", "top1", "top4", "top16"), probes.probes());
        assertArrayEquals(new int[] {0}, probes.classes());
        double l1 = probes.meanLogLoss()[0][0], top1 = probes.meanLogLoss()[1][0], top4 = probes.meanLogLoss()[2][0];
        assertTrue(top1 > 0.3, "one latent covers half the positives: " + top1);
        assertTrue(top4 < 0.2 && l1 < 0.2, "two latents cover all: top4 " + top4 + ", l1 " + l1);
    }
}
