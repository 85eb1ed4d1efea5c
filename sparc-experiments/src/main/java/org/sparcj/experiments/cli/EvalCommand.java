package org.sparcj.experiments.cli;

import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.sparcj.experiments.config.ConfigLoader;
import org.sparcj.experiments.config.ExperimentConfig;
import org.sparcj.eval.EvaluationReport;
import org.sparcj.experiments.run.DataSources;
import org.sparcj.experiments.run.RunData;
import org.sparcj.experiments.run.RunDirectory;
import org.sparcj.experiments.run.RunPipeline;
import org.sparcj.model.SparcModel;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Evaluates the checkpoint of a finished (or stopped) run again, e.g. with other eval settings. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = {"Evaluate a run's checkpoint on its test split with the run's own config.",
                "Overrides (e.g. eval.purity_threshold=0.5) apply on top of the run's config.conf."})
public final class EvalCommand implements Callable<Integer> {
    private final ConfigLoader loader;
    private final DataSources dataSources;

    @Parameters(index = "0", paramLabel = "RUN_DIR", description = "a run or grid-cell directory (holds config.conf and checkpoint/)")
    Path runDir;

    @Parameters(index = "1..*", paramLabel = "key=value", arity = "0..*", description = "overrides, e.g. eval.jaccard_top_n=100")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--out", paramLabel = "FILE", description = "report file (default: RUN_DIR/eval/report.json)")
    Path outFile;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Inject
    EvalCommand(ConfigLoader loader, DataSources dataSources) {
        this.loader = loader;
        this.dataSources = dataSources;
    }

    @Override
    public Integer call() throws Exception {
        var out = spec.commandLine().getOut();
        RunDirectory rd = new RunDirectory(runDir);
        if (!rd.hasCheckpoint()) throw new IllegalArgumentException("no checkpoint in " + rd.checkpoint());
        ExperimentConfig cfg = ExperimentConfig.of(loader.load(rd.configHocon(), overrides));
        try (RunData data = dataSources.open(cfg);
             SparcModel model = SparcModel.loadForInference(rd.checkpoint(), cfg.model(data.dataset().streams()))) {
            EvaluationReport report = RunPipeline.evaluate(model, data, cfg.eval());
            Path target = outFile != null ? outFile : runDir.resolve("eval").resolve("report.json");
            new RunDirectory(target.toAbsolutePath().getParent()).write(target.getFileName().toString(), report.toJson());
            out.println("report: " + target);
            Results.printMetrics(out, report.flatMetrics());
            out.flush();
            return SparcCli.OK;
        }
    }
}
