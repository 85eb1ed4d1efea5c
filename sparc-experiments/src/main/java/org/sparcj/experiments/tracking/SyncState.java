package org.sparcj.experiments.tracking;

/** How a run in the local store relates to an MLflow server. */
public enum SyncState {
    /** Recorded only locally (no server configured); {@code sync} uploads it only when asked to. */
    LOCAL_ONLY,
    /** The server missed part of it (it was unreachable); {@code sync} uploads what is missing. */
    PENDING,
    /** Everything recorded locally is also on the server. */
    SYNCED
}
