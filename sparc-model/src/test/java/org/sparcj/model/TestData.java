package org.sparcj.model;

import java.util.List;
import java.util.Random;
import org.sparcj.data.InMemoryDataset;
import org.sparcj.data.StreamInfo;

/** Seeded test data: planted sparse structure shared across streams. */
final class TestData {
    private TestData() {
    }

    static List<StreamInfo> streams(int... dims) {
        String[] names = {"a", "b", "c", "d"};
        StreamInfo[] s = new StreamInfo[dims.length];
        for (int i = 0; i < dims.length; i++) s[i] = new StreamInfo(names[i], dims[i]);
        return List.of(s);
    }

    /**
     * n samples; each activates {@code active} of {@code concepts} shared concepts with positive magnitude;
     * stream s sees concept c through its own random direction, plus a little noise.
     */
    static InMemoryDataset planted(long seed, int n, int concepts, int active, double noise, int... dims) {
        Random rng = new Random(seed);
        float[][][] dict = new float[dims.length][concepts][];
        for (int s = 0; s < dims.length; s++)
            for (int c = 0; c < concepts; c++) {
                dict[s][c] = new float[dims[s]];
                for (int j = 0; j < dims[s]; j++) dict[s][c][j] = (float) rng.nextGaussian();
            }
        float[][] data = new float[dims.length][];
        for (int s = 0; s < dims.length; s++) data[s] = new float[n * dims[s]];
        for (int i = 0; i < n; i++) {
            int[] chosen = rng.ints(0, concepts).distinct().limit(active).toArray();
            double[] mag = new double[active];
            for (int a = 0; a < active; a++) mag[a] = 0.5 + rng.nextDouble();
            for (int s = 0; s < dims.length; s++)
                for (int j = 0; j < dims[s]; j++) {
                    double v = noise * rng.nextGaussian();
                    for (int a = 0; a < active; a++) v += mag[a] * dict[s][chosen[a]][j];
                    data[s][i * dims[s] + j] = (float) v;
                }
        }
        return new InMemoryDataset(streams(dims), data, n);
    }

    static long[] range(int n) {
        long[] r = new long[n];
        for (int i = 0; i < n; i++) r[i] = i;
        return r;
    }
}
