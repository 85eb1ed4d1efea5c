package org.sparcj.experiments.tracking;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The embedded tracker: one folder per experiment and per run under a root directory
 * ({@link #DEFAULT_ROOT} unless told otherwise), each run holding meta.json (id, name, parent,
 * status, times, tags, sync state), params.json, metrics.jsonl (append-only: key, value, step,
 * timestamp) and artifacts/. JSON files are replaced by atomic rename, metrics only appended.
 */
public final class LocalStoreTracker implements Tracker {
    public static final Path DEFAULT_ROOT = Path.of("results", "local-store");
    static final String META = "meta.json";
    static final String PARAMS = "params.json";
    static final String METRICS = "metrics.jsonl";
    static final String ARTIFACTS = "artifacts";
    private static final String EXPERIMENT = "experiment.json";

    record MetricLine(String key, double value, long step, long timestamp) {
    }

    record ExperimentFile(String name) {
    }

    private final Path root;

    public LocalStoreTracker(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    @Override
    public TrackedRun startRun(String experiment, String runName, String parentRunId, Map<String, String> tags) {
        return startLocalRun(experiment, runName, parentRunId, tags, newRunId(), SyncState.LOCAL_ONLY, null, null);
    }

    /** Starts a run with a given id and sync state (the fallback tracker mirrors server runs under their ids). */
    LocalRun startLocalRun(String experiment, String runName, String parentRunId, Map<String, String> tags,
                           String runId, SyncState state, String mlflowUri, String mlflowRunId) {
        requireName("experiment", experiment);
        requireName("run name", runName);
        Path expDir = experimentDir(experiment);
        Path dir = expDir.resolve(runId);
        if (Files.exists(dir.resolve(META))) throw new TrackerException("run " + runId + " already exists in " + dir);
        Map<String, String> allTags = new TreeMap<>(tags == null ? Map.of() : tags);
        LocalRunMeta meta = new LocalRunMeta(runId, runName, experiment, parentRunId, RunStatus.RUNNING,
                System.currentTimeMillis(), null, allTags, state, mlflowUri, mlflowRunId);
        try {
            Files.createDirectories(dir.resolve(ARTIFACTS));
            if (!Files.exists(expDir.resolve(EXPERIMENT))) {
                JsonFiles.writeAtomically(expDir.resolve(EXPERIMENT), new ExperimentFile(experiment));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create run folder " + dir, e);
        }
        JsonFiles.writeAtomically(dir.resolve(PARAMS), Map.of());
        JsonFiles.writeAtomically(dir.resolve(META), meta);
        return new LocalRun(dir, meta);
    }

    @Override
    public Optional<RunRecord> findRun(String experiment, String runName) {
        Path newest = null;
        LocalRunMeta newestMeta = null;
        for (Path d : runDirs(experiment)) {
            LocalRunMeta m = readMeta(d);
            if (m.runName().equals(runName) && (newestMeta == null || m.startTime() >= newestMeta.startTime())) {
                newest = d;
                newestMeta = m;
            }
        }
        return newest == null ? Optional.empty() : Optional.of(record(newest, newestMeta));
    }

    @Override
    public Optional<RunRecord> findRunByTags(String experiment, Map<String, String> tags) {
        Path newest = null;
        LocalRunMeta newestMeta = null;
        for (Path d : runDirs(experiment)) {
            LocalRunMeta m = readMeta(d);
            if (m.tags().entrySet().containsAll(tags.entrySet()) && (newestMeta == null || m.startTime() >= newestMeta.startTime())) {
                newest = d;
                newestMeta = m;
            }
        }
        return newest == null ? Optional.empty() : Optional.of(record(newest, newestMeta));
    }

    @Override
    public Optional<RunRecord> getRun(String experiment, String runId) {
        return localRun(experiment, runId).map(r -> record(r.dir(), r.meta()));
    }

    @Override
    public TrackedRun reopen(String experiment, String runId, String parentRunId) {
        LocalRun run = localRun(experiment, runId).orElseThrow(() -> new TrackerException("no run " + runId + " of experiment '"
                + experiment + "' in " + root));
        run.reopen(parentRunId);
        return run;
    }

    @Override
    public List<RunRecord> listRuns(String experiment, String parentRunId) {
        List<RunRecord> out = new ArrayList<>();
        for (Path d : runDirs(experiment)) {
            LocalRunMeta m = readMeta(d);
            if (parentRunId == null || parentRunId.equals(m.parentRunId())) out.add(record(d, m));
        }
        out.sort(Comparator.comparing(RunRecord::runName));
        return out;
    }

    @Override
    public String describe() {
        return "local " + root;
    }

    /** All runs of all experiments in the store, with their folders (for sync). */
    List<LocalRun> allRuns() {
        List<LocalRun> out = new ArrayList<>();
        if (!Files.isDirectory(root)) return out;
        try (Stream<Path> exps = Files.list(root)) {
            for (Path e : exps.filter(Files::isDirectory).sorted().toList()) {
                try (Stream<Path> runs = Files.list(e)) {
                    runs.filter(d -> Files.isRegularFile(d.resolve(META))).sorted()
                            .forEach(d -> out.add(new LocalRun(d, readMeta(d))));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list local store " + root, e);
        }
        return out;
    }

    /** The open-for-writing handle of an existing run (for the fallback tracker and sync). */
    Optional<LocalRun> localRun(String experiment, String runId) {
        Path d = experimentDir(experiment).resolve(runId);
        return Files.isRegularFile(d.resolve(META)) ? Optional.of(new LocalRun(d, readMeta(d))) : Optional.empty();
    }

    static RunRecord record(Path dir, LocalRunMeta m) {
        Map<String, Double> latest = new TreeMap<>();
        Map<String, MetricPoint> best = new HashMap<>();
        for (MetricPoint p : readMetrics(dir)) {
            MetricPoint b = best.get(p.key());
            // "Latest" as MLflow defines it: highest step, then newest timestamp.
            if (b == null || p.step() > b.step() || (p.step() == b.step() && p.timestampMillis() >= b.timestampMillis())) {
                best.put(p.key(), p);
            }
        }
        best.forEach((k, p) -> latest.put(k, p.value()));
        return new RunRecord(m.runId(), m.runName(), m.status(), readParams(dir), latest, m.tags());
    }

    static LocalRunMeta readMeta(Path dir) {
        return JsonFiles.read(dir.resolve(META), LocalRunMeta.class);
    }

    static Map<String, String> readParams(Path dir) {
        Path f = dir.resolve(PARAMS);
        if (!Files.exists(f)) return Map.of();
        try {
            return JsonFiles.MAPPER.readValue(f.toFile(), new TypeReference<TreeMap<String, String>>() { });
        } catch (IOException e) {
            throw new TrackerException("cannot read " + f + ": " + e.getMessage(), e);
        }
    }

    /** Metric points in the order they were logged; a torn last line (crash mid-append) is skipped. */
    static List<MetricPoint> readMetrics(Path dir) {
        Path f = dir.resolve(METRICS);
        List<MetricPoint> out = new ArrayList<>();
        if (!Files.exists(f)) return out;
        List<String> lines;
        try {
            lines = Files.readAllLines(f, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + f, e);
        }
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) continue;
            try {
                MetricLine m = JsonFiles.MAPPER.readValue(line, MetricLine.class);
                out.add(new MetricPoint(m.key(), m.value(), m.step(), m.timestamp()));
            } catch (IOException e) {
                if (i == lines.size() - 1) break;
                throw new TrackerException("corrupt metric line " + (i + 1) + " in " + f + ": " + line, e);
            }
        }
        return out;
    }

    /** All artifact files of a run, as paths relative to its artifacts folder. */
    static List<Path> artifactFiles(Path dir) {
        Path root = dir.resolve(ARTIFACTS);
        if (!Files.isDirectory(root)) return List.of();
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().endsWith(".tmp"))
                    .map(root::relativize).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list artifacts under " + root, e);
        }
    }

    static Path artifactTarget(Path artifactsRoot, String artifactDir, Path file) {
        String sub = artifactDir == null ? "" : artifactDir;
        Path target = artifactsRoot.resolve(sub).resolve(file.getFileName().toString()).normalize();
        if (!target.startsWith(artifactsRoot.normalize()) || Path.of(sub).isAbsolute()) {
            throw new IllegalArgumentException("artifact dir must be a relative path inside the run: '" + artifactDir + "'");
        }
        return target;
    }

    private List<Path> runDirs(String experiment) {
        Path expDir = experimentDir(experiment);
        if (!Files.isDirectory(expDir)) return List.of();
        try (Stream<Path> s = Files.list(expDir)) {
            return s.filter(d -> Files.isRegularFile(d.resolve(META))).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list runs in " + expDir, e);
        }
    }

    private Path experimentDir(String experiment) {
        String safe = experiment.replaceAll("[^A-Za-z0-9._-]", "_");
        if (!safe.equals(experiment) || safe.startsWith(".")) {
            // Keep distinct names distinct after sanitising.
            safe = safe + "-" + Integer.toHexString(experiment.hashCode());
        }
        return root.resolve(safe);
    }

    static String newRunId() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    private static void requireName(String what, String value) {
        if (value == null || value.isBlank()) throw new IllegalArgumentException(what + " must not be blank");
    }
}
