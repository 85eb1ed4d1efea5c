package org.sparcj.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparcj.experiments.testing.TinyData;
import org.sparcj.experiments.testing.CliRun;

/** The CLI as a user runs it: real config files, real training, the real local store. */
class CliEndToEndTest {
    @TempDir
    Path dir;

    private StringWriter out;
    private StringWriter err;

    private int run(String... args) {
        CliRun r = new CliRun(args);
        out = r.out;
        err = r.err;
        return r.exit;
    }

    private Path base() throws IOException {
        String d = dir.toString().replace("\\", "/");
        Path f = dir.resolve("base.conf");
        Files.writeString(f, """
                sparc {
                  %s
                  model { latent_size = 16, k = 2, batch_size = 32, epochs = 1, log_every = 2, learning_rate = 0.01 }
                  eval.enabled = %s
                  run { grids_dir = "%s/grids", output_dir = "%s/runs", progress = false }
                  tracking { local_store = "%s/store", experiment = e2e }
                }
                """.formatted(TinyData.settings(dir), EVAL, d, d, d));
        return f;
    }

    private static final String EVAL = "true";

    @Test
    void gridThenCompareFromDirectoryAndTrackerThenRerunSkips() throws IOException {
        base();
        Path grid = dir.resolve("g.conf");
        Files.writeString(grid, "grid {\n name = tiny\n experiment = base.conf\n axes { \"model.topk\" = [LOCAL, GLOBAL] }\n}\n");
        assertEquals(0, run("grid", grid.toString()), err.toString());
        assertTrue(out.toString().contains("grid tiny FINISHED"), out.toString());
        assertTrue(out.toString().contains("| topk=LOCAL | FINISHED |"), out.toString());

        Path cmp = dir.resolve("cmp");
        assertEquals(0, run("compare", dir.resolve("grids/tiny").toString(), "--out", cmp.toString()), err.toString());
        assertTrue(Files.isRegularFile(cmp.resolve("results.md")) && Files.isRegularFile(cmp.resolve("index.html")));
        try (Stream<Path> pngs = Files.list(cmp)) {
            assertTrue(pngs.anyMatch(p -> p.toString().endsWith(".png")), "plots written");
        }
        Path fromTracker = dir.resolve("cmp-tracker");
        assertEquals(0, run("compare", "tiny", "--from", "tracker", "-c", dir.resolve("base.conf").toString(),
                "--out", fromTracker.toString()), err.toString());
        assertTrue(Files.readString(fromTracker.resolve("results.md")).contains("GLOBAL"));

        assertEquals(0, run("grid", grid.toString()), err.toString());
        assertTrue(out.toString().contains("skipped: already FINISHED"), out.toString());
    }

    @Test
    void trainFinishesThenRefusesToOverwriteAndCommandLineOverridesWin() throws IOException {
        Path base = base();
        assertEquals(0, run("train", "-c", base.toString(), "--name", "one", "model.k=3"), err.toString());
        assertTrue(out.toString().contains("status FINISHED"), out.toString());
        assertTrue(Files.readString(dir.resolve("runs/one/config.conf")).contains("\"k\" : 3")
                || Files.readString(dir.resolve("runs/one/config.json")).contains("\"k\" : 3"));
        assertEquals(0, run("train", "-c", base.toString(), "--name", "one", "model.k=3"));
        assertTrue(out.toString().contains("already FINISHED"), out.toString());
        assertEquals(2, run("train", "-c", base.toString(), "--name", "one", "model.k=4"));
        assertTrue(err.toString().contains("different config"), err.toString());
        // eval: the run's checkpoint again, with an eval override; the report goes beside the run
        assertEquals(0, run("eval", dir.resolve("runs/one").toString(), "eval.purity_threshold=0.5"), err.toString());
        assertTrue(out.toString().contains("nmse.self_mean"), out.toString());
        assertTrue(Files.readString(dir.resolve("runs/one/eval/report.json")).contains("\"streams\""));
        assertEquals(2, run("eval", dir.resolve("runs/one").toString(), "eval.purity_threshold=7"));
        assertTrue(err.toString().contains("sparc.eval.purity_threshold"), err.toString());
    }
}
