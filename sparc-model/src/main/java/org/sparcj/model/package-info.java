/**
 * The SPARC model in TensorFlow Java (docs/METHOD.md, from Input scaling to Training loop).
 * <ul>
 *   <li>{@link org.sparcj.model.SparcModel}: creates, trains, checkpoints and restores one model;
 *       configured by {@link org.sparcj.model.SparcConfig} (defaults in this module's reference.conf);
 *       reports through {@link org.sparcj.model.TrainingListener}.</li>
 *   <li>{@link org.sparcj.model.SparseAutoencoder}: the inference view (encode per stream, jointly, or
 *       both from one pass; decode), returning {@link org.sparcj.model.SparseCodes}.</li>
 *   <li>The graph ({@code SparcGraph}) is a short sequence of the method's named pieces:
 *       {@code SparcParameters}, {@code Encoder}, {@code TopKSelection} ({@code LocalTopK} /
 *       {@code GlobalTopK}, the only place the mode is branched on), {@code Decoder}, {@code SparcLoss},
 *       {@code DecoderConstraint}, {@code Adam}, {@code DeadLatents} (graph side) and
 *       {@code DeadLatentCounters} (host side), joined by {@code TrainingStep}; the registered sparse
 *       gradients are {@code KeptLogitsGradient} and {@code SparseDecodeGradient}, over the kept
 *       latents' coordinates in latent order ({@code SparseCoordinates}).</li>
 *   <li>{@link org.sparcj.model.StepTiming} times a training step at paper scale ({@code bin/sparc bench})
 *       against its floor (the encoder matmul plus Adam); its profile sums op time by the build step that
 *       made each op ({@code GraphStages}).</li>
 * </ul>
 */
package org.sparcj.model;
