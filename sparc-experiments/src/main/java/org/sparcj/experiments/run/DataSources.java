package org.sparcj.experiments.run;

import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.sparcj.data.DatasetSplit;
import org.sparcj.data.ShuffledStreams;
import org.sparcj.data.ingest.LabelledImport;
import org.sparcj.data.store.LabelledDataset;
import org.sparcj.data.store.StoreValidation;
import org.sparcj.experiments.config.ConfigError;
import org.sparcj.experiments.config.DataSettings;
import org.sparcj.experiments.config.ExperimentConfig;

/** The data sources by their {@code sparc.data.source} value; opens a run's data and splits it. */
public final class DataSources {
    public static final String KEY = "sparc.data.source";

    private final Map<String, DataSource> sources;

    @Inject
    public DataSources(Map<String, DataSource> sources) {
        this.sources = new TreeMap<>(sources);
    }

    /**
     * The source the config names, its settings checked; an unknown name is a config error naming
     * the key, the value, where it was set and the known sources, so it fails before any work.
     */
    public DataSource require(ExperimentConfig cfg) {
        String name = name(cfg.data());
        DataSource s = sources.get(name);
        if (s == null) {
            String where = cfg.resolved().hasPath(KEY) ? cfg.resolved().getValue(KEY).origin().description() : "default";
            throw new ConfigError(KEY + " = " + name + " (" + where + "): unknown data source; known: "
                    + String.join(", ", sources.keySet()));
        }
        s.check(cfg.data());
        return s;
    }

    /**
     * Validates the config's data once per content (NaN/Inf, shapes, dtype, row counts, unique IDs;
     * the verdict is stamped under {@code <cache_dir>/validated}), so bad data fails before any run
     * is created, naming the file, row and sample ID. Returns the data's directory.
     */
    public Path check(ExperimentConfig cfg) {
        return validated(require(cfg), cfg);
    }

    private static Path validated(DataSource source, ExperimentConfig cfg) {
        Path dir = source.directory(cfg.data());
        StoreValidation.validateOnce(dir, cfg.data().cacheDir().resolve("validated"));
        return dir;
    }

    /**
     * Opens the config's dataset (checked as by {@link #check}) and splits it by sample ID (or, when
     * the dataset names its test images, into that test part and the rest); fails when the split
     * leaves no training or no test rows.
     */
    public RunData open(ExperimentConfig cfg) {
        DataSource source = require(cfg);
        DataSettings settings = cfg.data();
        Path dir = validated(source, cfg);
        String description = source.kind() + " " + dir;
        LabelledDataset ds = LabelledDataset.open(dir);
        try {
            DataSettings.Split s = settings.split();
            // An imported dataset fixes its test part (e.g. COCO val2017); validation is then drawn from the rest.
            Set<String> testImages = LabelledImport.readTestImages(dir);
            DatasetSplit split = testImages != null
                    ? DatasetSplit.withTestSet(ds.features(), id -> testImages.contains(DatasetSplit.imageOf(id)),
                            s.validation(), s.seed())
                    : DatasetSplit.bySampleId(ds.features(), s.validation(), s.test(), s.seed());
            if (split.train().length == 0 || split.test().length == 0)
                throw new IllegalArgumentException(description + ": the split leaves no training or no test rows ("
                        + ds.features().size() + " samples)");
            if (settings.shuffleStreams())
                return new RunData(new ShuffledStreams(ds.features(), s.seed()), ds.labels(), split,
                        description + " (streams shuffled)");
            return new RunData(ds.features(), ds.labels(), split, description);
        } catch (RuntimeException e) {
            ds.close();
            throw e;
        }
    }

    // The lower-case config value, whether DataSettings keeps it as a String or as an enum.
    private static String name(DataSettings settings) {
        return settings.source();
    }
}
