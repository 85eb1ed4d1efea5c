package org.sparcj.experiments.cli;

import java.io.PrintWriter;

/** Subcommands whose implementation lives in another part of the project and is not wired in yet. */
final class NotYetWired {
    private NotYetWired() {
    }

    static int report(PrintWriter err, String command, String where) {
        err.println("sparc " + command + ": not yet wired (" + where + "); nothing was done.");
        return SparcCli.USAGE;
    }
}
