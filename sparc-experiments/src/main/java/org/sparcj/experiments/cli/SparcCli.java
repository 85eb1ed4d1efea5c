package org.sparcj.experiments.cli;

import java.io.UncheckedIOException;
import org.sparcj.data.DataFileException;
import org.sparcj.experiments.config.ConfigError;
import org.sparcj.experiments.run.RunLock;
import org.sparcj.experiments.run.StopSignal;
import org.sparcj.experiments.tracking.MlflowCredentials;
import org.sparcj.experiments.tracking.TrackerException;
import org.sparcj.experiments.wiring.Wiring;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code sparc} command line: train, eval, grid, compare, sync, bench, regress, extract, import. */
@Command(name = "sparc", mixinStandardHelpOptions = true, version = "SPARC-J 0.1.0",
        description = "SPARC-J: concept-aligned sparse autoencoders. Train, evaluate, run grids, compare.",
        subcommands = {TrainCommand.class, EvalCommand.class, GridCommand.class, CompareCommand.class,
                SyncCommand.class, BenchCommand.class, RegressCommand.class, ExtractCommand.class, ImportCommand.class,
                ExportCommand.class, EncodeCommand.class, AtlasCommand.class, StabilityCommand.class,
                LocaliseCommand.class,
                CommandLine.HelpCommand.class})
public final class SparcCli implements Runnable {
    /** Exit codes: 0 ok, 1 a run failed, 2 bad usage or configuration, 130 stopped by Ctrl-C. */
    public static final int OK = 0, RUN_FAILED = 1, USAGE = 2, KILLED = 130;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT,
            description = "on an error, print the stack trace too")
    boolean verbose;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /**
     * A command line whose commands Guice constructs (one injector, one stop signal per command line),
     * wired with the project's error handling: a failure before any work (bad config or data, a
     * tracker that does not answer or refuses us, a run directory another process holds) is one
     * line and exit 2, with the stack trace under {@code --verbose}; runs that fail after starting
     * return exit 1 themselves.
     */
    public static CommandLine commandLine() {
        return commandLine(System.getenv());
    }

    /** As {@link #commandLine()}, with {@code env} as the process environment (MLflow URI and credentials). */
    public static CommandLine commandLine(java.util.Map<String, String> env) {
        CommandLine cl = new CommandLine(SparcCli.class, new GuiceFactory(Wiring.injector(new StopSignal(), env)));
        cl.setUsageHelpWidth(120);
        cl.setExecutionExceptionHandler((ex, line, parsed) -> {
            if (!beforeWork(ex)) throw ex;
            if (parsed.originalArgs().contains("--verbose")) ex.printStackTrace(line.getErr());
            line.getErr().println("error: " + MlflowCredentials.redact(String.valueOf(ex.getMessage())));
            return USAGE;
        });
        return cl;
    }

    // What a command throws before it starts work (runs catch their own failures and end FAILED).
    private static boolean beforeWork(Exception ex) {
        return ex instanceof ConfigError || ex instanceof IllegalArgumentException || ex instanceof DataFileException
                || ex instanceof TrackerException || ex instanceof RunLock.RunDirectoryBusyException
                || ex instanceof UncheckedIOException;
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
