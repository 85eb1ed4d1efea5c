package org.sparcj.experiments.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Training-step benchmark at paper scale (sparc-model's ModelBenchmark). */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Time SPARC training steps at paper scale on random data (see sparc-model's ModelBenchmark).")
public final class BenchCommand implements Callable<Integer> {
    @CommandLine.Unmatched
    List<String> args;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        return NotYetWired.report(spec.commandLine().getErr(), "bench", "org.sparcj.model.ModelBenchmark");
    }
}
