package org.sparcj.experiments.config;

import com.typesafe.config.Config;
import java.nio.file.Path;
import org.sparcj.data.wordnet.WordNetBenchmarkConfig;

/**
 * The WordNet noun benchmark's settings ({@code sparc.data.wordnet}): the one place that maps them
 * onto sparc-data's {@link WordNetBenchmarkConfig}. Validated only when the source is wordnet (the
 * model names need the bundled ONNX models). {@link #hash()} keys the cache directory.
 */
public final class WordNetSettings {
    private final Config config;
    private final String hash;

    WordNetSettings(Config c) {
        this.config = c;
        this.hash = ConfigHash.of(c).substring(0, 16);
    }

    public WordNetBenchmarkConfig toBenchmarkConfig() {
        return new WordNetBenchmarkConfig(Path.of(config.getString("data_noun")), config.getInt("synsets"),
                config.getLong("seed"), config.getInt("min_depth"), config.getBoolean("distinct_names"),
                config.getString("name_model"), config.getString("gloss_a_model"), config.getString("gloss_b_model"),
                config.getInt("batch_size"));
    }

    /** First 16 hex digits of the settings' SHA-256. */
    public String hash() {
        return hash;
    }
}
