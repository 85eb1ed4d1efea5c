package org.sparcj.data.coco;

import static org.sparcj.data.settings.Settings.require;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.sparcj.data.ingest.FeatureFile;
import org.sparcj.data.settings.Settings;

/**
 * Where an MS-COCO import reads from ({@code sparc.data.coco}; defaults in this module's
 * reference.conf). File settings are path templates: {@code {split}} becomes each split's name and a
 * relative path lies under {@code root}.
 *
 * @param root       directory in the official code's layout (annotations/, features/)
 * @param splits     splits imported, in store order
 * @param testSplit  the split whose images are the fixed test part (val: the official evaluation)
 * @param testImages file of image IDs (one a line) that are the test part instead; null: testSplit
 * @param captions   captions_&lt;split&gt;2017.json of a split (its images, in ascending ID, are the rows)
 * @param instances  instances_&lt;split&gt;2017.json of a split (labels; the first split's categories are the taxonomy)
 * @param features   a split's feature directory (one file per stream)
 * @param streams    stream names and their files in a feature directory
 */
public record CocoImportConfig(Path root, List<String> splits, String testSplit, Path testImages, String captions,
                               String instances, String features, List<FeatureFile> streams) {
    public CocoImportConfig {
        require("splits", splits, splits != null && !splits.isEmpty(), "a non-empty list");
        require("test_split", testSplit, testImages != null || splits.contains(testSplit), "one of splits " + splits);
        require("streams", streams, streams != null && !streams.isEmpty(), "a non-empty list");
        require("streams", streams, streams.stream().map(FeatureFile::hdf5).distinct().count() == 1,
                "all HDF5 (.h5) or all .npy files");
    }

    public static CocoImportConfig defaults() {
        return Settings.defaults(CocoImportConfig.class, "sparc.data.coco", Map.of());
    }

    /** A copy with settings changed, as pairs of config key and value. */
    public CocoImportConfig with(Object... keyValues) {
        return Settings.with(this, keyValues);
    }
}
