package org.sparcj.experiments.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The CLI's main in a JVM of its own (this test JVM's class path), so a test can kill it for real:
 * {@link Process#destroy()} sends SIGTERM, {@link Process#destroyForcibly()} SIGKILL (kill -9).
 * Its output goes to {@code log}.
 */
public final class CliProcess {
    private final Process process;
    private final Path log;

    private CliProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Starts {@code sparc args...} in {@code workDir} with {@code env} added to this process's environment. */
    public static CliProcess start(Path workDir, Map<String, String> env, Path log, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "org.sparcj.experiments.cli.SparcCli"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().remove("MLFLOW_TRACKING_URI");
        pb.environment().putAll(env);
        return new CliProcess(pb.start(), log);
    }

    public Process process() {
        return process;
    }

    /** Waits for the exit code (fails the test after {@code seconds}). */
    public int waitFor(long seconds) throws InterruptedException, IOException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("sparc did not finish in " + seconds + " s; output:\n" + output());
        }
        return process.exitValue();
    }

    public String output() throws IOException {
        return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    }
}
