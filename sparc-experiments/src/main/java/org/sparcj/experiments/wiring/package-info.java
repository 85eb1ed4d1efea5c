/**
 * Guice wiring, one module per concern: {@link org.sparcj.experiments.wiring.DataModule} (synthetic
 * benchmark or feature store), {@link org.sparcj.experiments.wiring.ModelModule} (SparcModel),
 * {@link org.sparcj.experiments.wiring.EvalModule} (SparcEvaluator),
 * {@link org.sparcj.experiments.wiring.TrackingModule} (MLflow or the local store). Only this
 * module uses Guice.
 */
package org.sparcj.experiments.wiring;
