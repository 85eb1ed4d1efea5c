package org.sparcj.experiments.tracking;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** An open run of the local store; every call goes straight to disk so a crash loses at most the call in flight. */
final class LocalRun implements TrackedRun {
    private final Path dir;
    private LocalRunMeta meta;

    LocalRun(Path dir, LocalRunMeta meta) {
        this.dir = dir;
        this.meta = meta;
    }

    @Override
    public String runId() {
        return meta.runId();
    }

    @Override
    public long lastStep(String key) {
        return LocalStoreTracker.readMetrics(dir).stream().filter(p -> p.key().equals(key))
                .mapToLong(MetricPoint::step).max().orElse(-1);
    }

    /** Back to RUNNING (a resumed run), under {@code parentRunId} when not null. */
    synchronized void reopen(String parentRunId) {
        meta = meta.reopened(parentRunId);
        JsonFiles.writeAtomically(dir.resolve(LocalStoreTracker.META), meta);
    }

    Path dir() {
        return dir;
    }

    synchronized LocalRunMeta meta() {
        return meta;
    }

    synchronized void updateSync(SyncState state, String uri, String remoteRunId) {
        meta = meta.withSync(state, uri, remoteRunId);
        JsonFiles.writeAtomically(dir.resolve(LocalStoreTracker.META), meta);
    }

    @Override
    public synchronized void logParams(Map<String, String> params) {
        Map<String, String> all = new TreeMap<>(LocalStoreTracker.readParams(dir));
        all.putAll(params);
        JsonFiles.writeAtomically(dir.resolve(LocalStoreTracker.PARAMS), all);
    }

    @Override
    public synchronized void logMetrics(List<MetricPoint> points) {
        if (points.isEmpty()) return;
        StringBuilder lines = new StringBuilder();
        try {
            for (MetricPoint p : points) {
                lines.append(JsonFiles.LINE.writeValueAsString(new LocalStoreTracker.MetricLine(p.key(), p.value(), p.step(), p.timestampMillis())))
                        .append('\n');
            }
            // One append per batch: a crash leaves whole lines plus at most one torn last line, which readers skip.
            Files.writeString(dir.resolve(LocalStoreTracker.METRICS), lines, StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append metrics to " + dir.resolve(LocalStoreTracker.METRICS), e);
        }
    }

    @Override
    public synchronized void setTag(String key, String value) {
        meta = meta.withTag(key, value);
        JsonFiles.writeAtomically(dir.resolve(LocalStoreTracker.META), meta);
    }

    @Override
    public synchronized void logArtifact(Path file, String artifactDir) {
        Path root = dir.resolve(LocalStoreTracker.ARTIFACTS);
        Path target = LocalStoreTracker.artifactTarget(root, artifactDir, file);
        try {
            Files.createDirectories(target.getParent());
            Path tmp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
            Files.copy(file, tmp, StandardCopyOption.REPLACE_EXISTING);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy artifact " + file + " to " + target, e);
        }
    }

    @Override
    public synchronized void end(RunStatus status) {
        if (status == RunStatus.RUNNING) throw new IllegalArgumentException("a run ends FINISHED, FAILED or KILLED, not RUNNING");
        meta = meta.withStatus(status, System.currentTimeMillis());
        JsonFiles.writeAtomically(dir.resolve(LocalStoreTracker.META), meta);
    }
}
