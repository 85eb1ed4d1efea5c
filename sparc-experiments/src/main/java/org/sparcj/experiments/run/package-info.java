/**
 * One run: {@link org.sparcj.experiments.run.RunPipeline} (data, split, model, training with
 * progress bar, batched metrics and checkpoints, evaluation, artifacts, final status) and the
 * files it keeps per run ({@link org.sparcj.experiments.run.RunDirectory}). Data, model and
 * evaluator come in through small interfaces bound in {@code org.sparcj.experiments.wiring}.
 */
package org.sparcj.experiments.run;
