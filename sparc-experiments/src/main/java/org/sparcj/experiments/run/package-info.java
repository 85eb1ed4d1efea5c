/**
 * One run: {@link org.sparcj.experiments.run.RunPipeline} (data, split, model, training with
 * progress bar, batched metrics and checkpoints, evaluation, artifacts, final status) and the
 * files it keeps per run ({@link org.sparcj.experiments.run.RunDirectory}). The data comes from the
 * {@link org.sparcj.experiments.run.DataSource} that {@code sparc.data.source} names (bound by name
 * in {@code org.sparcj.experiments.wiring}); the model is sparc-model's SparcModel, the evaluation
 * sparc-eval's SparcEvaluator. {@link org.sparcj.experiments.run.RunLock} keeps one writer per run
 * directory; {@link org.sparcj.experiments.run.DataSources#check} validates a run's data before any
 * tracker run exists (docs/RELIABILITY.md).
 */
package org.sparcj.experiments.run;
