package org.sparcj.experiments.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import jakarta.inject.Inject;
import org.sparcj.experiments.config.ConfigLoader;
import org.sparcj.experiments.config.ExperimentConfig;
import org.sparcj.experiments.grid.GridSpec;
import org.sparcj.experiments.run.DataSources;
import org.sparcj.experiments.run.RunDirectory;
import org.sparcj.experiments.run.RunLock;
import org.sparcj.experiments.run.RunPipeline;
import org.sparcj.experiments.run.StopSignal;
import org.sparcj.experiments.tracking.RunStatus;
import org.sparcj.experiments.tracking.Tracker;
import org.sparcj.experiments.wiring.Trackers;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Trains and evaluates one experiment. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Train one SPARC model and evaluate it on the test split.",
                "Settings: reference.conf defaults < the experiment file < key=value overrides.",
                "Output: <sparc.run.output_dir>/<name>/ (config, status, report.json, checkpoint/).",
                "An unfinished run of the same config resumes from its checkpoint, in the same tracker run;",
                "Ctrl-C or SIGTERM stops with a checkpoint. One process at a time per run directory.",
                "Exit 0: FINISHED; 1: the run FAILED; 2: an error before any work (config, data, tracker, lock);",
                "130: stopped."})
public final class TrainCommand implements Callable<Integer> {
    private final ConfigLoader loader;
    private final DataSources dataSources;
    private final Trackers trackers;
    private final RunPipeline pipeline;
    private final StopSignal stop;

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "experiment file (HOCON), e.g. conf/experiments/quickstart.conf")
    Path config;

    @Option(names = "--name", paramLabel = "NAME", description = "run name (default: sparc.run.name, else the experiment "
            + "file's base name, else the data source and the config hash, e.g. synthetic-1a2b3c4d)")
    String name;

    @Option(names = "--metrics", split = ",", paramLabel = "NAME",
            description = "metrics printed at the end (default: the headline metrics; all: every metric; all are tracked)")
    List<String> metrics = new ArrayList<>();

    @Parameters(paramLabel = "key=value", arity = "0..*",
            description = "config overrides, e.g. model.k=16 model.topk=LOCAL (the leading 'sparc.' is optional)")
    List<String> overrides = new ArrayList<>();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Inject
    TrainCommand(ConfigLoader loader, DataSources dataSources, Trackers trackers, RunPipeline pipeline, StopSignal stop) {
        this.loader = loader;
        this.dataSources = dataSources;
        this.trackers = trackers;
        this.pipeline = pipeline;
        this.stop = stop;
    }

    @Override
    public Integer call() {
        ExperimentConfig cfg = ExperimentConfig.of(loader.load(config, overrides));
        dataSources.require(cfg);
        // No experiment file: the data source and the config hash, so the same command resumes the same run
        // and a changed config gets a run of its own.
        String runName = GridSpec.sanitize(name != null ? name : !cfg.run().name().isBlank() ? cfg.run().name()
                : config != null ? config.getFileName().toString().replaceFirst("\\.conf$", "")
                : cfg.data().source() + "-" + cfg.hash().substring(0, 8));
        Path dir = cfg.run().outputDir().resolve(runName);
        dataSources.check(cfg);
        try (RunLock lock = RunLock.tryAcquire(dir).orElseThrow(() -> RunLock.busy(dir))) {
            return train(cfg, runName, dir);
        }
    }

    private int train(ExperimentConfig cfg, String runName, Path dir) {
        var out = spec.commandLine().getOut();
        var err = spec.commandLine().getErr();
        RunDirectory rd = new RunDirectory(dir);
        boolean sameConfig = rd.configHash().map(cfg.hash()::equals).orElse(false);
        if (rd.status().isPresent() && !sameConfig) {
            err.println("error: " + dir + " holds a run of a different config; choose another --name");
            return SparcCli.USAGE;
        }
        if (rd.status().orElse(null) == RunStatus.FINISHED) {
            out.println("already FINISHED: " + dir + " (choose another --name to train again)");
            return SparcCli.OK;
        }
        try (Tracker tracker = trackers.open(cfg.tracking()); CtrlC ignored = new CtrlC(stop)) {
            Optional<String> heldBy = RunPipeline.heldElsewhere(tracker, cfg.tracking().experiment(), dir);
            if (heldBy.isPresent())
                throw new IllegalArgumentException(dir + " belongs to a run held by " + heldBy.get() + "; choose another --name");
            out.println("run " + runName + " -> " + dir + " (tracker: " + tracker.describe() + ")");
            out.flush();
            RunPipeline.Outcome o = pipeline.execute(new RunPipeline.Request(cfg,
                    runName, dir, tracker, null, Map.of(), Map.of(), cfg.run().progress()));
            out.println("status " + o.status() + (o.error() == null ? "" : ": " + o.error()));
            List<String> shown = Results.chooseMetrics(o.metrics().keySet(), metrics);
            Results.printMetrics(out, o.metrics().entrySet().stream().filter(e -> shown.contains(e.getKey()))
                    .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
            out.println("all metrics: " + dir.resolve("result.json"));
            out.flush();
            return switch (o.status()) {
                case FINISHED -> SparcCli.OK;
                case KILLED -> SparcCli.KILLED;
                default -> SparcCli.RUN_FAILED;
            };
        }
    }
}
