package org.sparcj.experiments.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.sparcj.data.extract.TextEmbedders;
import org.sparcj.data.wordnet.WordNetBenchmark;
import org.sparcj.data.wordnet.WordNetBenchmarkConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Embeds texts with real pretrained models bundled in Maven Central jars into a labelled feature store. */
@Command(name = "extract", mixinStandardHelpOptions = true,
        description = {"Embed texts with bundled real models into a feature store.",
                "The models run as ONNX in the JVM; nothing is downloaded.",
                "DATASET: wordnet — WordNet noun synsets (Debian's wordnet-base, scripts/setup-wordnet.sh):",
                "streams name (lemma names), gloss_a and gloss_b (the definition by two other models);",
                "labels: the hypernym path. Train on it with data.source=store data.store.path=OUT,",
                "or let runs build it themselves with data.source=wordnet (conf/experiments/wordnet.conf)."})
public final class ExtractCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DATASET", description = "dataset to extract: wordnet")
    String dataset;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "output feature-store directory (must not exist)")
    Path out;

    @Option(names = "--synsets", defaultValue = "2000", description = "synsets to draw (default ${DEFAULT-VALUE})")
    int synsets;

    @Option(names = "--seed", defaultValue = "0", description = "seed of the draw (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--min-depth", defaultValue = "4", description = "only synsets at least this deep below entity (default ${DEFAULT-VALUE})")
    int minDepth;

    @Option(names = "--name-model", defaultValue = "minilm", description = "model of stream name (default ${DEFAULT-VALUE})")
    String nameModel;

    @Option(names = "--gloss-a-model", defaultValue = "bge", description = "model of stream gloss_a (default ${DEFAULT-VALUE})")
    String glossA;

    @Option(names = "--gloss-b-model", defaultValue = "e5", description = "model of stream gloss_b (default ${DEFAULT-VALUE})")
    String glossB;

    @Option(names = "--batch", defaultValue = "64", description = "texts per embedding call (default ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--data-noun", defaultValue = "/usr/share/wordnet/data.noun", description = "WordNet's data.noun (default ${DEFAULT-VALUE})")
    Path dataNoun;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        var err = spec.commandLine().getErr();
        if (!"wordnet".equals(dataset)) {
            err.println("extract: unknown dataset '" + dataset + "' (known: wordnet)");
            return SparcCli.USAGE;
        }
        if (!Files.isRegularFile(dataNoun)) {
            err.println("extract: WordNet data file " + dataNoun + " not found (install it with scripts/setup-wordnet.sh)");
            return SparcCli.USAGE;
        }
        if (Files.exists(this.out)) {
            err.println("extract: output " + this.out + " already exists; choose another --out or delete it");
            return SparcCli.USAGE;
        }
        WordNetBenchmarkConfig cfg;
        try {
            cfg = new WordNetBenchmarkConfig(dataNoun, synsets, seed, minDepth, true, nameModel, glossA, glossB, batch);
        } catch (IllegalArgumentException e) {
            err.println("extract: " + e.getMessage());
            return SparcCli.USAGE;
        }
        out.println("extract wordnet: " + synsets + " synsets, name=" + TextEmbedders.describe(nameModel)
                + ", gloss_a=" + TextEmbedders.describe(glossA) + ", gloss_b=" + TextEmbedders.describe(glossB));
        long started = System.nanoTime();
        try (ProgressBar bar = new ProgressBarBuilder().setTaskName("embedding").setInitialMax(1)
                .setStyle(ProgressBarStyle.ASCII).setUnit(" texts", 1).build()) {
            WordNetBenchmark.Selection sel = WordNetBenchmark.build(cfg, this.out, (done, total) -> {
                bar.maxHint(total);
                bar.stepTo(done);
            });
            bar.close();
            out.printf("wrote %s: %d samples, 3 streams, taxonomy of %d nodes (depth %d) in %.1f s%n", this.out,
                    sel.synsets().size(), sel.taxonomy().size(), sel.taxonomy().maxDepth(), (System.nanoTime() - started) / 1e9);
        }
        out.flush();
        return SparcCli.OK;
    }
}
