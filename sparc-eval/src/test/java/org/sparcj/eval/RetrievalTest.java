package org.sparcj.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.sparcj.data.StreamInfo;
import org.sparcj.model.SparseCodes;
import org.sparcj.model.TopKMode;

class RetrievalTest {

    @Test
    void rankStatsByHand() {
        // ranks 1, 2, 3, 10, 20: R@1 1/5, R@5 3/5, R@10 4/5, MRR (1 + 1/2 + 1/3 + 1/10 + 1/20) / 5, median 3
        RankStats r = RankStats.of(new int[] {3, 1, 20, 2, 10});
        assertEquals(0.2, r.rAt1(), 1e-12);
        assertEquals(0.6, r.rAt5(), 1e-12);
        assertEquals(0.8, r.rAt10(), 1e-12);
        assertEquals((1 + 0.5 + 1.0 / 3 + 0.1 + 0.05) / 5, r.mrr(), 1e-12);
        assertEquals(3, r.medianRank(), 0);
        assertEquals(2.5, RankStats.of(new int[] {4, 1}).medianRank(), 0);
    }

    @Test
    void denseRanksByHand() {
        // queries q0 (1,0), q1 (0,1), q2 (2,2) (unnormalised on purpose); gallery g0 (0,1), g1 (1,0), g2 (1,1).
        // cosines: q0 -> g0 0, g1 1, g2 .71: partner g0 scores 0, two others >= 0 -> rank 3
        //          q1 -> g0 1, g1 0, g2 .71: partner g1 scores 0 -> rank 3
        //          q2 -> g0 .71, g1 .71, g2 1: partner g2 best -> rank 1
        float[] q = {1, 0, 0, 1, 2, 2};
        float[] g = {0, 1, 1, 0, 1, 1};
        assertArrayEquals(new int[] {3, 3, 1}, Retrieval.ranksDense(q, g, 3, 2));
    }

    @Test
    void tiesCountAgainstTheQuery() {
        // an all-zero gallery: every cosine is 0, every partner ties with the 3 others -> rank 4, never 1
        float[] q = {1, 0, 0, 1, 1, 1, 2, 0};
        float[] g = new float[8];
        assertArrayEquals(new int[] {4, 4, 4, 4}, Retrieval.ranksDense(q, g, 4, 2));
    }

    @Test
    void sparseRanksByHand() {
        // L = 4, k = 2 (a kept value may be 0 after ReLU and then does not count)
        // q0 {0:1, 1:1}, q1 {2:1, 3:0}, q2 {0:1, 3:1}; g0 {0:1, 1:0}, g1 {2:2, 0:0}, g2 {1:1, 2:1}
        // cosines: q0 -> g0 .71, g1 0, g2 .5 -> rank 1; q1 -> g0 0, g1 1, g2 .71 -> rank 1;
        //          q2 -> g0 .71, g1 0, g2 0: partner g2 scores 0, g0 beats it and g1 ties -> rank 3
        SparseCodes q = new SparseCodes(3, 2, new int[] {0, 1, 2, 3, 0, 3}, new float[] {1, 1, 1, 0, 1, 1});
        SparseCodes g = new SparseCodes(3, 2, new int[] {0, 1, 2, 0, 1, 2}, new float[] {1, 0, 2, 0, 1, 1});
        assertArrayEquals(new int[] {1, 1, 3}, Retrieval.ranksSparse(q, g, 4));
    }

    @Test
    void identicalStreamsRetrievePerfectly() {
        SplittableRandom rng = new SplittableRandom(3);
        int n = 300, d = 16;
        float[] x = new float[n * d];
        for (int i = 0; i < x.length; i++) x[i] = (float) rng.nextGaussian();
        RankStats dense = RankStats.of(Retrieval.ranksDense(x, x.clone(), n, d));
        assertEquals(1.0, dense.rAt1(), 0);
        assertEquals(1.0, dense.mrr(), 0);
        assertEquals(1.0, dense.medianRank(), 0);
    }

    @Test
    void globalSelectionAtRetrievalTimeLeaksThePair() {
        // Two streams of independent noise: nothing links a sample's two views, so honest retrieval is
        // at chance (1/200). Encoding each stream on its own keeps it there; encoding them jointly with
        // GLOBAL TopK gives both views the same latent indices and retrieval "works" (R@1 near 1).
        List<StreamInfo> streams = List.of(new StreamInfo("a", 8), new StreamInfo("b", 8));
        LinearTopKAutoencoder model = LinearTopKAutoencoder.random(streams, 512, 8, TopKMode.GLOBAL, 11);
        SplittableRandom rng = new SplittableRandom(5);
        int n = 200;
        float[][] xs = new float[2][n * 8];
        for (float[] x : xs) for (int i = 0; i < x.length; i++) x[i] = (float) rng.nextGaussian();
        RankStats own = RankStats.of(Retrieval.ranksSparse(model.encode(0, xs[0], n), model.encode(1, xs[1], n), 512));
        SparseCodes[] joint = model.encodeJoint(xs, n);
        RankStats leaked = RankStats.of(Retrieval.ranksSparse(joint[0], joint[1], 512));
        assertTrue(own.rAt1() < 0.05, "per-stream R@1 " + own.rAt1());
        assertTrue(leaked.rAt1() > 0.95, "joint GLOBAL R@1 " + leaked.rAt1());
    }

    @Test
    void sparseRanksCountEveryGalleryRowLikeABruteForceScan() {
        // k = 3 of L = 12 latents, every value 1: cosine = shared latents / 3, exact; many rows share
        // nothing with the query (score 0), some queries share nothing with their partner
        SplittableRandom rng = new SplittableRandom(5);
        int n = 300, k = 3, latents = 12;
        int[][] idx = new int[2][n * k];
        for (int[] side : idx)
            for (int i = 0; i < n; i++)
                for (int e = 0; e < k; e++) {
                    int j;
                    boolean taken;
                    do {
                        j = rng.nextInt(latents);
                        taken = false;
                        for (int f = 0; f < e; f++) taken |= side[i * k + f] == j;
                    } while (taken);
                    side[i * k + e] = j;
                }
        float[] ones = new float[n * k];
        java.util.Arrays.fill(ones, 1f);
        int[] ranks = Retrieval.ranksSparse(new SparseCodes(n, k, idx[0], ones), new SparseCodes(n, k, idx[1], ones), latents);
        for (int q = 0; q < n; q++) {
            int partner = shared(idx[0], q, idx[1], q, k);
            int better = 0;
            for (int g = 0; g < n; g++) if (g != q && shared(idx[0], q, idx[1], g, k) >= partner) better++;
            assertEquals(better + 1, ranks[q], "query " + q);
        }
    }

    @Test
    void bothWaysFromOneScanEqualTwoOneWayScans() {
        // Random codes over few latents (many shared, some partners sharing none), 5000 rows so the scan
        // runs in several chunks; zeros in the values too (a kept latent at 0 is no posting).
        SplittableRandom rng = new SplittableRandom(9);
        int n = 5000, k = 4, latents = 40;
        SparseCodes[] codes = new SparseCodes[2];
        for (int side = 0; side < 2; side++) {
            int[] idx = new int[n * k];
            float[] val = new float[n * k];
            for (int i = 0; i < n; i++)
                for (int e = 0; e < k; e++) {
                    idx[i * k + e] = (i * 7 + e * 11 + rng.nextInt(3)) % latents;
                    val[i * k + e] = rng.nextInt(10) == 0 ? 0f : (float) rng.nextDouble();
                }
            codes[side] = new SparseCodes(n, k, idx, val);
        }
        int[][] both = Retrieval.ranksSparseBothWays(codes[0], codes[1], latents);
        assertArrayEquals(Retrieval.ranksSparse(codes[0], codes[1], latents), both[0]);
        assertArrayEquals(Retrieval.ranksSparse(codes[1], codes[0], latents), both[1]);
        // the gallery in tiles (scanned in parallel) gives the same ranks as one tile, for any tile size
        for (int tileRows : new int[] {1, 777, 2500, n})
            for (int w = 0; w < 2; w++)
                assertArrayEquals(both[w], Retrieval.ranksSparse(codes[0], codes[1], latents, true, tileRows)[w], "tile " + tileRows);
        // the data exercises both ends: perfect hits and partners sharing nothing (rank n)
        assertTrue(java.util.Arrays.stream(both[1]).anyMatch(r -> r == 1));
        assertTrue(java.util.Arrays.stream(both[1]).anyMatch(r -> r == n));
    }

    private static int shared(int[] a, int ra, int[] b, int rb, int k) {
        int c = 0;
        for (int e = 0; e < k; e++) for (int f = 0; f < k; f++) if (a[ra * k + e] == b[rb * k + f]) c++;
        return c;
    }
}
