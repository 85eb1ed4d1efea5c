package org.sparcj.experiments.run;

import java.nio.file.Path;
import org.sparcj.data.synthetic.SyntheticBenchmark;
import org.sparcj.experiments.config.DataSettings;

/** {@code synthetic}: the synthetic benchmark, generated once per generator settings into {@code <cache_dir>/synthetic-<hash>}. */
public final class SyntheticSource implements DataSource {
    @Override
    public Path directory(DataSettings settings) {
        return DatasetCache.cached(settings.cacheDir().resolve("synthetic-" + DataSettings.cacheKey(settings.synthetic())),
                tmp -> SyntheticBenchmark.generate(settings.synthetic(), tmp));
    }

    @Override
    public String kind() {
        return "synthetic benchmark";
    }
}
