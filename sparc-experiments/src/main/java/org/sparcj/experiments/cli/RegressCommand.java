package org.sparcj.experiments.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Placeholder: NOT YET WIRED to org.sparcj.experiments.regress. */
@Command(name = "regress", mixinStandardHelpOptions = true,
        description = "Paper-claim regression against stored baselines (not yet wired).")
public final class RegressCommand implements Callable<Integer> {
    @CommandLine.Unmatched
    List<String> args;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        return NotYetWired.report(spec.commandLine().getErr(), "regress", "package org.sparcj.experiments.regress");
    }
}
