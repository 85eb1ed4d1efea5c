/**
 * Guice wiring, one module per concern: {@link org.sparcj.experiments.wiring.CoreModule} (config
 * loader, the process's stop signal), {@link org.sparcj.experiments.wiring.DataModule} (the data
 * sources by their {@code sparc.data.source} value), {@link org.sparcj.experiments.wiring.TrackingModule}
 * ({@link org.sparcj.experiments.wiring.Trackers}: MLflow with the local store as fallback, or the
 * local store alone). The CLI builds its commands through this injector.
 */
package org.sparcj.experiments.wiring;
