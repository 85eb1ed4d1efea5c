package org.sparcj.experiments.config;

import java.nio.file.Path;

/**
 * Where a run's data comes from ({@code sparc.data}).
 *
 * @param source    SYNTHETIC (generated once into {@code cacheDir}) or STORE (an existing feature store)
 * @param storePath the feature-store directory (STORE)
 * @param labels    labels/taxonomy for a STORE dataset, or null
 * @param cacheDir  parent of generated synthetic datasets
 * @param synthetic the generator settings (SYNTHETIC)
 * @param split     train/validation/test fractions and seed
 */
public record DataSettings(Source source, Path storePath, Path labels, Path cacheDir, SyntheticSettings synthetic,
                           SplitSettings split) {
    public enum Source { SYNTHETIC, STORE }

    /** Split fractions by sample ID; they must sum to 1. */
    public record SplitSettings(double train, double validation, double test, long seed) {
        public SplitSettings {
            for (double f : new double[] {train, validation, test})
                if (!(f >= 0 && f <= 1)) throw new IllegalArgumentException("split fractions must lie in [0, 1]");
            if (Math.abs(train + validation + test - 1) > 1e-9)
                throw new IllegalArgumentException("split fractions must sum to 1, got "
                        + (train + validation + test));
            if (train <= 0 || test <= 0) throw new IllegalArgumentException("split: train and test must be > 0");
        }
    }
}
