/**
 * The SPARC model in TensorFlow Java (docs/METHOD.md, from Input scaling to Training loop).
 * <ul>
 *   <li>{@link org.sparcj.model.SparcModel}: creates, trains, checkpoints and restores one model;
 *       configured by {@link org.sparcj.model.SparcConfig} (official defaults); reports through
 *       {@link org.sparcj.model.TrainingListener}.</li>
 *   <li>{@link org.sparcj.model.SparseAutoencoder}: the inference view (encode per stream or jointly,
 *       decode), returning {@link org.sparcj.model.SparseCodes}.</li>
 *   <li>The graph itself ({@code SparcGraph}) with its registered sparse gradients
 *       ({@code KeptLogitsGradient}, {@code SparseDecodeGradient}); {@link org.sparcj.model.ModelBenchmark}
 *       times a training step at paper scale.</li>
 * </ul>
 */
package org.sparcj.model;
