package org.sparcj.experiments.config;

import java.nio.file.Path;

/**
 * Where a run's data comes from ({@code sparc.data}).
 *
 * @param source    SYNTHETIC (generated once into {@code cacheDir}), WORDNET (built once from WordNet
 *                  with bundled text models) or STORE (an existing feature store)
 * @param storePath the feature-store directory (STORE)
 * @param cacheDir  parent of generated synthetic datasets
 * @param synthetic the generator settings (SYNTHETIC)
 * @param wordnet   the WordNet noun benchmark settings (WORDNET: built once into {@code cacheDir})
 * @param split     train/validation/test fractions and seed
 */
public record DataSettings(Source source, Path storePath, Path cacheDir, SyntheticSettings synthetic,
                           WordNetSettings wordnet, SplitSettings split) {
    public enum Source { SYNTHETIC, STORE, WORDNET }

    /** Split fractions by sample ID; train gets what validation and test leave. */
    public record SplitSettings(double validation, double test, long seed) {
        public SplitSettings {
            if (!(validation >= 0 && test > 0 && validation + test < 1))
                throw new IllegalArgumentException("split: need validation >= 0, test > 0 and validation + test < 1, got "
                        + validation + " and " + test);
        }

        public double train() {
            return 1 - validation - test;
        }
    }
}
