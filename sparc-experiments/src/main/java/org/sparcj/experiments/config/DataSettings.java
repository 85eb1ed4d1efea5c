package org.sparcj.experiments.config;

import static org.sparcj.data.settings.Settings.require;

import java.nio.file.Path;
import org.sparcj.data.coco.CocoImportConfig;
import org.sparcj.data.openimages.OpenImagesImportConfig;
import org.sparcj.data.settings.Settings;
import org.sparcj.data.synthetic.SyntheticConfig;
import org.sparcj.data.wordnet.WordNetBenchmarkConfig;

/**
 * Where a run's data comes from ({@code sparc.data}).
 *
 * @param source    the data source's name (lower case): synthetic, store, wordnet, ... (the wiring
 *                  knows which sources exist)
 * @param store     the feature store (source store)
 * @param cacheDir  parent of generated datasets, one directory per source and settings
 * @param synthetic the synthetic generator's settings (source synthetic)
 * @param wordnet   the WordNet noun benchmark's settings (source wordnet)
 * @param openimages the Open Images import's settings (source openimages)
 * @param coco      the MS-COCO import's settings (source coco)
 * @param shuffleStreams the shuffled-streams control: every stream but the first row-permuted, seeded by split.seed
 * @param split     train/validation/test fractions and seed
 */
public record DataSettings(String source, Store store, Path cacheDir, SyntheticConfig synthetic,
                           WordNetBenchmarkConfig wordnet, OpenImagesImportConfig openimages,
                           CocoImportConfig coco, boolean shuffleStreams, Split split) {

    public DataSettings {
        require("source", source, source != null && !source.isBlank(), "a data source name");
        source = source.trim().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * An existing feature store.
     *
     * @param path directory of the store (manifest + .npy streams, with taxonomy.tsv and labels.tsv
     *             beside them when the data has labels)
     */
    public record Store(Path path) {
    }

    /** Split fractions by sample ID; train gets what validation and test leave. */
    public record Split(double validation, double test, long seed) {
        public Split {
            require("validation", validation, validation >= 0 && validation + test < 1, ">= 0, and validation + test < 1");
            require("test", test, test > 0 && validation + test < 1, "> 0, and validation + test < 1");
        }

        public double train() {
            return 1 - validation - test;
        }
    }

    /**
     * The cache key of a generated dataset: the first 16 hex digits of its settings' SHA-256, so a
     * changed setting never reuses a stale dataset.
     */
    public static String cacheKey(Record generatorSettings) {
        return ConfigHash.of(Settings.toConfig(generatorSettings)).substring(0, 16);
    }
}
