package org.sparcj.experiments.cli;

import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.sparcj.data.DataFileException;
import org.sparcj.data.coco.CocoImport;
import org.sparcj.data.ingest.ImportProgress;
import org.sparcj.data.ingest.ImportReport;
import org.sparcj.data.openimages.OpenImagesImport;
import org.sparcj.data.store.FeatureStore;
import org.sparcj.experiments.config.ConfigLoader;
import org.sparcj.experiments.config.DataSettings;
import org.sparcj.experiments.config.ExperimentConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Imports the official SPARC code's features of Open Images or MS-COCO, with their labels, into a feature store. */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = {"Import Open Images or MS-COCO features and labels into a feature store.",
                "Reads the official SPARC code's HDF5 feature files (rows paired with images by rebuilding its",
                "row order) or .npy files with sample_ids.txt; writes features, taxonomy, labels and captions.",
                "DATASET: openimages or coco. Settings: sparc.data.openimages / sparc.data.coco (see docs/CLI.md);",
                "a key=value without 'data.' is under the dataset's block, e.g. root=/data/oi.",
                "Train on the result with data.source=store data.store.path=OUT, or let runs import it",
                "themselves with data.source=openimages|coco (conf/experiments/paper-openimages.conf)."})
public final class ImportCommand implements Callable<Integer> {
    private static final List<String> DATASETS = List.of("openimages", "coco");

    private final ConfigLoader loader;

    @Parameters(index = "0", paramLabel = "DATASET", description = "dataset to import: openimages or coco")
    String dataset;

    @Parameters(index = "1..*", paramLabel = "key=value", arity = "0..*",
            description = "settings, e.g. root=/data/oi splits=[train,test] (under sparc.data.DATASET unless they start with data.)")
    List<String> overrides = new ArrayList<>();

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "experiment file whose sparc.data block is used")
    Path config;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "output feature-store directory (must not exist)")
    Path out;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Inject
    ImportCommand(ConfigLoader loader) {
        this.loader = loader;
    }

    @Override
    public Integer call() {
        var stdout = spec.commandLine().getOut();
        var err = spec.commandLine().getErr();
        if (!DATASETS.contains(dataset)) {
            err.println("import: unknown dataset '" + dataset + "' (known: " + String.join(", ", DATASETS) + ")");
            return SparcCli.USAGE;
        }
        if (Files.exists(out)) {
            err.println("import: output " + out + " already exists; choose another --out or delete it");
            return SparcCli.USAGE;
        }
        List<String> qualified = new ArrayList<>();
        for (String o : overrides)
            qualified.add(o.startsWith("data.") || o.startsWith("sparc.") ? o : "data." + dataset + "." + o);
        DataSettings data = ExperimentConfig.of(loader.load(config, qualified)).data();
        Path tmp = out.toAbsolutePath().resolveSibling("." + out.getFileName() + ".tmp-" + ProcessHandle.current().pid());
        long started = System.nanoTime();
        ImportReport report;
        Bars bars = new Bars();
        try (bars) {
            report = dataset.equals("coco") ? CocoImport.run(data.coco(), tmp, bars)
                    : OpenImagesImport.run(data.openimages(), tmp, bars);
        } catch (DataFileException e) {
            deleteQuietly(tmp);
            err.println("error: " + e.getMessage());
            return SparcCli.USAGE;
        } catch (RuntimeException e) {
            deleteQuietly(tmp);
            throw e;
        }
        try {
            Files.move(tmp, out, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            err.println("error: cannot move the finished import " + tmp + " to " + out + ": " + e.getMessage());
            return SparcCli.RUN_FAILED;
        }
        stdout.printf("wrote %s in %.1f s%n%s%n%s", out, (System.nanoTime() - started) / 1e9, report, bars.times());
        stdout.println("train on it: bin/sparc train data.source=store data.store.path=" + out);
        stdout.flush();
        return SparcCli.OK;
    }

    /** Removes a failed import's partial output (it never opens: its manifest is not complete). */
    private static void deleteQuietly(Path dir) {
        try {
            FeatureStore.delete(dir);
        } catch (IOException ignored) {
            // what is left is a hidden temporary directory that no store path points to
        }
    }

    /** One progress bar (with ETA) per import phase; remembers each phase's time and size for the summary. */
    private static final class Bars implements ImportProgress, AutoCloseable {
        private final StringBuilder times = new StringBuilder();
        private ProgressBar bar;
        private String name;
        private String unit;
        private long done;
        private long started;

        @Override
        public void phase(String name, String unit, long total) {
            close();
            this.name = name;
            this.unit = unit;
            this.done = 0;
            this.started = System.nanoTime();
            bar = new ProgressBarBuilder().setTaskName(name).setInitialMax(total).setUnit(unit, 1)
                    .setStyle(ProgressBarStyle.ASCII).build();
        }

        @Override
        public void step(long done) {
            this.done = done;
            if (bar != null) bar.stepTo(done);
        }

        /** One line per phase: name, seconds, and the rate when there was something to count. */
        String times() {
            return times.toString();
        }

        @Override
        public void close() {
            if (bar == null) return;
            bar.close();
            bar = null;
            double s = (System.nanoTime() - started) / 1e9;
            times.append(String.format("  %s: %.1f s", name, s));
            if (done > 0 && s > 0) times.append(String.format(" (%d%s, %.0f%s/s)", done, unit, done / s, unit));
            times.append('\n');
        }
    }
}
