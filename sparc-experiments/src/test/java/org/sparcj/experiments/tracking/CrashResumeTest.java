package org.sparcj.experiments.tracking;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparcj.experiments.cli.SparcCli;
import org.sparcj.experiments.run.RunDirectory;
import org.sparcj.experiments.run.RunPipeline;
import org.sparcj.experiments.testing.CliProcess;
import org.sparcj.experiments.testing.TinyData;
import picocli.CommandLine;

/**
 * A real `sparc train` process against a real MLflow server is stopped with SIGTERM, resumed,
 * killed with kill -9, and resumed to the end: the result has the same bytes as an uninterrupted
 * run, MLflow holds one run for it, and every metric step appears exactly once.
 */
class CrashResumeTest {
    @TempDir
    Path dir;

    @Test
    void sigtermThenKillNineThenResumeGivesTheSameBytesAndOneRunWithEveryStepOnce() throws Exception {
        MlflowTestServer server = MlflowTestServer.shared();
        String exp = "it-crash-" + System.nanoTime();
        Path conf = dir.resolve("crash.conf");
        String d = dir.toString().replace("\\", "/");
        Files.writeString(conf, """
                sparc {
                  %s
                  model { latent_size = 16, k = 2, batch_size = 32, epochs = 80, log_every = 1, learning_rate = 0.01 }
                  run { output_dir = "%s/runs", progress = false, checkpoint_every = 25 }
                  tracking { local_store = "%s/store", experiment = "%s", uri = "%s", metrics_batch = 1000 }
                }
                """.formatted(TinyData.settings(dir), d, d, exp, server.uri()));
        RunDirectory rd = new RunDirectory(dir.resolve("runs/crash"));

        // SIGTERM once a checkpoint exists: the run stops after its step, flushes, checkpoints, ends KILLED.
        CliProcess first = CliProcess.start(dir, Map.of(), dir.resolve("first.log"), "train", "-c", conf.toString());
        awaitCheckpoint(rd, null, first);
        first.process().destroy();
        first.waitFor(120);
        FileTime stoppedAt = Files.getLastModifiedTime(rd.checkpoint());
        assertTrue(first.output().contains("status KILLED"), first.output());
        MlflowRest rest = new MlflowRest(server.uri());
        String runId = rd.runId().orElseThrow();
        assertEquals("KILLED", rest.run(runId).at("/info/status").asText());

        // kill -9 after the next checkpoint: nothing runs at exit; the lock dies with the process.
        CliProcess second = CliProcess.start(dir, Map.of(), dir.resolve("second.log"), "train", "-c", conf.toString());
        awaitCheckpoint(rd, stoppedAt, second);
        second.process().destroyForcibly();
        second.waitFor(60);
        assertEquals("RUNNING", rd.status().map(Enum::name).orElseThrow(), "the run must be killed mid-training");
        assertEquals("RUNNING", rest.run(runId).at("/info/status").asText());

        // A setting outside the config hash may change on resume; the run keeps the params it was created with.
        assertEquals(0, train(conf, "tracking.metrics_batch=700"), "resume to the end");
        assertEquals(0, train(conf, "--name", "uninterrupted"), "the reference run");
        RunDirectory ref = new RunDirectory(dir.resolve("runs/uninterrupted"));
        assertArrayEquals(Files.readAllBytes(ref.checkpoint()), Files.readAllBytes(rd.checkpoint()), "same bytes");
        assertEquals(ref.result().orElseThrow().metrics(), rd.result().orElseThrow().metrics());

        List<JsonNode> runs = rest.searchRuns(rest.experimentId(exp), "tags.`mlflow.runName` = 'crash'");
        assertEquals(1, runs.size(), "one MLflow run for the resumed run");
        JsonNode run = rest.run(runId);
        assertEquals("FINISHED", run.at("/info/status").asText());
        assertEquals("1000", MlflowRest.params(run).get("tracking.metrics_batch"));
        Map<String, String> tags = MlflowRest.tags(run);
        assertEquals("2", tags.get(RunPipeline.TAG_RESUMES), tags.toString());
        assertTrue(Long.parseLong(tags.get(RunPipeline.TAG_KILLED_AT_STEP)) > 0, tags.toString());
        long steps = rd.result().orElseThrow().metrics().get("train.steps").longValue();
        for (String key : List.of("train.loss", "train.aux_loss", "train.dead_fraction.a")) {
            List<Long> logged = rest.metricHistory(runId, key).stream().map(m -> m.get("step").asLong()).sorted().toList();
            assertEquals(LongStream.rangeClosed(1, steps).boxed().toList(), logged, key + ": every step exactly once");
        }
    }

    private int train(Path conf, String... more) {
        StringWriter out = new StringWriter();
        CommandLine cl = SparcCli.commandLine(Map.of());
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(out, true));
        String[] args = new String[3 + more.length];
        args[0] = "train";
        args[1] = "-c";
        args[2] = conf.toString();
        System.arraycopy(more, 0, args, 3, more.length);
        int code = cl.execute(args);
        assertEquals(0, code, out.toString());
        return code;
    }

    // Waits until the running process has written a checkpoint newer than `after`.
    private static FileTime awaitCheckpoint(RunDirectory rd, FileTime after, CliProcess p) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (!p.process().isAlive()) throw new AssertionError("sparc ended before a checkpoint:\n" + p.output());
            if (rd.hasCheckpoint() && "RUNNING".equals(rd.status().map(Enum::name).orElse(""))) {
                FileTime t = Files.getLastModifiedTime(rd.checkpoint());
                if (after == null || t.compareTo(after) > 0) return t;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no checkpoint within 120 s:\n" + p.output());
    }
}
