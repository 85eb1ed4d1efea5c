/**
 * SPARC's evaluation suite (docs/METHOD.md, the "Metrics" sections):
 * {@link org.sparcj.eval.SparcEvaluator} runs it over an analysis set and returns an {@link org.sparcj.eval.EvaluationReport} (typed parts,
 * {@code flatMetrics()} for tracking, {@code toJson()}); every metric is also a public pure function
 * on hand-made inputs ({@link org.sparcj.eval.DeadLatents}, {@link org.sparcj.eval.ActivationPatterns},
 * {@link org.sparcj.eval.HierarchicalJaccard}, {@link org.sparcj.eval.ConceptAssignment},
 * {@link org.sparcj.eval.OneDimProbe}, {@link org.sparcj.eval.MlpProbe}, {@link org.sparcj.eval.Retrieval},
 * {@link org.sparcj.eval.NmseMatrix}).
 *
 * <p>Which codes: dead latents, activation patterns, Jaccard, concepts, probes and the NMSE matrix use
 * the model's joint encoding (its trained selection mode). Retrieval encodes every stream on its own:
 * under Global TopK the joint encoding gives both members of a pair the same indices (R@1 near 1).
 * A latent "fires" when its value is non-zero (ReLU comes after selection, so a kept latent may be 0).
 *
 * <p>Choices the spec leaves open, made here:
 * <ul>
 * <li>Jaccard: only samples with at least one label are counted (top-N mode: the top N of those); a
 *     latent is active in a stream when it was counted there at least once; labels may be any
 *     taxonomy node, and a node shallower than the depth stays itself.</li>
 * <li>Concepts: the top N samples are taken among all samples where the latent fires; an unlabelled
 *     one counts as taken and carries nothing. Ties between classes go to the lowest class index, ties
 *     in activation to the earlier sample.</li>
 * <li>1-D probe: negatives are samples not carrying the class; one split per class shared by all
 *     streams; the logistic fit has scikit-learn's default penalty (C = 1 on the weight, none on the
 *     intercept); a class whose split leaves a part without positives or negatives is skipped; with
 *     no candidate latent the feature is 0 (intercept only).</li>
 * <li>MLP probe: "raw" is the unit-norm input (the model's space); a TensorFlow graph fed from one seeded random source; off by
 *     default because it is slow at paper scale.</li>
 * <li>Retrieval: ties count against the query (rank = 1 + others scoring at least as high); the raw
 *     baseline is computed only between streams of the same width; a gallery cap takes a seeded
 *     random subset (default 0: the whole analysis set, as the official code).</li>
 * <li>NMSE: samples whose target is all zero are skipped and counted.</li>
 * </ul>
 */
package org.sparcj.eval;
