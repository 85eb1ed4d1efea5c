package org.sparcj.experiments.run;

import java.nio.file.Path;
import org.sparcj.experiments.config.DataSettings;

/**
 * One value of {@code sparc.data.source}: where a run's labelled dataset (a feature store with
 * its labels beside it) comes from. The sources are bound by that value in the wiring's
 * DataModule; {@link DataSources} picks one per run.
 */
public interface DataSource {
    /** The dataset directory these settings name; a generating source builds and caches it first. */
    Path directory(DataSettings settings);

    /**
     * Checks the settings before any work starts (e.g. that an import's input files exist); a problem
     * is a {@link org.sparcj.experiments.config.ConfigError} in one line.
     */
    default void check(DataSettings settings) {
    }

    /** What the data is, for messages, e.g. "synthetic benchmark". */
    String kind();
}
