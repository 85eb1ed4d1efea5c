package org.sparcj.experiments.run;

import java.nio.file.Path;
import org.sparcj.data.extract.ExtractionProgress;
import org.sparcj.data.wordnet.WordNetBenchmark;
import org.sparcj.experiments.config.DataSettings;

/**
 * {@code wordnet}: the WordNet noun benchmark embedded by bundled text models, built once per
 * settings into {@code <cache_dir>/wordnet-<hash>}.
 */
public final class WordNetSource implements DataSource {
    @Override
    public Path directory(DataSettings settings) {
        return DatasetCache.cached(settings.cacheDir().resolve("wordnet-" + DataSettings.cacheKey(settings.wordnet())),
                tmp -> WordNetBenchmark.build(settings.wordnet(), tmp, ExtractionProgress.NONE));
    }

    @Override
    public String kind() {
        return "WordNet noun benchmark";
    }
}
