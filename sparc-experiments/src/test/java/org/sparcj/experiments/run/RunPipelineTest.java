package org.sparcj.experiments.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.inject.Guice;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparcj.experiments.config.ConfigLoader;
import org.sparcj.experiments.config.ExperimentConfig;
import org.sparcj.experiments.testing.ObservedTracker;
import org.sparcj.experiments.tracking.LocalStoreTracker;
import org.sparcj.experiments.tracking.RunRecord;
import org.sparcj.experiments.tracking.RunStatus;
import org.sparcj.experiments.testing.TinyData;
import org.sparcj.experiments.wiring.CoreModule;
import org.sparcj.experiments.wiring.DataModule;

/** Ctrl-C and resume through the real pipeline and real TensorFlow training. */
class RunPipelineTest {
    @TempDir
    Path dir;

    private RunPipeline pipeline(StopSignal stop) {
        return Guice.createInjector(new CoreModule(stop), new DataModule()).getInstance(RunPipeline.class);
    }

    private ExperimentConfig config() throws IOException {
        Path f = dir.resolve("tiny.conf");
        Files.writeString(f, """
                sparc {
                  model { latent_size = 16, k = 2, batch_size = 32, epochs = 2, log_every = 2, learning_rate = 0.01 }
                  eval.enabled = false
                  %s
                  run { progress = false, checkpoint_every = 0 }
                  tracking.metrics_batch = 1
                }
                """.formatted(TinyData.settings(dir)));
        return ExperimentConfig.of(new ConfigLoader().load(f, List.of()));
    }

    private static RunPipeline.Request request(ExperimentConfig cfg, Path dir, ObservedTracker t) {
        return new RunPipeline.Request(cfg, dir.getFileName().toString(), dir, t, null, Map.of(), Map.of(), false);
    }

    @Test
    void ctrlCEndsKilledWithACheckpointAndTheNextRunResumesToTheSameResult() throws IOException {
        ExperimentConfig cfg = config();
        ObservedTracker tracker = new ObservedTracker(new LocalStoreTracker(dir.resolve("store")));
        RunPipeline.Outcome straight = pipeline(new StopSignal()).execute(request(cfg, dir.resolve("straight"), tracker));
        assertEquals(RunStatus.FINISHED, straight.status(), straight.error());

        StopSignal stop = new StopSignal();
        tracker.onMetrics = stop::stop;                    // "Ctrl-C" right after the first metrics arrive (step 2)
        Path runDir = dir.resolve("interrupted");
        RunPipeline.Outcome killed = pipeline(stop).execute(request(cfg, runDir, tracker));
        assertEquals(RunStatus.KILLED, killed.status(), killed.error());
        RunDirectory rd = new RunDirectory(runDir);
        assertEquals(RunStatus.KILLED, rd.status().orElseThrow());
        assertTrue(rd.hasCheckpoint());
        RunRecord first = tracker.findRun("sparc-j", "interrupted").orElseThrow();
        assertEquals(RunStatus.KILLED, first.status());
        assertEquals("2", first.tags().get("sparc.stopped_at_step"));

        tracker.onMetrics = () -> { };
        RunPipeline.Outcome resumed = pipeline(new StopSignal()).execute(request(cfg, runDir, tracker));
        assertEquals(RunStatus.FINISHED, resumed.status(), resumed.error());
        RunRecord second = tracker.findRun("sparc-j", "interrupted").orElseThrow();
        assertEquals(RunStatus.FINISHED, second.status());
        assertEquals("2", second.tags().get("sparc.resumed_from_step"));
        assertEquals(straight.metrics().get("train.steps"), resumed.metrics().get("train.steps"));
        assertEquals(straight.metrics().get("train.loss"), resumed.metrics().get("train.loss"),
                "2 steps + resume + 8 steps = 10 steps straight");
    }

    @Test
    void aFailureEndsTheRunFailedWithTheErrorAsTagAndKeepsTheConfig() throws IOException {
        ExperimentConfig cfg = config();
        ObservedTracker tracker = new ObservedTracker(new LocalStoreTracker(dir.resolve("store")));
        Path runDir = dir.resolve("broken");
        // A real fault: the checkpoint file's directory cannot be created (a plain file is in the way).
        Files.createDirectories(runDir);
        Files.writeString(runDir.resolve("checkpoint"), "in the way");
        RunPipeline.Outcome o = pipeline(new StopSignal()).execute(request(cfg, runDir, tracker));
        assertEquals(RunStatus.FAILED, o.status());
        RunRecord run = tracker.findRun("sparc-j", "broken").orElseThrow();
        assertEquals(RunStatus.FAILED, run.status());
        assertTrue(run.tags().get(RunPipeline.TAG_ERROR).contains("checkpoint"), run.tags().toString());
        assertEquals(RunStatus.FAILED, new RunDirectory(runDir).status().orElseThrow());
        assertTrue(Files.readString(runDir.resolve("config.conf")).contains("latent_size"));
        assertEquals("in the way", Files.readString(runDir.resolve("checkpoint")), "nothing already there is lost");
    }
}
