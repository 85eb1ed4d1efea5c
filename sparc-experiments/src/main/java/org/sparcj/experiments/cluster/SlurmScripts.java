package org.sparcj.experiments.cluster;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.sparcj.experiments.tracking.MlflowCredentials;

/**
 * The two batch scripts of a submission: the job array (one task per cell to run, each
 * {@code exec}ing the JVM so Slurm's signals reach it) and the closing job. Tasks never build:
 * they run the Java and class path of the submitting process.
 */
final class SlurmScripts {
    /** Seconds before the time limit Slurm sends SIGTERM: time to checkpoint and requeue. */
    static final int WARNING_SECONDS = 120;
    private static final String MAIN = "org.sparcj.experiments.cli.SparcCli";

    private final String grid;
    private final Path gridFile;
    private final Path slurmDir;
    private final Path workDir;
    private final List<String> overrides;
    private final SlurmOptions options;

    SlurmScripts(String grid, Path gridFile, Path slurmDir, Path workDir, List<String> overrides, SlurmOptions options) {
        this.grid = grid;
        this.gridFile = gridFile;
        this.slurmDir = slurmDir;
        this.workDir = workDir;
        this.overrides = List.copyOf(overrides);
        this.options = options;
    }

    /** The job array: {@code --array} lists the indices to run ({@code %N} caps how many run at once). */
    String array(List<Integer> indices) {
        String spec = ranges(indices) + (options.maxRunning() > 0 ? "%" + options.maxRunning() : "");
        List<String> head = new ArrayList<>(List.of("--job-name=sparc-" + grid, "--array=" + spec,
                "--output=" + slurmDir.resolve("logs") + "/%A_%a.out", "--open-mode=append",
                "--chdir=" + workDir, "--requeue", "--signal=B:TERM@" + WARNING_SECONDS));
        if (options.gpusPerCell() > 0) head.add("--gpus=" + options.gpusPerCell());
        if (options.cpusPerCell() > 0) head.add("--cpus-per-task=" + options.cpusPerCell());
        if (present(options.mem())) head.add("--mem=" + options.mem());
        if (present(options.time())) head.add("--time=" + options.time());
        String intro = "# SPARC-J grid " + grid + ": one array task per cell, task I runs cell I of\n"
                + "#   sparc grid " + gridFile + " --dry-run\n"
                + "# On SIGTERM (time limit, preemption) the cell checkpoints and the task requeues itself.\n";
        String body = "echo \"sparc: cell $SLURM_ARRAY_TASK_ID of grid " + grid + ", slurm job $SLURM_JOB_ID"
                + " (restart ${SLURM_RESTART_COUNT:-0}) on $(hostname) at $(date -u +%FT%T.%3NZ)\"\n"
                + java("--cell", "\"$SLURM_ARRAY_TASK_ID\"");
        return script(intro, head, body);
    }

    /** The closing job, run after every task ended (afterany): ends the parent run, writes the results table. */
    String close() {
        List<String> head = new ArrayList<>(List.of("--job-name=sparc-" + grid + "-close",
                "--output=" + slurmDir.resolve("logs") + "/%j-close.out", "--chdir=" + workDir));
        String intro = "# SPARC-J grid " + grid + ": after every array task ended, closes the parent run and\n"
                + "# writes the results table (" + slurmDir.resolve(SlurmGrid.RESULTS) + ").\n";
        return script(intro, head, java("--close"));
    }

    private String script(String intro, List<String> head, String body) {
        StringBuilder s = new StringBuilder("#!/bin/bash\n").append(intro);
        if (present(options.partition())) head.add("--partition=" + options.partition());
        head.addAll(options.sbatchArgs());
        for (String h : head) s.append("#SBATCH ").append(h).append('\n');
        s.append("set -e\n")
                .append("export TF_CPP_MIN_LOG_LEVEL=\"${TF_CPP_MIN_LOG_LEVEL:-2}\"\n")
                .append("export TF_CPU_ALLOCATOR_USE_BFC=\"${TF_CPU_ALLOCATOR_USE_BFC:-true}\"\n")
                .append(body).append('\n');
        return s.toString();
    }

    // exec: the JVM replaces the batch shell, so Slurm's signal (B: the batch shell) reaches it.
    private String java(String... args) {
        List<String> cmd = new ArrayList<>(List.of(quote(Path.of(System.getProperty("java.home"), "bin", "java").toString())));
        cmd.add("${SPARC_JAVA_OPTS:--Xmx6g}");
        cmd.addAll(List.of("-cp", quote(System.getProperty("java.class.path")), MAIN, "grid", quote(gridFile.toString())));
        cmd.addAll(List.of(args));
        for (String o : overrides) cmd.add(quote(MlflowCredentials.redact(o)));   // the task gets the URI from its environment
        return "exec " + String.join(" ", cmd);
    }

    /** Ascending indices as Slurm writes them: runs of consecutive ones as a range ({@code 0-3,5,7-8}). */
    static String ranges(List<Integer> indices) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < indices.size(); ) {
            int j = i;
            while (j + 1 < indices.size() && indices.get(j + 1) == indices.get(j) + 1) j++;
            parts.add(j == i ? indices.get(i).toString() : indices.get(i) + "-" + indices.get(j));
            i = j + 1;
        }
        return String.join(",", parts);
    }

    static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    private static boolean present(String s) {
        return s != null && !s.isBlank();
    }
}
