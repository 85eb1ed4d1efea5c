package org.sparcj.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * scripts/tf-env.sh, which bin/sparc and scripts/bench-eval.sh source: training commands get TensorFlow's
 * pooling allocator, inference-only commands the system allocator with a fixed mmap threshold, and a
 * value the user set is kept.
 */
class TensorFlowEnvironmentTest {
    private static final Path SCRIPT = Path.of("..", "scripts", "tf-env.sh").toAbsolutePath().normalize();

    @Test
    void trainingCommandsPool() throws Exception {
        for (String[] args : List.of(new String[] {"train", "-c", "x.conf"}, new String[] {"grid", "conf/grids/quickstart.conf"},
                new String[] {"--verbose", "regress"}, new String[] {"bench", "--steps", "3"}, new String[] {}))
            assertEquals("true|unset|2", environment(Map.of(), args), String.join(" ", args));
    }

    @Test
    void inferenceCommandsReturnFreedBuffers() throws Exception {
        for (String command : List.of("eval", "encode", "export", "atlas", "stability", "localise")) {
            assertEquals("false|131072|2", environment(Map.of(), command, "results/runs/r"), command);
            assertEquals("false|131072|2", environment(Map.of(), "--verbose", command, "--out", "train"), command);
        }
    }

    @Test
    void keepsWhatTheUserSet() throws Exception {
        assertEquals("true|unset|0", environment(Map.of("TF_CPU_ALLOCATOR_USE_BFC", "true", "TF_CPP_MIN_LOG_LEVEL", "0"), "eval", "r"));
        assertEquals("false|65536|2", environment(Map.of("TF_CPU_ALLOCATOR_USE_BFC", "false", "MALLOC_MMAP_THRESHOLD_", "65536"), "train"));
    }

    /** TF_CPU_ALLOCATOR_USE_BFC|MALLOC_MMAP_THRESHOLD_|TF_CPP_MIN_LOG_LEVEL after sourcing the script with {@code args}. */
    private static String environment(Map<String, String> set, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("bash", "-c", "set -euo pipefail; source \"$0\" \"$@\"; "
                + "printf '%s|%s|%s' \"$TF_CPU_ALLOCATOR_USE_BFC\" \"${MALLOC_MMAP_THRESHOLD_:-unset}\" \"$TF_CPP_MIN_LOG_LEVEL\"",
                SCRIPT.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        for (String v : List.of("TF_CPU_ALLOCATOR_USE_BFC", "MALLOC_MMAP_THRESHOLD_", "TF_CPP_MIN_LOG_LEVEL")) pb.environment().remove(v);
        pb.environment().putAll(set);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        return out;
    }
}
