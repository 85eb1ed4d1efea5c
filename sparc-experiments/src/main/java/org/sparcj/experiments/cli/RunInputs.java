package org.sparcj.experiments.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.sparcj.data.DatasetSplit;
import org.sparcj.data.store.LabelledDataset;
import org.sparcj.experiments.config.ConfigLoader;
import org.sparcj.experiments.config.DataSettings;
import org.sparcj.experiments.config.ExperimentConfig;
import org.sparcj.experiments.run.DataSources;
import org.sparcj.experiments.run.RunData;
import org.sparcj.experiments.run.RunDirectory;

/** What export, encode and atlas read from a finished run: its config and checkpoint, and its data or another store. */
final class RunInputs {
    private RunInputs() {
    }

    /** The run's own config (config.conf); fails with a usage error when the directory has no checkpoint. */
    static ExperimentConfig config(ConfigLoader loader, RunDirectory rd) {
        if (!rd.hasCheckpoint()) throw new IllegalArgumentException("no checkpoint in " + rd.checkpoint() + " (is "
                + rd.path() + " a run or grid-cell directory?)");
        return ExperimentConfig.of(loader.load(rd.configHocon(), List.of()));
    }

    /**
     * The run's own data ({@code store} null), or the feature store in {@code store} (labels when it has them),
     * split by the run's split settings.
     */
    static RunData data(DataSources sources, ExperimentConfig cfg, Path store) {
        if (store == null) return sources.open(cfg);
        if (!Files.isDirectory(store)) throw new IllegalArgumentException("--data " + store + ": not a directory");
        LabelledDataset ds = LabelledDataset.open(store);
        DataSettings.Split s = cfg.data().split();
        return new RunData(ds.features(), ds.labels(),
                DatasetSplit.bySampleId(ds.features(), s.validation(), s.test(), s.seed()), "store " + store);
    }

    /** All rows of the data, or its test rows. */
    static long[] rows(RunData data, String split) {
        return switch (split) {
            case "all" -> java.util.stream.LongStream.range(0, data.dataset().size()).toArray();
            case "test" -> data.split().test();
            default -> throw new IllegalArgumentException("--split " + split + ": expected all or test");
        };
    }
}
