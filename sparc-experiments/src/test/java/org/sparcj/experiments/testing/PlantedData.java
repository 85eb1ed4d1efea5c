package org.sparcj.experiments.testing;

import java.util.List;
import java.util.Random;
import org.sparcj.data.InMemoryDataset;
import org.sparcj.data.StreamInfo;
import org.sparcj.experiments.config.DataSettings;
import org.sparcj.experiments.run.DataProvider;
import org.sparcj.experiments.run.RunData;
import org.sparcj.experiments.run.SampleSplit;

/**
 * Test data until sparc-data's synthetic generator is merged: seeded samples with planted sparse
 * concepts seen by two streams through their own random directions.
 */
public final class PlantedData implements DataProvider {
    @Override
    public RunData open(DataSettings settings) {
        int n = 192, concepts = 12, active = 2;
        int[] dims = {8, 6};
        Random rng = new Random(settings.split().seed() + 11);
        float[][][] dict = new float[dims.length][concepts][];
        for (int s = 0; s < dims.length; s++)
            for (int c = 0; c < concepts; c++) {
                dict[s][c] = new float[dims[s]];
                for (int j = 0; j < dims[s]; j++) dict[s][c][j] = (float) rng.nextGaussian();
            }
        float[][] data = {new float[n * dims[0]], new float[n * dims[1]]};
        for (int i = 0; i < n; i++) {
            int[] chosen = rng.ints(0, concepts).distinct().limit(active).toArray();
            for (int s = 0; s < dims.length; s++)
                for (int j = 0; j < dims[s]; j++) {
                    double v = 0.05 * rng.nextGaussian();
                    for (int c : chosen) v += dict[s][c][j];
                    data[s][i * dims[s] + j] = (float) v;
                }
        }
        InMemoryDataset ds = new InMemoryDataset(List.of(new StreamInfo("a", dims[0]), new StreamInfo("b", dims[1])), data, n);
        return new RunData(ds, null, SampleSplit.of(ds, settings.split()), "planted test data");
    }
}
