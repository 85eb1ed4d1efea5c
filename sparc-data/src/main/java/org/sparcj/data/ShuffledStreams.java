package org.sparcj.data;

import java.util.List;
import java.util.SplittableRandom;

/**
 * A control for alignment (docs/METHOD.md, Metrics: the shuffled-streams control): the rows of every
 * stream but the first are permuted, each by its own seeded random permutation, so row r pairs the
 * first stream's sample r with unrelated samples of the other streams. Sample IDs (and so the split
 * and the labels) follow the first stream. Every stream keeps its own content and marginal
 * statistics; only the correspondence between streams is destroyed.
 */
public final class ShuffledStreams implements MultiStreamDataset {
    private final MultiStreamDataset inner;
    private final int[][] permutation;  // permutation[s][r]: the inner row read for row r of stream s

    public ShuffledStreams(MultiStreamDataset inner, long seed) {
        if (inner.size() > Integer.MAX_VALUE)
            throw new IllegalArgumentException("shuffled streams: " + inner.size() + " rows is more than an int permutation holds");
        this.inner = inner;
        int n = (int) inner.size();
        SplittableRandom rng = new SplittableRandom(seed);
        permutation = new int[inner.streamCount()][];
        for (int s = 1; s < permutation.length; s++) {
            int[] p = new int[n];
            for (int r = 0; r < n; r++) p[r] = r;
            for (int r = n - 1; r > 0; r--) {
                int j = rng.nextInt(r + 1);
                int t = p[r];
                p[r] = p[j];
                p[j] = t;
            }
            permutation[s] = p;
        }
    }

    @Override
    public List<StreamInfo> streams() {
        return inner.streams();
    }

    @Override
    public long size() {
        return inner.size();
    }

    @Override
    public String sampleId(long row) {
        return inner.sampleId(row);
    }

    @Override
    public void readRows(int stream, long[] rows, float[] dest) {
        if (permutation[stream] == null) {
            inner.readRows(stream, rows, dest);
            return;
        }
        long[] moved = new long[rows.length];
        for (int i = 0; i < rows.length; i++) moved[i] = permutation[stream][(int) rows[i]];
        inner.readRows(stream, moved, dest);
    }

    @Override
    public void close() {
        inner.close();
    }
}
