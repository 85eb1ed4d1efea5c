package org.sparcj.experiments.run;

import java.nio.file.Path;
import org.sparcj.experiments.config.DataSettings;

/** {@code store}: an existing feature store at {@code sparc.data.store.path}. */
public final class StoreSource implements DataSource {
    @Override
    public Path directory(DataSettings settings) {
        if (settings.store().path() == null)
            throw new IllegalArgumentException("sparc.data.store.path must be set when sparc.data.source = store");
        return settings.store().path();
    }

    @Override
    public String kind() {
        return "feature store";
    }
}
