package org.sparcj.data.openimages;

import static org.sparcj.data.settings.Settings.require;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.sparcj.data.ingest.FeatureFile;
import org.sparcj.data.settings.Settings;

/**
 * Where an Open Images import reads from ({@code sparc.data.openimages}; defaults in this module's
 * reference.conf). File settings are path templates: {@code {split}} becomes each split's name and a
 * relative path lies under {@code root}, so one key overrides one file and root covers the rest.
 *
 * @param root              directory in the official code's layout (captions/, labels/, features/)
 * @param splits            splits imported, in store order
 * @param testSplit         the split whose rows are the fixed test part
 * @param testImages        file of image IDs (one a line) that are the test part instead; null: testSplit
 * @param captions          simplified Localized Narratives JSON of a split (an object: image ID -> captions)
 * @param labels            human-verified image-level labels CSV of a split ({@code ImageID,Source,LabelName,Confidence})
 * @param classDescriptions MID -> display name CSV
 * @param hierarchy         the class hierarchy JSON (its Subcategory edges are the taxonomy)
 * @param features          a split's feature directory (one file per stream)
 * @param streams           stream names and their files in a feature directory
 */
public record OpenImagesImportConfig(Path root, List<String> splits, String testSplit, Path testImages,
                                     String captions, String labels, String classDescriptions, String hierarchy,
                                     String features, List<FeatureFile> streams) {
    public OpenImagesImportConfig {
        require("splits", splits, splits != null && !splits.isEmpty(), "a non-empty list");
        require("test_split", testSplit, testImages != null || splits.contains(testSplit), "one of splits " + splits);
        require("streams", streams, streams != null && !streams.isEmpty(), "a non-empty list");
        require("streams", streams, streams.stream().map(FeatureFile::hdf5).distinct().count() == 1,
                "all HDF5 (.h5) or all .npy files");
    }

    public static OpenImagesImportConfig defaults() {
        return Settings.defaults(OpenImagesImportConfig.class, "sparc.data.openimages", Map.of());
    }

    /** A copy with settings changed, as pairs of config key and value. */
    public OpenImagesImportConfig with(Object... keyValues) {
        return Settings.with(this, keyValues);
    }
}
