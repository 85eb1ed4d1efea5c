package org.sparcj.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparcj.experiments.grid.GridRunner;
import org.sparcj.experiments.run.RunDirectory;
import org.sparcj.experiments.run.RunLock;
import org.sparcj.experiments.run.RunPipeline;
import org.sparcj.experiments.testing.CliProcess;
import org.sparcj.experiments.testing.TinyData;
import org.sparcj.experiments.tracking.LocalStoreTracker;
import org.sparcj.experiments.tracking.RunRecord;
import org.sparcj.experiments.tracking.RunStatus;
import picocli.CommandLine;

/** One writer per run directory and per grid cell, across processes and within one. */
class ConcurrentGridTest {
    @TempDir
    Path dir;

    private Path grid() throws Exception {
        String d = dir.toString().replace("\\", "/");
        Files.writeString(dir.resolve("base.conf"), """
                sparc {
                  %s
                  model { latent_size = 16, k = 2, batch_size = 32, epochs = 40, log_every = 5, learning_rate = 0.01 }
                  eval.enabled = false
                  run { grids_dir = "%s/grids", output_dir = "%s/runs", progress = false, checkpoint_every = 50 }
                  tracking { local_store = "%s/store", experiment = conc }
                }
                """.formatted(TinyData.settings(dir), d, d, d));
        Path g = dir.resolve("g.conf");
        Files.writeString(g, "grid {\n name = split\n experiment = base.conf\n"
                + " axes { \"model.topk\" = [LOCAL, GLOBAL], \"model.lambda\" = [0, 1], \"model.seed\" = [1, 2] }\n}\n");
        return g;
    }

    @Test
    void twoGridProcessesTrainEachCellExactlyOnce() throws Exception {
        Path g = grid();
        CliProcess a = CliProcess.start(dir, Map.of(), dir.resolve("a.log"), "grid", g.toString());
        CliProcess b = CliProcess.start(dir, Map.of(), dir.resolve("b.log"), "grid", g.toString());
        assertEquals(0, a.waitFor(300), a.output());
        assertEquals(0, b.waitFor(300), b.output());
        String both = a.output() + b.output();

        List<RunRecord> runs = new LocalStoreTracker(dir.resolve("store")).listRuns("conc", null);
        List<String> cells = new java.util.ArrayList<>();
        for (String lambda : List.of("0", "1"))
            for (String seed : List.of("1", "2"))
                for (String topk : List.of("LOCAL", "GLOBAL")) cells.add("lambda=" + lambda + ",seed=" + seed + ",topk=" + topk);
        for (String cell : cells) {
            List<RunRecord> trained = runs.stream().filter(r -> cell.equals(r.tags().get(GridRunner.TAG_CELL))
                    && !r.tags().containsKey(GridRunner.TAG_REUSED)).toList();
            assertEquals(1, trained.size(), cell + " trained once: " + trained + "\n" + both);
            assertEquals(RunStatus.FINISHED, trained.get(0).status());
            assertEquals(cell, trained.get(0).runName(), "child runs are named by their cell values");
            assertEquals(1, count(both, Pattern.quote(cell) + " +starting"), both);
            assertEquals("FINISHED", Files.readString(dir.resolve("grids/split").resolve(cell).resolve("status")).trim());
        }
        // Whatever one process skipped, the other trained: each table row is FINISHED or RUNNING elsewhere.
        assertEquals(8, count(a.output(), "\\| (FINISHED|RUNNING elsewhere) \\|"), a.output());
    }

    @Test
    void aCellHeldInThisProcessIsLeftAloneOrWaitedFor() throws Exception {
        Path g = grid();
        Path held = dir.resolve("grids/split/lambda=0,seed=1,topk=LOCAL");
        StringWriter out = new StringWriter();
        try (RunLock lock = RunLock.tryAcquire(held).orElseThrow()) {
            assertEquals(Optional.empty(), RunLock.tryAcquire(held), "one JVM cannot take it twice (--parallel)");
            CommandLine cl = SparcCli.commandLine(Map.of());
            cl.setOut(new PrintWriter(out, true));
            cl.setErr(new PrintWriter(out, true));
            assertEquals(0, cl.execute("grid", g.toString(), "--parallel", "2", "model.epochs=2"), out.toString());
            assertTrue(out.toString().contains("| lambda=0,seed=1,topk=LOCAL | " + GridRunner.RUNNING_ELSEWHERE + " |"), out.toString());
            assertTrue(out.toString().contains("1 cell(s) RUNNING elsewhere"), out.toString());

            // train into a directory another writer holds: one clear line, exit 2.
            StringWriter err = new StringWriter();
            CommandLine train = SparcCli.commandLine(Map.of());
            train.setErr(new PrintWriter(err, true));
            Path runDir = dir.resolve("runs/busy");
            try (RunLock busy = RunLock.tryAcquire(runDir).orElseThrow()) {
                assertEquals(SparcCli.USAGE, train.execute("train", "-c", dir.resolve("base.conf").toString(), "--name", "busy"));
            }
            assertEquals(1, err.toString().trim().lines().count(), err.toString());
            assertTrue(err.toString().contains(runDir + " is in use by pid " + ProcessHandle.current().pid()), err.toString());
        }
        // --wait: the cell is free now, so the second grid trains exactly it.
        StringWriter again = new StringWriter();
        CommandLine cl = SparcCli.commandLine(Map.of());
        cl.setOut(new PrintWriter(again, true));
        assertEquals(0, cl.execute("grid", g.toString(), "--wait", "model.epochs=2"), again.toString());
        assertEquals(1, count(again.toString(), "starting"), again.toString());
        assertTrue(again.toString().contains("lambda=0,seed=1,topk=LOCAL") && again.toString().contains("grid split FINISHED"),
                again.toString());
    }

    @Test
    void aRunHeldOutsideSparcIsLeftAlone() throws Exception {
        Path g = grid();
        LocalStoreTracker store = new LocalStoreTracker(dir.resolve("store"));
        // e.g. a queued cluster job that will train this run: it declares so on its tracker run.
        var queued = store.startRun("conc", "held", null, Map.of(RunPipeline.TAG_HELD_BY, "slurm job 42"));
        new RunDirectory(dir.resolve("runs/held")).writeRunId(queued.runId());
        StringWriter err = new StringWriter();
        CommandLine train = SparcCli.commandLine(Map.of());
        train.setErr(new PrintWriter(err, true));
        assertEquals(SparcCli.USAGE, train.execute("train", "-c", dir.resolve("base.conf").toString(), "--name", "held"));
        assertTrue(err.toString().contains("held by slurm job 42"), err.toString());

        String cell = "lambda=0,seed=1,topk=LOCAL";
        var queuedCell = store.startRun("conc", cell, null, Map.of(RunPipeline.TAG_HELD_BY, "slurm job 43"));
        new RunDirectory(dir.resolve("grids/split").resolve(cell)).writeRunId(queuedCell.runId());
        StringWriter out = new StringWriter();
        CommandLine cl = SparcCli.commandLine(Map.of());
        cl.setOut(new PrintWriter(out, true));
        assertEquals(0, cl.execute("grid", g.toString(), "model.epochs=1"), out.toString());
        assertTrue(out.toString().contains(cell + " | " + GridRunner.RUNNING_ELSEWHERE), out.toString());
        assertTrue(out.toString().contains("RUNNING elsewhere (slurm job 43)"), out.toString());
        for (String id : List.of(queued.runId(), queuedCell.runId()))
            assertEquals(RunStatus.RUNNING, store.getRun("conc", id).orElseThrow().status(), "never marked KILLED");
    }

    private static int count(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        int n = 0;
        while (m.find()) n++;
        return n;
    }
}
