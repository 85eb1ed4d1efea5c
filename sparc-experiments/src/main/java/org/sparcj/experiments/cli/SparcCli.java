package org.sparcj.experiments.cli;

import org.sparcj.experiments.config.ConfigError;
import org.sparcj.experiments.run.StopSignal;
import org.sparcj.experiments.wiring.Wiring;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code sparc} command line: train, eval, grid, compare, sync, bench, regress, extract. */
@Command(name = "sparc", mixinStandardHelpOptions = true, version = "SPARC-J 0.1.0",
        description = "SPARC-J: concept-aligned sparse autoencoders. Train, evaluate, run grids, compare.",
        subcommands = {TrainCommand.class, EvalCommand.class, GridCommand.class, CompareCommand.class,
                SyncCommand.class, BenchCommand.class, RegressCommand.class, ExtractCommand.class, ExportCommand.class,
                EncodeCommand.class, AtlasCommand.class, LocaliseCommand.class,
                CommandLine.HelpCommand.class})
public final class SparcCli implements Runnable {
    /** Exit codes: 0 ok, 1 a run failed, 2 bad usage or configuration, 130 stopped by Ctrl-C. */
    public static final int OK = 0, RUN_FAILED = 1, USAGE = 2, KILLED = 130;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /**
     * A command line whose commands Guice constructs (one injector, one stop signal per command line),
     * wired with the project's error handling (config errors: message only, exit 2).
     */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(SparcCli.class, new GuiceFactory(Wiring.injector(new StopSignal(), System.getenv())));
        cl.setUsageHelpWidth(120);
        cl.setExecutionExceptionHandler((ex, line, parsed) -> {
            if (ex instanceof ConfigError || ex instanceof IllegalArgumentException) {
                line.getErr().println("error: " + ex.getMessage());
                return USAGE;
            }
            throw ex;
        });
        return cl;
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
