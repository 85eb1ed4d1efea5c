package org.sparcj.data.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.sparcj.data.StreamInfo;

/**
 * Feature stores of seeded Gaussian rows for the benchmarks (evaluation at paper scale, training from a
 * store larger than the heap or half of RAM): any size, written in batches, so writing needs no more
 * memory than a batch.
 */
public final class RandomFeatureStore {
    private static final int BATCH = 4096;

    private RandomFeatureStore() {
    }

    /**
     * Writes {@code n} rows of the given streams to {@code dir} unless a complete store with those
     * streams and that many rows is already there (then it is reused); returns whether it wrote.
     */
    public static boolean writeIfMissing(Path dir, List<StreamInfo> streams, long n, long seed) {
        if (FeatureStore.isComplete(dir)) {
            try (FeatureStore existing = FeatureStore.open(dir)) {
                if (existing.size() == n && existing.streams().equals(streams)) return false;
            }
        }
        try {
            FeatureStore.delete(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        SplittableRandom rng = new SplittableRandom(seed);
        try (FeatureStoreWriter writer = FeatureStoreWriter.create(dir, streams, n)) {
            for (long b0 = 0; b0 < n; b0 += BATCH) {
                int nb = (int) Math.min(BATCH, n - b0);
                List<String> ids = new ArrayList<>(nb);
                for (int i = 0; i < nb; i++) ids.add(Long.toString(b0 + i));
                float[][] x = new float[streams.size()][];
                for (int s = 0; s < x.length; s++) {
                    x[s] = new float[nb * streams.get(s).dim()];
                    for (int j = 0; j < x[s].length; j++) x[s][j] = (float) rng.nextGaussian();
                }
                writer.appendBatch(ids, x);
            }
        }
        return true;
    }
}
