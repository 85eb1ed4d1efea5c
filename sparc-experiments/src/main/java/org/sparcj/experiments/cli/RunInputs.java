package org.sparcj.experiments.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.sparcj.data.DatasetSplit;
import org.sparcj.data.MultiStreamDataset;
import org.sparcj.data.RowSelection;
import org.sparcj.data.SampleLabels;
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

    /** What encode and atlas read: features, labels (null when none), a description, and the rows to read. */
    record Selected(MultiStreamDataset dataset, SampleLabels labels, String description, RowSelection rows)
            implements AutoCloseable {
        @Override
        public void close() {
            dataset.close();
        }
    }

    /**
     * The run's own data ({@code store} null) or the feature store in {@code store} (labels when it has them), and
     * its rows: {@code all}, or {@code test} by the run's split settings. A store read whole is not split at all, so
     * nothing held in memory grows with its size.
     */
    static Selected open(DataSources sources, ExperimentConfig cfg, Path store, String split) {
        if (!split.equals("all") && !split.equals("test"))
            throw new IllegalArgumentException("--split " + split + ": expected all or test");
        if (store == null) {
            RunData data = sources.open(cfg);
            RowSelection rows = split.equals("all") ? RowSelection.all(data.dataset().size())
                    : RowSelection.of(data.split().test());
            return new Selected(data.dataset(), data.labels(), data.description(), rows);
        }
        if (!Files.isDirectory(store)) throw new IllegalArgumentException("--data " + store + ": not a directory");
        LabelledDataset ds = LabelledDataset.open(store);
        try {
            RowSelection rows;
            if (split.equals("all")) rows = RowSelection.all(ds.features().size());
            else {
                DataSettings.Split s = cfg.data().split();
                rows = RowSelection.of(DatasetSplit.bySampleId(ds.features(), s.validation(), s.test(), s.seed()).test());
            }
            return new Selected(ds.features(), ds.labels(), "store " + store, rows);
        } catch (RuntimeException e) {
            ds.close();
            throw e;
        }
    }
}
