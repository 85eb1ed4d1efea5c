package org.sparcj.experiments.tracking;

import java.util.Map;
import java.util.TreeMap;

/**
 * The meta.json of a run in the local store. {@code mlflowRunId}/{@code mlflowUri} say where the
 * run lives on a server once it has been created there (null before).
 */
record LocalRunMeta(String runId, String runName, String experiment, String parentRunId, RunStatus status,
                    long startTime, Long endTime, Map<String, String> tags, SyncState syncState,
                    String mlflowUri, String mlflowRunId) {

    LocalRunMeta {
        tags = new TreeMap<>(tags == null ? Map.of() : tags);
    }

    LocalRunMeta withStatus(RunStatus s, Long end) {
        return new LocalRunMeta(runId, runName, experiment, parentRunId, s, startTime, end, tags, syncState,
                mlflowUri, mlflowRunId);
    }

    LocalRunMeta reopened(String parent) {
        return new LocalRunMeta(runId, runName, experiment, parent == null ? parentRunId : parent, RunStatus.RUNNING,
                startTime, null, tags, syncState, mlflowUri, mlflowRunId);
    }

    LocalRunMeta withTag(String key, String value) {
        Map<String, String> t = new TreeMap<>(tags);
        t.put(key, value);
        return new LocalRunMeta(runId, runName, experiment, parentRunId, status, startTime, endTime, t, syncState,
                mlflowUri, mlflowRunId);
    }

    LocalRunMeta withSync(SyncState state, String uri, String remoteRunId) {
        return new LocalRunMeta(runId, runName, experiment, parentRunId, status, startTime, endTime, tags, state,
                uri, remoteRunId);
    }
}
