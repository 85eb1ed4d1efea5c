package org.sparcj.experiments.grid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.inject.Guice;
import com.google.inject.Injector;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparcj.experiments.run.RunDirectory;
import org.sparcj.experiments.run.RunPipeline;
import org.sparcj.experiments.run.StopSignal;
import org.sparcj.experiments.testing.InMemoryTracker;
import org.sparcj.experiments.tracking.MetricPoint;
import org.sparcj.experiments.tracking.RunStatus;
import org.sparcj.experiments.testing.TinyData;
import org.sparcj.experiments.wiring.CoreModule;
import org.sparcj.experiments.wiring.DataModule;
import org.sparcj.experiments.wiring.EvalModule;
import org.sparcj.experiments.wiring.ModelModule;

/** Real TensorFlow training of tiny models through the grid runner. */
class GridRunnerTest {
    @TempDir
    Path dir;

    private final StringWriter log = new StringWriter();

    private GridRunner runner() {
        Injector inj = Guice.createInjector(new CoreModule(new StopSignal()), new ModelModule(), new EvalModule(), new DataModule());
        return inj.getInstance(GridRunner.class);
    }

    private GridSpec writeGrid() throws IOException {
        Files.writeString(dir.resolve("base.conf"), """
                sparc {
                  model { latent_size = 16, k = 2, batch_size = 32, epochs = 2, log_every = 2, learning_rate = 0.01 }
                  eval.enabled = false
                  %s
                  run { grids_dir = "%s", progress = false, checkpoint_every = 4 }
                  tracking.metrics_batch = 20
                }
                """.formatted(TinyData.settings(dir), dir.resolve("grids").toString().replace("\\", "/")));
        Path g = dir.resolve("tiny.conf");
        Files.writeString(g, """
                grid {
                  name = tiny
                  experiment = base.conf
                  axes {
                    "model.topk" = [LOCAL, GLOBAL]
                    "model.lambda" = [0, 1]
                  }
                  exclude = [ { "model.topk" = LOCAL, "model.lambda" = 1 } ]
                }
                """);
        return GridSpec.parse(g);
    }

    @Test
    void runsCellsAsChildRunsThenSkipsFinishedAndReRunsFailed() throws IOException {
        GridSpec spec = writeGrid();
        Path gridDir = dir.resolve("grids").resolve("tiny");
        // A real fault: a plain file where the failing cell's checkpoint directory must go.
        Path blocked = gridDir.resolve("topk=GLOBAL,lambda=0");
        Files.createDirectories(blocked);
        Files.writeString(blocked.resolve("checkpoint"), "not a directory");

        InMemoryTracker tracker = new InMemoryTracker();
        GridRunner.Result first = runner().run(spec, List.of(), 1, tracker, new PrintWriter(log, true));
        assertEquals(RunStatus.FAILED, first.status(), log.toString());
        assertEquals(List.of("topk=LOCAL,lambda=0", "topk=GLOBAL,lambda=0", "topk=GLOBAL,lambda=1"),
                first.cells().stream().map(CellResult::name).toList());
        assertEquals(List.of("FINISHED", "FAILED", "FINISHED"), first.cells().stream().map(CellResult::status).toList());

        InMemoryTracker.Run parent = tracker.named("tiny").get(0);
        assertEquals(RunStatus.FAILED, parent.status);
        InMemoryTracker.Run ok = tracker.named("tiny/topk=LOCAL,lambda=0").get(0);
        assertEquals(parent.id, ok.parent);
        assertEquals(RunStatus.FINISHED, ok.status);
        assertEquals(1, ok.ends);
        assertEquals("LOCAL", ok.params.get("model.topk"));
        assertEquals("tiny", ok.tags.get(GridRunner.TAG_GRID));
        assertEquals(64, ok.tags.get(RunPipeline.TAG_CONFIG_HASH).length());
        // 192 samples, 80% train -> about 154 rows -> 5 steps/epoch x 2 epochs; logged every 2 steps and at the end
        List<MetricPoint> loss = ok.metrics.stream().filter(p -> p.key().equals("train.loss")).toList();
        assertTrue(loss.size() >= 5, "per-step losses: " + loss);
        assertTrue(ok.metricBatchSizes.size() < loss.size(), "metrics go in batches: " + ok.metricBatchSizes);
        assertTrue(ok.artifacts.containsAll(List.of("config.conf", "config.json")), ok.artifacts.toString());

        InMemoryTracker.Run failed = tracker.named("tiny/topk=GLOBAL,lambda=0").get(0);
        assertEquals(RunStatus.FAILED, failed.status);
        assertTrue(failed.tags.get(RunPipeline.TAG_ERROR).contains("checkpoint"), failed.tags.toString());
        RunDirectory failedDir = new RunDirectory(blocked);
        assertEquals(RunStatus.FAILED, failedDir.status().orElseThrow());
        assertTrue(Files.readString(blocked.resolve("error.txt")).contains("checkpoint"));

        RunDirectory okDir = new RunDirectory(gridDir.resolve("topk=LOCAL,lambda=0"));
        assertTrue(okDir.hasCheckpoint());
        assertTrue(Files.readString(okDir.configHocon()).contains("LOCAL"));
        FileTime okWritten = Files.getLastModifiedTime(okDir.path().resolve("status"));

        // Remove the fault and run the grid again: only the failed cell runs.
        Files.delete(blocked.resolve("checkpoint"));
        GridRunner.Result second = runner().run(spec, List.of(), 2, tracker, new PrintWriter(log, true));
        assertEquals(RunStatus.FINISHED, second.status(), log.toString());
        assertEquals(Map.of("topk=LOCAL,lambda=0", "skipped (finished)", "topk=GLOBAL,lambda=0", "re-run -> FINISHED",
                "topk=GLOBAL,lambda=1", "skipped (finished)"), second.actions());
        // The finished cell is not trained again; the new parent run gets a record that points to the old run.
        List<InMemoryTracker.Run> okRuns = tracker.named("tiny/topk=LOCAL,lambda=0");
        assertEquals(2, okRuns.size());
        InMemoryTracker.Run reuse = okRuns.get(1);
        assertEquals(ok.id, reuse.tags.get(GridRunner.TAG_REUSED));
        assertEquals(RunStatus.FINISHED, reuse.status);
        InMemoryTracker.Run parent2 = tracker.named("tiny").get(1);
        assertEquals(parent2.id, reuse.parent);
        assertEquals(3, tracker.listRuns("sparc-j", parent2.id).size(), "one child per cell under the new parent");
        assertEquals(ok.record().metrics().get("train.loss"), reuse.record().metrics().get("train.loss"));
        assertEquals(2, tracker.named("tiny/topk=GLOBAL,lambda=0").size());
        assertTrue(tracker.named("tiny/topk=GLOBAL,lambda=0").get(1).tags.get(GridRunner.TAG_REUSED) == null);
        assertEquals(okWritten, Files.getLastModifiedTime(okDir.path().resolve("status")));
        assertEquals(RunStatus.FINISHED, failedDir.status().orElseThrow());
        assertTrue(failedDir.hasCheckpoint());
        assertFalse(second.cells().get(0).metrics().isEmpty(), "skipped cells report their stored metrics");
        assertEquals(first.cells().get(0).metrics(), second.cells().get(0).metrics());
        assertEquals(List.of("topk=GLOBAL,lambda=0", "topk=GLOBAL,lambda=1", "topk=LOCAL,lambda=0"),
                GridResults.load(gridDir).stream().map(CellResult::name).toList());
    }

    @Test
    void sameSeedSameNumbers() throws IOException {
        GridSpec spec = writeGrid();
        InMemoryTracker t = new InMemoryTracker();
        GridRunner r = runner();
        Map<GridCell, org.sparcj.experiments.config.ExperimentConfig> cells = r.resolveCells(spec, List.of());
        GridCell cell = cells.keySet().iterator().next();
        var pipeline = Guice.createInjector(new CoreModule(new StopSignal()), new ModelModule(), new EvalModule(), new DataModule()).getInstance(RunPipeline.class);
        var a = pipeline.execute(new RunPipeline.Request(cells.get(cell), "a", dir.resolve("a"), t, null, Map.of(),
                cell.params(), false));
        var b = pipeline.execute(new RunPipeline.Request(cells.get(cell), "b", dir.resolve("b"), t, null, Map.of(),
                cell.params(), false));
        assertEquals(RunStatus.FINISHED, a.status(), a.error());
        // train.cross_loss is left out: with lambda = 0 the model reports it non-deterministically (reported to the lead)
        for (String m : List.of("train.loss", "train.self_loss", "train.steps"))
            assertEquals(a.metrics().get(m), b.metrics().get(m), m);
    }
}
