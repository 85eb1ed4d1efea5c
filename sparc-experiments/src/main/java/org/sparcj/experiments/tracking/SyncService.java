package org.sparcj.experiments.tracking;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.mlflow.api.proto.Service;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Uploads runs of the local store that an MLflow server is missing: params, tags, metrics (in
 * batches), artifacts, status and the parent/child structure. It compares with what the server
 * already has before sending, so running it twice, or after a crash half-way, adds nothing twice.
 */
public final class SyncService {
    private static final Logger LOG = LoggerFactory.getLogger(SyncService.class);

    /** What one sync did. {@code failures} names each run that could not be uploaded and why. */
    public record SyncReport(int runsSynced, int metricsUploaded, int paramsUploaded, int artifactsUploaded,
                             List<String> failures) {
    }

    private SyncService() {
    }

    /** Uploads the runs marked pending (those a server missed while it was unreachable). */
    public static SyncReport sync(Path localStoreDir, String mlflowUri) {
        return sync(localStoreDir, mlflowUri, false);
    }

    /** As {@link #sync(Path, String)}; with {@code includeLocalOnly}, also runs recorded with no server configured. */
    public static SyncReport sync(Path localStoreDir, String mlflowUri, boolean includeLocalOnly) {
        return sync(localStoreDir, mlflowUri, MlflowCredentials.of(mlflowUri, java.util.Map.of()), includeLocalOnly);
    }

    /** As {@link #sync(Path, String, boolean)}, authenticating with {@code credentials}. */
    public static SyncReport sync(Path localStoreDir, String mlflowUri, MlflowCredentials credentials, boolean includeLocalOnly) {
        try (MlflowTracker server = new MlflowTracker(mlflowUri, credentials, true)) {
            return sync(new LocalStoreTracker(localStoreDir), server, includeLocalOnly);
        }
    }

    static SyncReport sync(LocalStoreTracker store, MlflowTracker server, boolean includeLocalOnly) {
        List<LocalRun> all = store.allRuns();
        Map<String, LocalRun> byId = new HashMap<>();
        all.forEach(r -> byId.put(r.runId(), r));
        Set<String> selected = new HashSet<>();
        for (LocalRun r : all) {
            SyncState s = r.meta().syncState();
            if (s == SyncState.PENDING || (includeLocalOnly && s == SyncState.LOCAL_ONLY)) {
                // A parent the server has never seen goes first, so the child's parent tag can point at it.
                for (LocalRun a = r; a != null; a = a.meta().parentRunId() == null ? null : byId.get(a.meta().parentRunId())) {
                    if (a != r && onServer(a, server) != null) break;
                    selected.add(a.runId());
                }
            }
        }
        List<LocalRun> order = new ArrayList<>(all);
        order.removeIf(r -> !selected.contains(r.runId()));
        order.sort(Comparator.comparingInt((LocalRun r) -> depth(r, byId)).thenComparingLong(r -> r.meta().startTime()));

        int runs = 0, metrics = 0, params = 0, artifacts = 0;
        List<String> failures = new ArrayList<>();
        for (LocalRun run : order) {
            try {
                int[] n = syncRun(run, byId, server);
                runs++;
                metrics += n[0];
                params += n[1];
                artifacts += n[2];
            } catch (TrackerUnavailableException e) {
                failures.add(run.runId() + " (" + run.meta().runName() + "): " + e.getMessage());
                break; // the server is gone: the rest would fail the same way
            } catch (RuntimeException e) {
                failures.add(run.runId() + " (" + run.meta().runName() + "): " + e.getMessage());
                LOG.warn("sync of run {} failed: {}", run.runId(), e.getMessage());
            }
        }
        return new SyncReport(runs, metrics, params, artifacts, List.copyOf(failures));
    }

    /** The server's id of a local run, if it was created on this server; null otherwise. */
    private static String onServer(LocalRun r, MlflowTracker server) {
        LocalRunMeta m = r.meta();
        if (m.mlflowRunId() == null || !sameUri(m.mlflowUri(), server.uri())) return null;
        return m.mlflowRunId();
    }

    private static int[] syncRun(LocalRun run, Map<String, LocalRun> byId, MlflowTracker server) {
        LocalRunMeta m = run.meta();
        String remoteId = onServer(run, server);
        Optional<Service.Run> existing = remoteId == null ? Optional.empty() : server.getRunIfExists(remoteId);
        String remoteParent = null;
        if (m.parentRunId() != null) {
            LocalRun parent = byId.get(m.parentRunId());
            remoteParent = parent == null ? m.parentRunId() : onServer(parent, server);
            if (remoteParent == null) throw new TrackerException("parent run " + m.parentRunId() + " is not on " + server.uri() + " yet");
        }
        MlflowRun remote;
        Map<String, String> remoteParams = new HashMap<>();
        if (existing.isPresent()) {
            remote = server.openRun(existing.get().getInfo().getRunId());
            existing.get().getData().getParamsList().forEach(p -> remoteParams.put(p.getKey(), p.getValue()));
        } else {
            Service.RunInfo info = server.createRun(server.experimentId(m.experiment()), m.runName(), remoteParent,
                    m.tags(), m.startTime());
            // Remember the server's id at once: a sync that dies after this point resumes this run, not a new one.
            run.updateSync(m.syncState() == SyncState.LOCAL_ONLY ? SyncState.PENDING : m.syncState(), server.uri(), info.getRunId());
            remote = server.openRun(info.getRunId());
        }

        Map<String, String> params = new TreeMap<>(LocalStoreTracker.readParams(run.dir()));
        params.keySet().removeIf(k -> remoteParams.containsKey(MlflowTracker.safeKey(k)));
        remote.logParams(params);

        Map<String, String> tags = new TreeMap<>(m.tags());
        if (remoteParent != null) tags.put(MlflowTracker.PARENT_TAG, remoteParent);
        remote.setTags(tags);

        List<MetricPoint> missing = missingMetrics(run, remote.runId(), server);
        remote.logMetrics(missing);

        List<Path> files = LocalStoreTracker.artifactFiles(run.dir());
        for (Path rel : files) {
            Path file = run.dir().resolve(LocalStoreTracker.ARTIFACTS).resolve(rel);
            remote.logArtifact(file, rel.getParent() == null ? "" : rel.getParent().toString().replace('\\', '/'));
        }

        if (m.status() != RunStatus.RUNNING) {
            remote.end(m.status(), m.endTime() == null ? System.currentTimeMillis() : m.endTime());
            run.updateSync(SyncState.SYNCED, server.uri(), remote.runId());
        }
        LOG.info("synced run {} ({}) to {} as {}: {} params, {} metric values, {} artifacts", m.runId(), m.runName(),
                server.uri(), remote.runId(), params.size(), missing.size(), files.size());
        return new int[] {missing.size(), params.size(), files.size()};
    }

    /** Local metric points the server does not have yet, matched by key, step, timestamp and value (with multiplicity). */
    private static List<MetricPoint> missingMetrics(LocalRun run, String remoteId, MlflowTracker server) {
        List<MetricPoint> local = LocalStoreTracker.readMetrics(run.dir());
        Map<String, Map<String, Integer>> remoteCounts = new HashMap<>();
        List<MetricPoint> missing = new ArrayList<>();
        for (MetricPoint p : local) {
            Map<String, Integer> counts = remoteCounts.computeIfAbsent(MlflowTracker.safeKey(p.key()), k -> {
                Map<String, Integer> c = new HashMap<>();
                for (Service.Metric h : server.call("get history of metric " + k,
                        () -> server.client().getMetricHistory(remoteId, k))) {
                    c.merge(pointKey(h.getStep(), h.getTimestamp(), h.getValue()), 1, Integer::sum);
                }
                return c;
            });
            String key = pointKey(p.step(), p.timestampMillis(), p.value());
            Integer n = counts.get(key);
            if (n != null && n > 0) counts.put(key, n - 1);
            else missing.add(p);
        }
        return missing;
    }

    private static String pointKey(long step, long timestamp, double value) {
        // MLflow stores +-infinity as +-Double.MAX_VALUE: compare the way it stores.
        double stored = value == Double.POSITIVE_INFINITY ? Double.MAX_VALUE
                : value == Double.NEGATIVE_INFINITY ? -Double.MAX_VALUE : value;
        return step + "|" + timestamp + "|" + Double.doubleToLongBits(stored);
    }

    private static int depth(LocalRun r, Map<String, LocalRun> byId) {
        int d = 0;
        for (String p = r.meta().parentRunId(); p != null && byId.containsKey(p) && d < 100; p = byId.get(p).meta().parentRunId()) d++;
        return d;
    }

    private static boolean sameUri(String a, String b) {
        return a != null && b != null && a.replaceAll("/+$", "").equals(b.replaceAll("/+$", ""));
    }
}
