package org.sparcj.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparcj.experiments.run.RunDirectory;
import org.sparcj.experiments.run.RunPipeline;
import org.sparcj.experiments.testing.TinyData;
import org.sparcj.experiments.tracking.LocalStoreTracker;
import org.sparcj.experiments.tracking.RunRecord;
import org.sparcj.experiments.tracking.RunStatus;
import org.sparcj.model.SparcModel;
import picocli.CommandLine;

/**
 * A write that fails after training (here result.json cannot replace what is in its place, as in a
 * directory turned read-only): the run ends FAILED in the tracker with the path named, exit 1, and
 * the checkpoint written before is intact.
 */
class FailedWriteTest {
    @TempDir
    Path dir;

    @Test
    void aFailedWriteEndsTheRunFailedNamingThePathAndKeepsTheCheckpoint() throws Exception {
        String d = dir.toString().replace("\\", "/");
        Path conf = Files.writeString(dir.resolve("w.conf"), """
                sparc {
                  %s
                  model { latent_size = 16, k = 2, batch_size = 32, epochs = 2, log_every = 2, learning_rate = 0.01 }
                  eval.enabled = false
                  run { output_dir = "%s/runs", progress = false }
                  tracking { local_store = "%s/store", experiment = w }
                }
                """.formatted(TinyData.settings(dir), d, d));
        Path blocked = dir.resolve("runs/w/result.json");
        Files.createDirectories(blocked);
        Files.writeString(blocked.resolve("keep"), "a directory where the result file must go");

        StringWriter out = new StringWriter();
        CommandLine cl = SparcCli.commandLine(Map.of());
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(out, true));
        assertEquals(SparcCli.RUN_FAILED, cl.execute("train", "-c", conf.toString()), out.toString());
        assertTrue(out.toString().contains("status FAILED") && out.toString().contains("cannot write " + blocked), out.toString());

        List<RunRecord> runs = new LocalStoreTracker(dir.resolve("store")).listRuns("w", null);
        assertEquals(1, runs.size());
        assertEquals(RunStatus.FAILED, runs.get(0).status());
        assertTrue(runs.get(0).tags().get(RunPipeline.TAG_ERROR).contains(blocked.toString()), runs.get(0).tags().toString());
        RunDirectory rd = new RunDirectory(dir.resolve("runs/w"));
        try (SparcModel m = SparcModel.loadCheckpoint(rd.checkpoint())) {
            assertTrue(m.step() > 0, "the checkpoint loads: step " + m.step());
        }
    }
}
