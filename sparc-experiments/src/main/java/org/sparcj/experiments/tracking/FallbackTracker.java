package org.sparcj.experiments.tracking;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MLflow with a local safety net. Every run is written to the local store first and then to the
 * server (a local mirror under the server's run id). When the server stops answering mid-run,
 * the run goes on locally only and is marked {@link SyncState#PENDING}; {@link SyncService}
 * uploads what the server missed later. The server must be reachable when the tracker is made,
 * unless the caller marks it down at once (the opt-in {@code tracking.fallback = local}).
 */
public final class FallbackTracker implements Tracker {
    private static final Logger LOG = LoggerFactory.getLogger(FallbackTracker.class);

    private final MlflowTracker mlflow;
    private final LocalStoreTracker local;
    private volatile boolean serverDown;

    public FallbackTracker(MlflowTracker mlflow, LocalStoreTracker local) {
        this.mlflow = mlflow;
        this.local = local;
    }

    public MlflowTracker mlflow() {
        return mlflow;
    }

    public LocalStoreTracker local() {
        return local;
    }

    @Override
    public TrackedRun startRun(String experiment, String runName, String parentRunId, Map<String, String> tags) {
        if (serverAvailable() && !parentOnlyLocal(experiment, parentRunId)) {
            try {
                MlflowRun remote = (MlflowRun) mlflow.startRun(experiment, runName, parentRunId, tags);
                LocalRun mirror = local.startLocalRun(experiment, runName, parentRunId, tags, remote.runId(),
                        SyncState.SYNCED, mlflow.uri(), remote.runId());
                return new FallbackRun(this, remote, mirror);
            } catch (TrackerUnavailableException e) {
                markDown(e);
            }
        }
        LocalRun only = local.startLocalRun(experiment, runName, parentRunId, tags, LocalStoreTracker.newRunId(),
                SyncState.PENDING, null, null);
        LOG.warn("run '{}' is recorded in {} only (pending sync to {})", runName, local.root(), mlflow.uri());
        return new FallbackRun(this, null, only);
    }

    /** A parent that never reached the server: its children wait for sync too, so their parent tag stays valid. */
    private boolean parentOnlyLocal(String experiment, String parentRunId) {
        if (parentRunId == null) return false;
        return local.localRun(experiment, parentRunId).map(r -> r.meta().mlflowRunId() == null).orElse(false);
    }

    private boolean serverAvailable() {
        if (serverDown && mlflow.isReachable()) {
            LOG.info("MLflow at {} answers again; new runs go there", mlflow.uri());
            serverDown = false;
        }
        return !serverDown;
    }

    void markDown(TrackerUnavailableException e) {
        if (!serverDown) LOG.warn("{}; continuing in the local store {}", e.getMessage(), local.root());
        serverDown = true;
    }

    @Override
    public Optional<RunRecord> findRun(String experiment, String runName) {
        Optional<RunRecord> pending = pendingRuns(experiment).values().stream()
                .filter(r -> r.runName().equals(runName)).reduce((a, b) -> b);
        if (pending.isPresent()) return pending;
        try {
            return mlflow.findRun(experiment, runName);
        } catch (TrackerUnavailableException e) {
            markDown(e);
            return local.findRun(experiment, runName);
        }
    }

    @Override
    public Optional<RunRecord> findRunByTags(String experiment, Map<String, String> tags) {
        Optional<RunRecord> pending = pendingRuns(experiment).values().stream()
                .filter(r -> r.tags().entrySet().containsAll(tags.entrySet())).reduce((a, b) -> b);
        if (pending.isPresent()) return pending;
        try {
            return mlflow.findRunByTags(experiment, tags);
        } catch (TrackerUnavailableException e) {
            markDown(e);
            return local.findRunByTags(experiment, tags);
        }
    }

    /** The local copy: every run is written there first, so it is never behind the server's. */
    @Override
    public Optional<RunRecord> getRun(String experiment, String runId) {
        return local.getRun(experiment, runId);
    }

    /** Reopens the local copy, and the server's run when it has one and answers; else the run waits for sync. */
    @Override
    public TrackedRun reopen(String experiment, String runId, String parentRunId) {
        LocalRun mirror = local.localRun(experiment, runId).orElseThrow(() -> new TrackerException("no run " + runId
                + " of experiment '" + experiment + "' in " + local.root()));
        LocalRunMeta m = mirror.meta();
        mirror.reopen(parentRunId);
        String remoteParent = parentRunId == null ? null
                : local.localRun(experiment, parentRunId).map(p -> p.meta().mlflowRunId()).orElse(null);
        boolean parentOk = parentRunId == null || remoteParent != null;
        if (m.mlflowRunId() != null && m.syncState() == SyncState.SYNCED && parentOk && serverAvailable()) {
            try {
                return new FallbackRun(this, mlflow.reopenRun(m.mlflowRunId(), remoteParent), mirror);
            } catch (TrackerUnavailableException e) {
                markDown(e);
            }
        }
        if (m.syncState() != SyncState.LOCAL_ONLY) mirror.updateSync(SyncState.PENDING, mlflow.uri(), m.mlflowRunId());
        return new FallbackRun(this, null, mirror);
    }

    @Override
    public List<RunRecord> listRuns(String experiment, String parentRunId) {
        Map<String, RunRecord> pending = pendingRuns(experiment);
        List<RunRecord> remote;
        try {
            remote = mlflow.listRuns(experiment, parentRunId);
        } catch (TrackerUnavailableException e) {
            markDown(e);
            return local.listRuns(experiment, parentRunId);
        }
        // The local copy of a pending run is the newer one; runs the server never saw are added.
        Map<String, RunRecord> merged = new LinkedHashMap<>();
        for (RunRecord r : remote) merged.put(r.runId(), pending.getOrDefault(r.runId(), r));
        for (RunRecord r : local.listRuns(experiment, parentRunId)) {
            if (pending.containsKey(r.runId())) merged.putIfAbsent(r.runId(), r);
        }
        List<RunRecord> out = new ArrayList<>(merged.values());
        out.sort(java.util.Comparator.comparing(RunRecord::runName));
        return out;
    }

    /** Local runs of the experiment still waiting for sync, by run id, oldest first. */
    private Map<String, RunRecord> pendingRuns(String experiment) {
        Map<String, RunRecord> out = new LinkedHashMap<>();
        List<LocalRun> runs = new ArrayList<>(local.allRuns());
        runs.removeIf(r -> !r.meta().experiment().equals(experiment) || r.meta().syncState() != SyncState.PENDING);
        runs.sort(java.util.Comparator.comparingLong(r -> r.meta().startTime()));
        for (LocalRun r : runs) {
            out.put(r.runId(), LocalStoreTracker.record(r.dir(), r.meta()));
        }
        return out;
    }

    @Override
    public String describe() {
        return "mlflow " + mlflow.uri() + " (local fallback " + local.root() + ")";
    }

    @Override
    public void close() {
        mlflow.close();
    }

    /** Writes locally first, then to the server until the server fails; after that locally only. */
    static final class FallbackRun implements TrackedRun {
        private final FallbackTracker owner;
        private final LocalRun local;
        private volatile MlflowRun remote;

        FallbackRun(FallbackTracker owner, MlflowRun remote, LocalRun local) {
            this.owner = owner;
            this.remote = remote;
            this.local = local;
        }

        @Override
        public String runId() {
            return local.runId();
        }

        @Override
        public long lastStep(String key) {
            return local.lastStep(key);
        }

        /** True while the server receives this run's records. */
        boolean onServer() {
            return remote != null;
        }

        Path localDir() {
            return local.dir();
        }

        private void remote(java.util.function.Consumer<MlflowRun> action) {
            MlflowRun r = remote;
            if (r == null) return;
            try {
                action.accept(r);
            } catch (TrackerUnavailableException e) {
                remote = null;
                local.updateSync(SyncState.PENDING, owner.mlflow.uri(), r.runId());
                owner.markDown(e);
            }
        }

        @Override
        public void logParams(Map<String, String> params) {
            local.logParams(params);
            remote(r -> r.logParams(params));
        }

        @Override
        public void logMetrics(List<MetricPoint> points) {
            local.logMetrics(points);
            remote(r -> r.logMetrics(points));
        }

        @Override
        public void setTag(String key, String value) {
            local.setTag(key, value);
            remote(r -> r.setTag(key, value));
        }

        @Override
        public void logArtifact(Path file, String artifactDir) {
            local.logArtifact(file, artifactDir);
            remote(r -> r.logArtifact(file, artifactDir));
        }

        @Override
        public void end(RunStatus status) {
            local.end(status);
            remote(r -> r.end(status));
        }
    }
}
