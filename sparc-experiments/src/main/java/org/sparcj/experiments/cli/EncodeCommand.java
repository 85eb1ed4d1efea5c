package org.sparcj.experiments.cli;

import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.sparcj.experiments.config.ConfigLoader;
import org.sparcj.experiments.config.ExperimentConfig;
import org.sparcj.experiments.export.CodeExport;
import org.sparcj.experiments.run.DataSources;
import org.sparcj.experiments.run.RunDirectory;
import org.sparcj.model.SparcModel;
import org.sparcj.model.TopKMode;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Writes the latent codes of a feature store under a run's model (docs/EXPORT.md, Latent codes). */
@Command(name = "encode", mixinStandardHelpOptions = true,
        description = {"Encode a feature store with a run's model into sparse .npy pairs per stream:",
                "<stream>.indices.npy (int32, N x k) and <stream>.values.npy (float32, N x k), sample_ids.txt",
                "(row order) and codes.json. Rows stream through in batches: memory does not grow with N."})
public final class EncodeCommand implements Callable<Integer> {
    private final ConfigLoader loader;
    private final DataSources dataSources;

    @Parameters(index = "0", paramLabel = "RUN", description = "a run or grid-cell directory (holds config.conf and checkpoint/)")
    Path runDir;

    @Option(names = "--data", paramLabel = "STORE", description = "a feature store directory (default: the run's own data)")
    Path store;

    @Option(names = "--split", paramLabel = "SPLIT", defaultValue = "all",
            description = "all rows or the test rows of the run's split (default: ${DEFAULT-VALUE})")
    String split;

    @Option(names = "--mode", paramLabel = "MODE",
            description = "local (each stream its own top k, as retrieval uses) or global (shared top k; Global models); "
                    + "default: the model's own selection")
    String mode;

    @Option(names = "--batch", paramLabel = "ROWS", defaultValue = "1024", description = "rows per batch (default: ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "output directory")
    Path out;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Inject
    EncodeCommand(ConfigLoader loader, DataSources dataSources) {
        this.loader = loader;
        this.dataSources = dataSources;
    }

    @Override
    public Integer call() {
        if (batch <= 0) throw new IllegalArgumentException("--batch " + batch + ": must be > 0");
        RunDirectory rd = new RunDirectory(runDir);
        ExperimentConfig cfg = RunInputs.config(loader, rd);
        try (SparcModel model = SparcModel.loadForInference(rd.checkpoint(), null);
             RunInputs.Selected data = RunInputs.open(dataSources, cfg, store, split)) {
            long rows = data.rows().size();
            TopKMode trained = model.config().topK();
            CodeExport.Selection selection = mode == null ? CodeExport.Selection.valueOf(trained.name()) : selection(mode);
            var o = spec.commandLine().getOut();
            o.println("encoding " + rows + " rows of " + data.description() + " (" + selection.name().toLowerCase(Locale.ROOT)
                    + " selection) -> " + out);
            o.flush();
            try (ProgressBar bar = new ProgressBarBuilder().setTaskName("encode").setInitialMax(rows)
                    .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(500).setMaxRenderedLength(120)
                    .setUnit(" rows", 1).showSpeed().build()) {
                CodeExport.write(model, trained, data.dataset(), data.rows(), selection, out, batch, data.description(), bar::stepTo);
            }
            o.println("wrote " + out.resolve(CodeExport.SUMMARY));
            o.flush();
        }
        return SparcCli.OK;
    }

    private static CodeExport.Selection selection(String mode) {
        return switch (mode.toLowerCase(Locale.ROOT)) {
            case "local" -> CodeExport.Selection.LOCAL;
            case "global" -> CodeExport.Selection.GLOBAL;
            default -> throw new IllegalArgumentException("--mode " + mode + ": expected local or global");
        };
    }
}
