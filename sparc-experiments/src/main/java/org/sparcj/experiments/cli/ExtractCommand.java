package org.sparcj.experiments.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Placeholder: NOT YET WIRED to sparc-data's feature extraction (WordNet, embedding models). */
@Command(name = "extract", mixinStandardHelpOptions = true,
        description = "Extract features with real embedding models into a feature store (not yet wired).")
public final class ExtractCommand implements Callable<Integer> {
    @CommandLine.Unmatched
    List<String> args;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        return NotYetWired.report(spec.commandLine().getErr(), "extract", "sparc-data feature extraction");
    }
}
