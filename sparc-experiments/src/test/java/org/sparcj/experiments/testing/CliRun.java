package org.sparcj.experiments.testing;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.sparcj.experiments.cli.SparcCli;
import picocli.CommandLine;

/** One in-process run of the CLI as main builds it, with what it printed to out and err. */
public final class CliRun {
    public final StringWriter out = new StringWriter();
    public final StringWriter err = new StringWriter();
    public final int exit;

    public CliRun(String... args) {
        CommandLine cl = SparcCli.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        exit = cl.execute(args);
    }
}
