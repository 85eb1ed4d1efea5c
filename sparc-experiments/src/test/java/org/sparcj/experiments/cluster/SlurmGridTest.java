package org.sparcj.experiments.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparcj.experiments.run.CellResult;
import org.sparcj.experiments.run.RunDirectory;
import org.sparcj.experiments.testing.CliProcess;
import org.sparcj.experiments.tracking.LocalStoreTracker;
import org.sparcj.experiments.tracking.RunRecord;
import org.sparcj.experiments.tracking.RunStatus;

/**
 * Grids on a real single-node Slurm (scripts/slurm-local.sh): the quickstart grid submitted with
 * {@code --slurm} ends as a local run of it does; a task sent SIGTERM mid-training requeues itself
 * and ends with the same weights as an uninterrupted run; a task refuses a changed grid file.
 * Skipped when Slurm cannot start, except in CI (CI=true), where that fails.
 */
class SlurmGridTest {
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    private static final Pattern SUBMITTED = Pattern.compile("slurm job array (\\d+); job (\\d+) closes");
    private static final Pattern TASK_START = Pattern.compile("on \\S+ at (\\S+Z)");
    private static String slurmConf;
    private static boolean started;

    @TempDir
    Path dir;

    @BeforeAll
    static void startSlurm() throws Exception {
        boolean wasUp = run(List.of("bash", ROOT.resolve("scripts/slurm-local.sh").toString(), "conf"), Map.of()).rc == 0;
        Out up = run(List.of("bash", ROOT.resolve("scripts/slurm-local.sh").toString(), "start"), Map.of());
        if (up.rc != 0) {
            if ("true".equals(System.getenv("CI"))) fail("single-node Slurm did not start (CI=true):\n" + up.text);
            Assumptions.abort("no Slurm here (scripts/slurm-local.sh start failed): " + up.text.strip());
        }
        slurmConf = up.text.strip().lines().reduce((a, b) -> b).orElseThrow();
        started = !wasUp;
    }

    @AfterAll
    static void stopSlurm() throws Exception {
        if (started) run(List.of("bash", ROOT.resolve("scripts/slurm-local.sh").toString(), "stop"), Map.of());
    }

    @Test
    void quickstartOnSlurmEndsLikeALocalRunAndATaskRefusesAChangedGridFile() throws Exception {
        Path grid = grid("quickstart", "\"model.topk\" = [LOCAL, GLOBAL]\n    \"model.lambda\" = [0, 1]");
        List<String> common = settings("model.epochs=2");

        Instant localStart = Instant.now();
        CliProcess local = sparc("local.log", args(List.of("grid", grid.toString()), common, "local"));
        assertEquals(0, local.waitFor(300), local.output());
        Duration localWall = Duration.between(localStart, Instant.now());

        Instant submitStart = Instant.now();
        CliProcess submit = sparc("submit.log", args(List.of("grid", grid.toString(), "--slurm"), common, "slurm"));
        assertEquals(0, submit.waitFor(300), submit.output());
        Instant submitted = Instant.now();
        Matcher m = SUBMITTED.matcher(submit.output());
        assertTrue(m.find(), submit.output());
        awaitGone(m.group(1) + "," + m.group(2), 300);
        Duration slurmWall = Duration.between(submitStart, Instant.now());

        Path slurmDir = dir.resolve("slurm/quickstart/slurm");
        for (String cell : List.of("topk=LOCAL,lambda=0", "topk=LOCAL,lambda=1", "topk=GLOBAL,lambda=0", "topk=GLOBAL,lambda=1")) {
            CellResult onSlurm = new RunDirectory(dir.resolve("slurm/quickstart").resolve(cell)).result().orElseThrow();
            CellResult here = new RunDirectory(dir.resolve("local/quickstart").resolve(cell)).result().orElseThrow();
            assertEquals("FINISHED", onSlurm.status(), cell);
            assertEquals(here.metrics(), onSlurm.metrics(), cell + ": the same metrics as the local run");
        }
        assertTrue(Files.readString(slurmDir.resolve(SlurmGrid.RESULTS)).contains("| topk=GLOBAL,lambda=1 | FINISHED |"));
        String parentId = com.fasterxml.jackson.databind.json.JsonMapper.builder().build()
                .readTree(slurmDir.resolve("submission.json").toFile()).get("parentRunId").asText();
        LocalStoreTracker store = new LocalStoreTracker(dir.resolve("slurm-store"));
        assertEquals(RunStatus.FINISHED, store.getRun("sparc-j-quickstart", parentId).orElseThrow().status(), "parent closed");
        List<RunRecord> children = store.listRuns("sparc-j-quickstart", parentId);
        assertEquals(4, children.size());
        children.forEach(c -> assertEquals(RunStatus.FINISHED, c.status(), c.runName()));

        // Overhead per cell: from the end of the submission to each task's start.
        List<String> waits = new ArrayList<>();
        try (Stream<Path> logs = Files.list(slurmDir.resolve("logs"))) {
            for (Path log : logs.filter(p -> !p.toString().endsWith("-close.out")).sorted().toList()) {
                Matcher t = TASK_START.matcher(Files.readString(log));
                assertTrue(t.find(), log.toString());
                waits.add(Duration.between(submitted, Instant.parse(t.group(1))).toMillis() / 1000.0 + " s");
            }
        }
        System.out.printf("slurm overhead: submit to task start %s; wall time %.1f s on Slurm (submission %.1f s) "
                        + "vs %.1f s local%n", waits, slurmWall.toMillis() / 1000.0,
                Duration.between(submitStart, submitted).toMillis() / 1000.0, localWall.toMillis() / 1000.0);

        Files.writeString(grid, "\n# edited after submission\n", java.nio.file.StandardOpenOption.APPEND);
        CliProcess task = sparc("changed.log", args(List.of("grid", grid.toString(), "--cell", "0"), common, "slurm"));
        assertEquals(2, task.waitFor(120), task.output());
        assertTrue(task.output().contains("changed since it was submitted"), task.output());
    }

    @Test
    void aTaskStoppedBySigtermRequeuesAndEndsWithTheWeightsOfAnUninterruptedRun() throws Exception {
        Path grid = grid("preempt", "\"model.topk\" = [GLOBAL]");
        List<String> common = settings("model.epochs=40", "run.checkpoint_every=10");
        CliProcess submit = sparc("submit.log", args(List.of("grid", grid.toString(), "--slurm"), common, "slurm"));
        assertEquals(0, submit.waitFor(300), submit.output());
        Matcher m = SUBMITTED.matcher(submit.output());
        assertTrue(m.find(), submit.output());
        String task = m.group(1) + "_0";
        RunDirectory cell = new RunDirectory(dir.resolve("slurm/preempt/topk=GLOBAL"));
        Path log = dir.resolve("slurm/preempt/slurm/logs/" + m.group(1) + "_0.out");

        long deadline = System.currentTimeMillis() + 240_000;
        while (!cell.hasCheckpoint()) {
            if (System.currentTimeMillis() > deadline) fail("no checkpoint; task log:\n" + read(log));
            Thread.sleep(200);
        }
        assertEquals(0, slurm("scancel", "--signal=TERM", "--batch", task).rc);
        while (!read(log).contains("requeued slurm job")) {
            if (System.currentTimeMillis() > deadline) fail("the task did not requeue itself:\n" + read(log));
            Thread.sleep(200);
        }
        assertEquals("KILLED", cell.status().map(Enum::name).orElseThrow(), read(log));
        // Slurm makes a requeued job eligible only about two minutes later; once it is back in the
        // queue, start it now instead.
        while (!slurm("squeue", "-h", "-j", task, "-o", "%T").text.strip().equals("PENDING")) {
            if (System.currentTimeMillis() > deadline) fail("the task is not pending again: " + slurm("squeue").text);
            Thread.sleep(200);
        }
        // Start it early only once the previous run has left the node: a task launched while the node still
        // completes the old one fails to launch (FAILED, run time 0), which is the test's doing, not the task's.
        while (!slurm("squeue", "-h", "-t", "COMPLETING,CONFIGURING").text.isBlank()
                || slurm("sinfo", "-h", "-o", "%T").text.toLowerCase(java.util.Locale.ROOT).contains("comp")) {
            if (System.currentTimeMillis() > deadline) fail("the node does not finish the old run: " + slurm("sinfo").text);
            Thread.sleep(200);
        }
        Thread.sleep(2000);
        assertEquals(0, slurm("scontrol", "update", "JobId=" + task, "StartTime=now").rc);
        // Wait for the restarted task itself: while Slurm moves a requeued array task, a lookup by job ID
        // can come back empty for a moment, so "no longer queued" alone does not mean it ran.
        long restartDeadline = System.currentTimeMillis() + 240_000;
        long nudged = System.currentTimeMillis();
        while (!(read(log).contains("restart 1")
                && cell.status().map(Enum::name).orElse("").equals("FINISHED"))) {
            if (System.currentTimeMillis() > restartDeadline)
                fail("the requeued task did not finish:\n" + read(log) + "\n"
                        + slurm("squeue", "-o", "%i %T %r %S").text + "\n" + slurm("scontrol", "show", "job", task).text);
            // A requeued task can sit PENDING (BeginTime, or a node still completing the previous run):
            // release it and move its start time up again every few seconds until it runs.
            if (System.currentTimeMillis() - nudged > 5000
                    && slurm("squeue", "-h", "-j", task, "-o", "%T").text.strip().equals("PENDING")) {
                slurm("scontrol", "release", task);
                slurm("scontrol", "update", "JobId=" + task, "StartTime=now");
                nudged = System.currentTimeMillis();
            }
            Thread.sleep(500);
        }
        awaitGone(m.group(1) + "," + m.group(2), 240);
        String output = read(log);
        assertTrue(output.contains("restart 1"), output);
        assertTrue(output.contains("resumed (was KILLED)"), output);
        assertEquals("FINISHED", cell.status().map(Enum::name).orElseThrow(), output);

        CliProcess ref = sparc("ref.log", args(List.of("grid", grid.toString()), common, "local"));
        assertEquals(0, ref.waitFor(300), ref.output());
        RunDirectory uninterrupted = new RunDirectory(dir.resolve("local/preempt/topk=GLOBAL"));
        assertArrayEquals(Files.readAllBytes(uninterrupted.checkpoint()), Files.readAllBytes(cell.checkpoint()),
                "the same weights as an uninterrupted run");
        assertEquals(uninterrupted.result().orElseThrow().metrics(), cell.result().orElseThrow().metrics());
    }

    /** A grid file over the quickstart experiment. */
    private Path grid(String name, String axes) throws IOException {
        Path file = dir.resolve(name + ".conf");
        Files.writeString(file, """
                grid {
                  name = %s
                  experiment = "%s"
                  axes {
                    %s
                  }
                }
                """.formatted(name, ROOT.resolve("conf/experiments/quickstart.conf"), axes));
        return file;
    }

    private List<String> settings(String... more) {
        List<String> s = new ArrayList<>(List.of("run.progress=false", "data.cache_dir=" + dir.resolve("data")));
        s.addAll(List.of(more));
        return s;
    }

    /**
     * {@code head}, the settings, then the grid and tracker directories of {@code where} (local or
     * slurm): separate stores, so neither run finds the other's cells FINISHED in its tracker.
     */
    private String[] args(List<String> head, List<String> settings, String where) {
        List<String> all = new ArrayList<>(head);
        all.addAll(settings);
        all.add("run.grids_dir=" + dir.resolve(where));
        all.add("tracking.local_store=" + dir.resolve(where + "-store"));
        return all.toArray(String[]::new);
    }

    private CliProcess sparc(String log, String... args) throws IOException {
        return CliProcess.start(dir, Map.of("SLURM_CONF", slurmConf), dir.resolve(log), args);
    }

    private static void awaitGone(String jobs, int seconds) throws Exception {
        long deadline = System.currentTimeMillis() + seconds * 1000L;
        while (!slurm("squeue", "-h", "-j", jobs).text.isBlank()) {
            if (System.currentTimeMillis() > deadline) fail("jobs " + jobs + " still queued: " + slurm("squeue").text);
            Thread.sleep(1000);
        }
    }

    private static String read(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    }

    private record Out(int rc, String text) {
    }

    private static Out slurm(String... cmd) throws Exception {
        return run(List.of(cmd), Map.of("SLURM_CONF", slurmConf));
    }

    private static Out run(List<String> cmd, Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Out(p.waitFor(), text);
    }
}
