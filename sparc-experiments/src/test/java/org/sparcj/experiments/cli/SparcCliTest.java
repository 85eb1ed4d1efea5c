package org.sparcj.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

class SparcCliTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = SparcCli.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @ParameterizedTest
    @ValueSource(strings = {"train", "eval", "grid", "compare", "sync", "bench", "regress", "extract"})
    void everySubcommandHasHelp(String command) {
        assertEquals(0, run(command, "--help"), err.toString());
        assertTrue(out.toString().startsWith("Usage: sparc " + command), out.toString());
    }

    @Test
    void topLevelHelpListsEverySubcommand() {
        assertEquals(0, run("--help"));
        for (String c : new String[] {"train", "eval", "grid", "compare", "sync", "bench", "regress", "extract"})
            assertTrue(out.toString().contains("  " + c + " "), c + " missing from:\n" + out);
    }

    @ParameterizedTest
    @ValueSource(strings = {"extract"})
    void placeholdersSayNotYetWiredAndExit2(String command) {
        assertEquals(2, run(command, "--anything"));
        assertTrue(err.toString().contains("not yet wired"), err.toString());
    }

    @Test
    void configErrorsExit2WithTheMessageNamingTheKey(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("bad.conf");
        Files.writeString(f, "sparc.model.kk = 3\n");
        assertEquals(2, run("train", "-c", f.toString()));
        assertTrue(err.toString().contains("sparc.model.kk") && err.toString().contains("bad.conf: 1"), err.toString());
    }

    @Test
    void gridDryRunListsCellsWithCommandLineOverridesApplied(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("base.conf"), "sparc.model { latent_size = 64, k = 4 }\n");
        Path g = dir.resolve("grid.conf");
        Files.writeString(g, "grid { name = tiny, experiment = base.conf, axes { \"model.topk\" = [LOCAL, GLOBAL] } }\n");
        assertEquals(0, run("grid", g.toString(), "--dry-run", "run.grids_dir=" + dir.resolve("out")), err.toString());
        assertTrue(out.toString().contains("2 cells"), out.toString());
        assertTrue(out.toString().contains(dir.resolve("out").resolve("tiny").resolve("topk=LOCAL").toString()), out.toString());
        assertEquals(2, run("grid", g.toString(), "--dry-run", "model.k=100"));
        assertTrue(err.toString().contains("k = 100"), err.toString());
    }
}
