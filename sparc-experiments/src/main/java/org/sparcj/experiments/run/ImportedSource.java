package org.sparcj.experiments.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import com.typesafe.config.ConfigValueFactory;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.sparcj.experiments.config.ConfigError;
import org.sparcj.experiments.config.ConfigHash;
import org.sparcj.experiments.config.DataSettings;

/**
 * The cache directory of an imported dataset: {@code <cache_dir>/<name>-<key>}, the key hashing the
 * import's settings and the size and modification time of every input file, so a changed setting
 * or a replaced file never reuses a stale import. Built once (see {@link DatasetCache}).
 */
final class ImportedSource {
    private ImportedSource() {
    }

    /** Fails in one line when an input file is missing or the root is not set. */
    static void check(String key, Supplier<List<Path>> inputs) {
        List<Path> files;
        try {
            files = inputs.get();
        } catch (IllegalArgumentException e) {
            throw new ConfigError(e.getMessage(), e);
        }
        for (Path p : files)
            if (!Files.exists(p)) throw new ConfigError(key + ": input file " + p + " not found");
    }

    static Path cached(DataSettings settings, String name, Record importSettings, List<Path> inputs,
                       Consumer<Path> build) {
        StringBuilder b = new StringBuilder(DataSettings.cacheKey(importSettings));
        for (Path p : inputs) {
            b.append('\n').append(p.toAbsolutePath());
            try {
                b.append('|').append(Files.size(p)).append('|').append(Files.getLastModifiedTime(p).toMillis());
            } catch (IOException missing) {
                b.append("|missing");   // the import itself names the missing file
            }
        }
        String key = ConfigHash.of(ConfigValueFactory.fromMap(Map.of("import", b.toString())).toConfig()).substring(0, 16);
        return DatasetCache.cached(settings.cacheDir().resolve(name + "-" + key), build);
    }
}
