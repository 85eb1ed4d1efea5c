/**
 * Taking a trained model out of SPARC-J (docs/EXPORT.md): every parameter with its shape and dtype
 * under documented names, or under the official PyTorch model's state_dict names, in a safetensors
 * or NumPy .npz file with the run's settings and provenance as metadata ({@link org.sparcj.experiments.export.ModelExport});
 * and the latent codes of a feature store as sparse .npy pairs ({@link org.sparcj.experiments.export.CodeExport}).
 */
package org.sparcj.experiments.export;
