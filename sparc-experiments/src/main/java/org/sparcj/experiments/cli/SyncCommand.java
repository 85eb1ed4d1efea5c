package org.sparcj.experiments.cli;

import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.sparcj.experiments.config.ConfigLoader;
import org.sparcj.experiments.config.ExperimentConfig;
import org.sparcj.experiments.tracking.MlflowCredentials;
import org.sparcj.experiments.tracking.SyncService;
import org.sparcj.experiments.wiring.Trackers;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Uploads runs recorded in the local store (while MLflow was unreachable) to the MLflow server. */
@Command(name = "sync", mixinStandardHelpOptions = true,
        description = {"Upload runs kept in the local store to the MLflow server.",
                "From sparc.tracking.local_store to sparc.tracking.uri (else MLFLOW_TRACKING_URI).",
                "Safe to repeat: nothing is sent twice."})
public final class SyncCommand implements Callable<Integer> {
    private final ConfigLoader loader;
    private final Trackers trackers;

    @Parameters(paramLabel = "key=value", arity = "0..*", description = "overrides, e.g. tracking.uri=http://127.0.0.1:5000")
    List<String> overrides = new ArrayList<>();

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "experiment file whose tracking settings to use")
    Path config;

    @Option(names = "--all", description = "also upload runs recorded while no server was configured")
    boolean all;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Inject
    SyncCommand(ConfigLoader loader, Trackers trackers) {
        this.loader = loader;
        this.trackers = trackers;
    }

    @Override
    public Integer call() {
        ExperimentConfig cfg = ExperimentConfig.of(loader.load(config, overrides));
        String uri = trackers.mlflowUri(cfg.tracking());
        if (uri.isBlank()) throw new IllegalArgumentException("no MLflow server: set tracking.uri=... or MLFLOW_TRACKING_URI");
        SyncService.SyncReport r = SyncService.sync(cfg.tracking().localStore(), uri, trackers.credentials(uri), all);
        var out = spec.commandLine().getOut();
        out.printf("synced %d runs to %s: %d metrics, %d params, %d artifacts%n", r.runsSynced(), MlflowCredentials.withoutUserInfo(uri),
                r.metricsUploaded(), r.paramsUploaded(), r.artifactsUploaded());
        r.failures().forEach(f -> spec.commandLine().getErr().println("failed: " + f));
        out.flush();
        return r.failures().isEmpty() ? SparcCli.OK : SparcCli.RUN_FAILED;
    }
}
