package org.sparcj.experiments.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Uploads runs recorded in the local store (while MLflow was unreachable) to the MLflow server. */
@Command(name = "sync", mixinStandardHelpOptions = true,
        description = "Upload runs kept in the local store to the MLflow server.")
public final class SyncCommand implements Callable<Integer> {
    @CommandLine.Unmatched
    List<String> args;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        return NotYetWired.report(spec.commandLine().getErr(), "sync", "org.sparcj.experiments.tracking sync");
    }
}
