package org.sparcj.experiments.tracking;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A real MLflow server for integration tests, started by the project's scripts/mlflow-server.sh
 * (pinned mlflow in .venv-mlflow, sqlite in a temp dir, loopback, free port), or the one at
 * MLFLOW_TEST_URI. Tests skip only when SPARC_SKIP_MLFLOW=1 outside CI; otherwise (and always in
 * CI, CI=true) no server is a failure. {@link #basicAuth} starts one that requires HTTP basic auth.
 */
final class MlflowTestServer {
    private static MlflowTestServer shared;

    private final Path stateDir;
    private final String externalUri;
    private final Map<String, String> env;
    private String uri;

    private MlflowTestServer(Path stateDir, String externalUri, Map<String, String> env) {
        this.stateDir = stateDir;
        this.externalUri = externalUri;
        this.env = Map.copyOf(env);
    }

    /** The server all integration tests share (started once per test JVM, removed at exit). */
    static synchronized MlflowTestServer shared() {
        skipIfAsked();
        if (shared == null) {
            String external = System.getenv("MLFLOW_TEST_URI");
            if (external != null && !external.isBlank()) {
                shared = new MlflowTestServer(null, external.trim().replaceAll("/+$", ""), Map.of());
                shared.uri = shared.externalUri;
            } else {
                shared = scripted("shared");
            }
        }
        return shared;
    }

    /**
     * A server the caller may stop and restart: the shared one when the script started it (one
     * server start less), else one of its own; either way started by the script.
     */
    static synchronized MlflowTestServer restartable() {
        MlflowTestServer s = shared();
        return s.stateDir != null ? s : scripted("restartable");
    }

    /** A server of its own, always started by the script. */
    static MlflowTestServer scripted(String name) {
        return scripted(name, Map.of());
    }

    /** A server of its own that requires HTTP basic auth: user {@code admin}, password {@code adminPassword}. */
    static MlflowTestServer basicAuth(String adminPassword) {
        return scripted("basic-auth", Map.of("SPARC_MLFLOW_ADMIN_PASSWORD", adminPassword));
    }

    private static MlflowTestServer scripted(String name, Map<String, String> env) {
        skipIfAsked();
        Path state = repoRoot().resolve("sparc-experiments/target/mlflow-it/" + name + "-" + ProcessHandle.current().pid());
        MlflowTestServer s = new MlflowTestServer(state, null, env);
        s.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                s.script("clean");
            } catch (RuntimeException ignored) {
                // best effort at JVM exit
            }
        }));
        return s;
    }

    private static void skipIfAsked() {
        Assumptions.assumeFalse("1".equals(System.getenv("SPARC_SKIP_MLFLOW")) && !"true".equals(System.getenv("CI")),
                "SPARC_SKIP_MLFLOW=1: MLflow integration tests skipped (never in CI)");
    }

    String uri() {
        return uri;
    }

    /** Starts (or restarts, with the same port and data) the scripted server. */
    void start() {
        requireScripted();
        List<String> out = script("start");
        uri = out.get(out.size() - 1).trim();
        if (!uri.startsWith("http://")) fail("scripts/mlflow-server.sh start printed no URL: " + out);
    }

    /** Stops the scripted server; its data stays for {@link #start()}. */
    void stop() {
        requireScripted();
        script("stop");
    }

    private void requireScripted() {
        if (stateDir == null) throw new IllegalStateException("the server at MLFLOW_TEST_URI is not managed by the tests");
    }

    private List<String> script(String command) {
        Path root = repoRoot();
        Path script = root.resolve("scripts/mlflow-server.sh");
        try {
            Files.createDirectories(stateDir);
            ProcessBuilder pb = new ProcessBuilder("bash", script.toString(), command).redirectErrorStream(true);
            pb.environment().put("SPARC_MLFLOW_STATE", stateDir.toString());
            pb.environment().putAll(env);
            long t0 = System.nanoTime();
            Process p = pb.start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(15, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                fail("scripts/mlflow-server.sh " + command + " did not finish");
            }
            if (p.exitValue() != 0) {
                fail("could not " + command + " the MLflow test server with " + script + " (exit " + p.exitValue()
                        + "):\n" + output + "\nSet MLFLOW_TEST_URI to use a running server, or SPARC_SKIP_MLFLOW=1 to skip.");
            }
            System.err.printf("scripts/mlflow-server.sh %s: %.1f s%n", command, (System.nanoTime() - t0) / 1e9);
            return output.lines().filter(l -> !l.isBlank()).toList();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + script + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + script, e);
        }
    }

    static Path repoRoot() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("scripts/mlflow-server.sh"))) return p;
        }
        throw new IllegalStateException("scripts/mlflow-server.sh not found above " + Path.of("").toAbsolutePath());
    }
}
