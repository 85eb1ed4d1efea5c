package org.sparcj.experiments.tracking;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Where runs are recorded: an MLflow server or the embedded local store under results/. */
public interface Tracker extends AutoCloseable {

    /** Starts a run in {@code experiment}; {@code parentRunId} (nullable) makes it a nested child run. */
    TrackedRun startRun(String experiment, String runName, String parentRunId, Map<String, String> tags);

    /** The newest run of that name in the experiment, if any (used to skip finished grid cells). */
    Optional<RunRecord> findRun(String experiment, String runName);

    /** The newest run carrying all of {@code tags} (grid cells: {@code sparc.grid} and {@code sparc.cell}). */
    Optional<RunRecord> findRunByTags(String experiment, Map<String, String> tags);

    /** The run of that id, if the tracker has it. */
    Optional<RunRecord> getRun(String experiment, String runId);

    /**
     * Continues an existing run: back to RUNNING, filed under {@code parentRunId} when not null, so a
     * resumed run is the same run in the tracker.
     */
    TrackedRun reopen(String experiment, String runId, String parentRunId);

    /** All runs of an experiment; with a parent id, only its children. */
    List<RunRecord> listRuns(String experiment, String parentRunId);

    /** A short description for logs, e.g. "mlflow http://127.0.0.1:5000" or "local results/local-store". */
    String describe();

    @Override
    default void close() {
    }
}
