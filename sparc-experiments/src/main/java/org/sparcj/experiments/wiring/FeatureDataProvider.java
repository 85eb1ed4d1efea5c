package org.sparcj.experiments.wiring;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.sparcj.data.DatasetSplit;
import org.sparcj.data.LabelledDataset;
import org.sparcj.data.extract.ExtractionProgress;
import org.sparcj.data.synthetic.SyntheticBenchmark;
import org.sparcj.data.wordnet.WordNetBenchmark;
import org.sparcj.experiments.config.DataSettings;
import org.sparcj.experiments.run.DataProvider;
import org.sparcj.experiments.run.RunData;

/**
 * Opens a feature store, or a generated benchmark (synthetic, or WordNet embedded by bundled models):
 * built once per settings into {@code <cache_dir>/synthetic-<hash>} or {@code wordnet-<hash>} (written under a temporary name and renamed, so a crash
 * never leaves a half dataset under the real name) and reused afterwards.
 */
final class FeatureDataProvider implements DataProvider {
    private static final ConcurrentHashMap<Path, Object> LOCKS = new ConcurrentHashMap<>();

    @Override
    public RunData open(DataSettings settings) {
        Path dir;
        String description;
        if (settings.source().equals("store")) {
            dir = settings.store().path();
            description = "feature store " + dir;
        } else if (settings.source().equals("wordnet")) {
            dir = cached(settings.cacheDir().resolve("wordnet-" + DataSettings.cacheKey(settings.wordnet())),
                    tmp -> WordNetBenchmark.build(settings.wordnet(), tmp, ExtractionProgress.NONE));
            description = "WordNet noun benchmark " + dir;
        } else {
            dir = cached(settings.cacheDir().resolve("synthetic-" + DataSettings.cacheKey(settings.synthetic())),
                    tmp -> SyntheticBenchmark.generate(settings.synthetic(), tmp));
            description = "synthetic benchmark " + dir;
        }
        LabelledDataset ds = LabelledDataset.open(dir);
        try {
            DataSettings.Split s = settings.split();
            DatasetSplit split = DatasetSplit.bySampleId(ds.features(), s.validation(), s.test(), s.seed());
            if (split.train().length == 0 || split.test().length == 0)
                throw new IllegalArgumentException(description + ": the split leaves no training or no test rows ("
                        + ds.features().size() + " samples)");
            return new RunData(ds.features(), ds.labels(), new RunData.Split(split.train(), split.validation(), split.test()),
                    description);
        } catch (RuntimeException e) {
            ds.close();
            throw e;
        }
    }

    /** Builds a generated dataset once into {@code dir} (under a temporary name, then renamed) and reuses it. */
    private static Path cached(Path dir, java.util.function.Consumer<Path> build) {
        Path target = dir.toAbsolutePath();
        synchronized (LOCKS.computeIfAbsent(target, k -> new Object())) {
            if (Files.isDirectory(target)) return target;
            Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp-" + ProcessHandle.current().pid());
            try {
                deleteTree(tmp);
                Files.createDirectories(tmp);
                build.accept(tmp);
                try {
                    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException raced) {
                    if (!Files.isDirectory(target)) throw raced;   // another process finished first: use its copy
                    deleteTree(tmp);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot build the dataset " + target, e);
            }
            return target;
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) Files.delete(p);
        }
    }
}
