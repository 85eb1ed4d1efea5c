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

    @Test
    void extractRejectsBadInputNamingIt(@TempDir Path dir) {
        assertEquals(2, run("extract", "imagenet", "--out", dir.resolve("x").toString()));
        assertTrue(err.toString().contains("unknown dataset 'imagenet'"), err.toString());
        Path missing = dir.resolve("no-such-data.noun");
        assertEquals(2, run("extract", "wordnet", "--out", dir.resolve("y").toString(), "--data-noun", missing.toString()));
        assertTrue(err.toString().contains(missing.toString()) && err.toString().contains("setup-wordnet"), err.toString());
    }

    @Test
    void extractEmbedsWordNetSynsetsWithTheBundledModels(@TempDir Path dir) throws Exception {
        // The real-format fixture of sparc-data: a handful of noun synsets from entity down to dog.
        Path fixture = Path.of("../sparc-data/src/test/resources/wordnet/data.noun.fixture");
        Path store = dir.resolve("wn");
        assertEquals(0, run("extract", "wordnet", "--out", store.toString(), "--data-noun", fixture.toString(),
                "--synsets", "4", "--min-depth", "0", "--batch", "2"), err.toString());
        assertTrue(out.toString().contains("4 samples, 3 streams"), out.toString());
        try (var ds = org.sparcj.data.store.LabelledDataset.open(store).features()) {
            assertEquals(4, ds.size());
            assertEquals(java.util.List.of("name", "gloss_a", "gloss_b"),
                    ds.streams().stream().map(org.sparcj.data.StreamInfo::name).toList());
        }
        assertTrue(Files.isRegularFile(store.resolve("taxonomy.tsv")) && Files.isRegularFile(store.resolve("labels.tsv")));
        // An existing output is never overwritten.
        assertEquals(2, run("extract", "wordnet", "--out", store.toString(), "--data-noun", fixture.toString()));
        assertTrue(err.toString().contains("already exists"), err.toString());
    }

    @Test
    void configErrorsExit2WithTheMessageNamingTheKey(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("bad.conf");
        Files.writeString(f, "sparc.model.kk = 3\n");
        assertEquals(2, run("train", "-c", f.toString()));
        assertTrue(err.toString().contains("sparc.model.kk") && err.toString().contains("bad.conf: 1"), err.toString());
    }

    @Test
    void anUnknownDataSourceFailsBeforeAnyWorkInOneLineNamingKeyValueAndWhereItWasSet(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("exp.conf");
        Files.writeString(f, "sparc.run.output_dir = \"" + dir.resolve("runs").toString().replace("\\", "/") + "\"\n"
                + "sparc.data.source = nosuch\n");
        assertEquals(2, run("train", "-c", f.toString()));
        String e = err.toString().trim();
        assertTrue(e.startsWith("error: sparc.data.source = nosuch") && e.contains("exp.conf: 2"), e);
        assertEquals(1, e.lines().count(), e);
        assertTrue(Files.notExists(dir.resolve("runs")), "no run directory was made");
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
