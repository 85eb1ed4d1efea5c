package org.sparcj.experiments.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Slurm's client commands (sbatch, scontrol), run as processes; a failure is one line naming the command. */
final class Slurm {
    private static final Pattern JOB_STATE = Pattern.compile("\\bJobState=(\\S+)");

    private Slurm() {
    }

    /** Runs {@code pb}; its stdout, or an IllegalArgumentException with the command, exit code and stderr. */
    static String run(ProcessBuilder pb, String what) {
        try {
            Process p = pb.redirectErrorStream(false).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            int rc = p.waitFor();
            if (rc != 0) throw new IllegalArgumentException(what + " failed (exit " + rc + "): " + err.replace('\n', ' '));
            return out;
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot run " + what + " (is Slurm installed here?): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(what + " interrupted", e);
        }
    }

    /** The job's state per {@code scontrol show job} (e.g. RUNNING, CANCELLED); empty when it cannot tell. */
    static Optional<String> jobState(String job) {
        try {
            Matcher m = JOB_STATE.matcher(run(new ProcessBuilder("scontrol", "show", "job", "-o", job), "scontrol show job"));
            return m.find() ? Optional.of(m.group(1)) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
