package org.sparcj.experiments.tracking;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/** The tags every SPARC-J run carries, so a result can be traced to its code and configuration. */
public final class RunTags {
    public static final String GIT_COMMIT = "sparc.git_commit";
    public static final String CONFIG_HASH = "sparc.config_hash";
    /** Set on runs that end FAILED: the error's class and message. */
    public static final String ERROR = "sparc.error";
    /** On a grid's parent run: the params (flattened config keys) that tell its cells apart, comma-separated. */
    public static final String GRID_AXES = "sparc.grid_axes";
    /** On a grid's runs: the grid's name. */
    public static final String GRID = "sparc.grid";
    /** On a grid cell's run: the cell's name (its values, e.g. topk=GLOBAL,lambda=1); with {@link #GRID} it finds the run. */
    public static final String CELL = "sparc.cell";
    /** MLflow's "Source" column: the program, or the grid file a grid's runs came from. */
    public static final String SOURCE_NAME = "mlflow.source.name";
    /** MLflow's "User" column: the operating-system user. */
    public static final String USER = "mlflow.user";

    private static volatile String commit;

    private RunTags() {
    }

    /** Who and what made a run: {@code mlflow.user}, {@code mlflow.source.name} ("sparc") and {@code mlflow.source.type}. */
    public static Map<String, String> origin() {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put(USER, System.getProperty("user.name", "unknown"));
        tags.put(SOURCE_NAME, "sparc");
        tags.put("mlflow.source.type", "LOCAL");
        return tags;
    }

    /** {@link #origin()}, {@code sparc.git_commit} (HEAD, or "unknown" outside a git checkout) and {@code sparc.config_hash}. */
    public static Map<String, String> standard(String configHash) {
        Map<String, String> tags = origin();
        tags.put(GIT_COMMIT, gitCommit());
        tags.put(CONFIG_HASH, configHash);
        return tags;
    }

    /** {@code git rev-parse HEAD} in the working directory, or "unknown" when git or a repository is missing. */
    public static String gitCommit() {
        String c = commit;
        if (c == null) {
            c = readGitCommit();
            commit = c;
        }
        return c;
    }

    private static String readGitCommit() {
        try {
            Process p = new ProcessBuilder("git", "rev-parse", "HEAD").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "unknown";
            }
            return p.exitValue() == 0 && out.matches("[0-9a-f]{40}") ? out : "unknown";
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    /** A short stable hash (12 hex digits of SHA-256) of flat params, independent of their order. */
    public static String configHash(Map<String, String> params) {
        StringBuilder sb = new StringBuilder();
        new TreeMap<>(params).forEach((k, v) -> sb.append(k).append('=').append(v).append('\n'));
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(sb.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from this JVM", e);
        }
    }
}
