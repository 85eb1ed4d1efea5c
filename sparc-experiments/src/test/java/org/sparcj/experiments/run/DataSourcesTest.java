package org.sparcj.experiments.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.inject.Guice;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparcj.experiments.config.ConfigError;
import org.sparcj.experiments.config.ConfigLoader;
import org.sparcj.experiments.config.DataSettings;
import org.sparcj.experiments.config.ExperimentConfig;
import org.sparcj.experiments.testing.TinyData;
import org.sparcj.experiments.wiring.DataModule;

class DataSourcesTest {
    @TempDir
    Path dir;

    private ExperimentConfig config(String... overrides) throws IOException {
        Path f = dir.resolve("d.conf");
        Files.writeString(f, "sparc {\n" + TinyData.settings(dir) + "\n}\n");
        return ExperimentConfig.of(new ConfigLoader().load(f, List.of(overrides)));
    }

    // The generated datasets; beside them, validated/ holds the stamps of data checked once, and hidden
    // entries are build locks and temporaries.
    private static List<Path> cached(Path cache) throws IOException {
        try (Stream<Path> s = Files.list(cache)) {
            return s.filter(p -> !p.getFileName().toString().equals("validated")
                    && !p.getFileName().toString().startsWith(".")).sorted().toList();
        }
    }

    @Test
    void syntheticDataIsGeneratedOnceAndReusedPerGeneratorConfig() throws IOException {
        DataSources provider = Guice.createInjector(new DataModule()).getInstance(DataSources.class);
        ExperimentConfig cfg = config();
        long[] test;
        try (RunData d = provider.open(cfg)) {
            assertEquals(192, d.dataset().size());
            assertEquals(List.of("a", "b"), d.dataset().streams().stream().map(s -> s.name()).toList());
            assertNotNull(d.labels(), "the synthetic benchmark has labels");
            assertEquals(192, d.split().train().length + d.split().validation().length + d.split().test().length);
            assertTrue(d.split().test().length > 0 && d.split().train().length > d.split().test().length);
            test = d.split().test();
        }
        Path cache = dir.resolve("data");
        List<Path> first = cached(cache);
        assertEquals(1, first.size(), first.toString());
        assertTrue(first.get(0).getFileName().toString().startsWith("synthetic-" + DataSettings.cacheKey(cfg.data().synthetic())));
        long written = Files.getLastModifiedTime(first.get(0)).toMillis();
        // A model setting does not change the data: same cache entry, same split.
        try (RunData again = provider.open(config("model.k=3"))) {
            assertArrayEquals(test, again.split().test());
        }
        assertEquals(first, cached(cache));
        assertEquals(written, Files.getLastModifiedTime(first.get(0)).toMillis());
        // A generator setting does.
        ExperimentConfig other = config("data.synthetic.seed=5");
        assertNotEquals(DataSettings.cacheKey(cfg.data().synthetic()), DataSettings.cacheKey(other.data().synthetic()));
        try (RunData d = provider.open(other)) {
            assertEquals(192, d.dataset().size());
        }
        assertEquals(2, cached(cache).size());
    }

    @Test
    void aMissingStoreIsAnErrorNamingThePath() throws IOException {
        DataSources provider = Guice.createInjector(new DataModule()).getInstance(DataSources.class);
        Path missing = dir.resolve("no-such-store");
        RuntimeException e = assertThrows(RuntimeException.class,
                () -> provider.open(config("data.source=store", "data.store.path=" + missing)));
        assertTrue(String.valueOf(e.getMessage()).contains("no-such-store"), e.getMessage());
    }

    @Test
    void aSourceNoneIsBoundToFailsInOneLineNamingKeyValueOriginAndTheKnownSources() throws IOException {
        DataSources onlySynthetic = new DataSources(Map.of("synthetic", new SyntheticSource(), "wordnet", new WordNetSource()));
        ExperimentConfig cfg = config("data.source=store", "data.store.path=" + dir.resolve("s"));
        ConfigError e = assertThrows(ConfigError.class, () -> onlySynthetic.require(cfg));
        String m = e.getMessage();
        assertTrue(m.startsWith("sparc.data.source = store ("), m);
        assertTrue(m.endsWith("known: synthetic, wordnet"), m);
        assertFalse(m.contains("\n"), m);
        assertTrue(m.length() > "sparc.data.source = store (): unknown data source; known: synthetic, wordnet".length(),
                "names where the value was set: " + m);
        assertEquals(List.of(), cached(Files.createDirectories(dir.resolve("data"))), "nothing was generated");
    }
}
