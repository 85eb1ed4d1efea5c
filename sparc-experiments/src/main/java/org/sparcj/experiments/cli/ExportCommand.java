package org.sparcj.experiments.cli;

import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.sparcj.experiments.config.ConfigLoader;
import org.sparcj.experiments.config.ExperimentConfig;
import org.sparcj.experiments.export.ExportTensor;
import org.sparcj.experiments.export.ModelExport;
import org.sparcj.experiments.run.DataSources;
import org.sparcj.experiments.run.RunDirectory;
import org.sparcj.experiments.tracking.RunTags;
import org.sparcj.model.SparcModel;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Writes a run's trained parameters to a safetensors or .npz file (docs/EXPORT.md). */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Export a run's trained model: every parameter with its shape and dtype, under the names of",
                "docs/EXPORT.md, with the resolved settings and provenance as metadata.",
                "--official-names writes the official PyTorch model's state_dict instead (strict load_state_dict)."})
public final class ExportCommand implements Callable<Integer> {
    private final ConfigLoader loader;
    private final DataSources dataSources;

    @Parameters(index = "0", paramLabel = "RUN", description = "a run or grid-cell directory (holds config.conf and checkpoint/)")
    Path runDir;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "safetensors",
            description = "safetensors or npz (default: ${DEFAULT-VALUE})")
    String format;

    @Option(names = "--out", paramLabel = "FILE",
            description = "output file (default: RUN/export/model.<format>, model-official.<format> with --official-names)")
    Path out;

    @Option(names = "--official-names", description = "the official model's state_dict names and layouts")
    boolean officialNames;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Inject
    ExportCommand(ConfigLoader loader, DataSources dataSources) {
        this.loader = loader;
        this.dataSources = dataSources;
    }

    @Override
    public Integer call() {
        ModelExport.Format f = ModelExport.format(format);
        RunDirectory rd = new RunDirectory(runDir);
        ExperimentConfig cfg = RunInputs.config(loader, rd);
        ModelExport.Names names = officialNames ? ModelExport.Names.OFFICIAL : ModelExport.Names.SPARC_J;
        Path file = out != null ? out
                : runDir.resolve("export").resolve((officialNames ? "model-official." : "model.") + f.extension());
        try (SparcModel model = SparcModel.loadForInference(rd.checkpoint(), null)) {
            var tensors = ModelExport.tensors(model.parameters(), names);
            var provenance = new ModelExport.Provenance(cfg.renderJson(), cfg.hash(), RunTags.gitCommit(),
                    rd.runId().orElse(""), dataSources.require(cfg).kind() + " (sparc.data.source = " + cfg.data().source() + ")",
                    model.step());
            ModelExport.write(file, f, tensors, ModelExport.metadata(model.config(), names, provenance));
            var o = spec.commandLine().getOut();
            long bytes = tensors.stream().mapToLong(ExportTensor::byteSize).sum();
            o.printf("wrote %s: %d arrays, %.1f MB%n", file, tensors.size(), bytes / 1e6);
            o.flush();
        }
        return SparcCli.OK;
    }
}
