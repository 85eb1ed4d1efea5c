package org.sparcj.experiments.cli;

import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.sparcj.experiments.atlas.Atlas;
import org.sparcj.experiments.atlas.AtlasSite;
import org.sparcj.experiments.config.ConfigLoader;
import org.sparcj.experiments.config.ExperimentConfig;
import org.sparcj.experiments.run.DataSources;
import org.sparcj.experiments.run.RunDirectory;
import org.sparcj.model.SparcModel;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Writes the latent atlas of a run: a static site that opens from file:// (README, Latent atlas). */
@Command(name = "atlas", mixinStandardHelpOptions = true,
        description = {"Write a run's latent atlas: a static site (open index.html; no server, no network) with an index",
                "of all latents, one page per latent (top samples per stream side by side), concepts and search.",
                "Beside the store, images.tsv and texts.tsv (sample ID <TAB> image path or text) add thumbnails and text."})
public final class AtlasCommand implements Callable<Integer> {
    private final ConfigLoader loader;
    private final DataSources dataSources;

    @Parameters(index = "0", paramLabel = "RUN", description = "a run or grid-cell directory (holds config.conf and checkpoint/)")
    Path runDir;

    @Option(names = "--out", paramLabel = "DIR", description = "output directory (default: RUN/atlas)")
    Path out;

    @Option(names = "--data", paramLabel = "STORE", description = "a feature store directory (default: the run's own data)")
    Path store;

    @Option(names = "--split", paramLabel = "SPLIT", defaultValue = "test",
            description = "analysis rows: test (as the evaluation) or all (default: ${DEFAULT-VALUE})")
    String split;

    @Option(names = "--top", paramLabel = "N", defaultValue = "12", description = "top samples per latent and stream (default: ${DEFAULT-VALUE})")
    int top;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Inject
    AtlasCommand(ConfigLoader loader, DataSources dataSources) {
        this.loader = loader;
        this.dataSources = dataSources;
    }

    @Override
    public Integer call() {
        RunDirectory rd = new RunDirectory(runDir);
        ExperimentConfig cfg = RunInputs.config(loader, rd);
        var options = new Atlas.Options(top, cfg.eval().conceptTopN(), cfg.eval().purityThreshold(), cfg.eval().batchSize());
        Path dir = out != null ? out : runDir.resolve("atlas");
        try (SparcModel model = SparcModel.loadForInference(rd.checkpoint(), null);
             RunInputs.Selected data = RunInputs.open(dataSources, cfg, store, split)) {
            long[] rows = data.rows().toArray();
            Path storeDir = store != null ? store : dataSources.require(cfg).directory(cfg.data());
            var header = new AtlasSite.Header(runDir.toAbsolutePath().normalize().getFileName().toString(),
                    model.config().topK().name(), model.k(), data.description());
            Atlas.Built built;
            try (ProgressBar bar = new ProgressBarBuilder().setTaskName("atlas").setInitialMax(rows.length)
                    .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(500).setMaxRenderedLength(120)
                    .setUnit(" rows", 1).showSpeed().build()) {
                built = Atlas.build(dir, model, model.parameters(), data.dataset(), rows, data.labels(), header, storeDir,
                        options, bar::stepTo);
            }
            var o = spec.commandLine().getOut();
            o.printf("wrote %s: %d files, %.1f MB in %.1f s%n", dir.resolve("index.html"), built.files(), built.bytes() / 1e6,
                    built.seconds());
            o.flush();
        }
        return SparcCli.OK;
    }
}
