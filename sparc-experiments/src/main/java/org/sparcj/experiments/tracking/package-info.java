/**
 * Where runs are recorded.
 *
 * <p>{@link org.sparcj.experiments.tracking.TrackerFactory#open} picks the tracker: with an
 * MLflow URI (configured, or MLFLOW_TRACKING_URI) a {@link org.sparcj.experiments.tracking.FallbackTracker}
 * (MLflow, mirrored into the local store, which takes over when the server stops answering);
 * without one the embedded {@link org.sparcj.experiments.tracking.LocalStoreTracker} under
 * results/local-store. {@link org.sparcj.experiments.tracking.SyncService} later uploads what a
 * server missed. A grid is a parent run with one child run per cell; every run carries
 * {@link org.sparcj.experiments.tracking.RunTags#standard} (git commit, config hash, user). A resumed
 * run continues its tracker run ({@link org.sparcj.experiments.tracking.Tracker#reopen}).
 * {@link org.sparcj.experiments.tracking.MlflowCredentials} carries basic or bearer auth and keeps
 * user info out of everything printed or stored.
 *
 * <p>A local MLflow server for development and the integration tests: {@code scripts/mlflow-server.sh start}.
 */
package org.sparcj.experiments.tracking;
