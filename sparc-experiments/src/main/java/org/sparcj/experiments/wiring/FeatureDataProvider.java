package org.sparcj.experiments.wiring;

import org.sparcj.experiments.config.DataSettings;
import org.sparcj.experiments.run.DataProvider;
import org.sparcj.experiments.run.RunData;

/** Opens a feature store, or generates the synthetic benchmark once into its cache directory. */
final class FeatureDataProvider implements DataProvider {
    @Override
    public RunData open(DataSettings settings) {
        // TODO(after merge): sparc-data's feature store reader and synthetic generator.
        throw new UnsupportedOperationException("sparc-data's store and synthetic generator are not merged yet");
    }
}
